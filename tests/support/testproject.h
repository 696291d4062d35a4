#pragma once

#include <filesystem>
#include <string>

#include "cascade/core/json.h"

namespace cascade::testing {

// Writes a file (creating folders) below a project directory; for tests that build projects.
void write_file(const std::filesystem::path& path, const std::string& text);

// A two-stage project ("ideas": JSON exploded by /ideas, then "pitch": text) over `inputs`
// product rows, pointing its one model "writer" at base_url. Returns the cascade.json document
// so a test can change it and write it back with write_project().
Json write_two_stage_project(const std::filesystem::path& dir, const std::string& base_url,
                             int inputs);
void write_project(const std::filesystem::path& dir, const Json& document);

}  // namespace cascade::testing
