#pragma once

#include <CLI/CLI.hpp>

#include "cascade/engine/engine.h"
#include "commands.h"

// The tuning loop on the command line: compare, sweep, estimate and export. Each add_* call
// registers one subcommand whose callback stores its exit code in exit_code.
namespace cascade::cli {

void add_compare_command(CLI::App& app, const Engine& engine, int& exit_code);
void add_sweep_command(CLI::App& app, const Engine& engine, int& exit_code);
void add_estimate_command(CLI::App& app, const Engine& engine, int& exit_code);
void add_export_command(CLI::App& app, const Engine& engine, int& exit_code);
void add_index_command(CLI::App& app, const Engine& engine, int& exit_code);

// `cascade run ... --estimate`: prints the estimate table for the run it would make.
int estimate_command(const Engine& engine, const RunArgs& args);

}  // namespace cascade::cli
