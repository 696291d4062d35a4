#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cascade/engine/engine.h"
#include "cascade/run/runoptions.h"

namespace cascade::cli {

// Exit codes: 0 success, 1 the project or the run failed, 2 bad usage, 130 cancelled (Ctrl-C).
int validate_command(const Engine& engine, const std::string& dir, const std::string& variant);

struct RunArgs {
    std::string dir;
    std::string variant;
    RunOptions options;
    bool quiet = false;
};
int run_command(const Engine& engine, const RunArgs& args);

int runs_command(const Engine& engine, const std::string& dir);

struct ShowArgs {
    std::string dir;
    std::int64_t run_id = 0;  // 0: latest
    std::string stage;
    std::string status;
    std::string text;
    int limit = 50;
    bool json = false;
};
int show_command(const Engine& engine, const ShowArgs& args);

int recordings_export_command(const Engine& engine, const std::string& dir, std::int64_t run_id,
                              const std::string& out);
int recordings_import_command(const Engine& engine, const std::string& dir);

// Opens a project, printing its diagnostics; nullopt (after printing) when it has errors.
std::optional<Project> open_or_report(const Engine& engine, const std::string& dir,
                                      const std::string& variant);
// Resolves 0 to the latest run; prints an error and returns 0 when there is none.
std::int64_t resolve_run(const Project& project, std::int64_t run_id);

}  // namespace cascade::cli
