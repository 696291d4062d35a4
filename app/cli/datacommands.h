#pragma once

#include <CLI/CLI.hpp>

#include "cascade/engine/engine.h"

// Commands over what a project's store keeps besides runs: the review labels (cascade label)
// and the response cache (cascade cache). Each add_* call registers one subcommand whose
// callback stores its exit code in exit_code.
namespace cascade::cli {

void add_label_command(CLI::App& app, const Engine& engine, int& exit_code);
void add_cache_command(CLI::App& app, const Engine& engine, int& exit_code);

}  // namespace cascade::cli
