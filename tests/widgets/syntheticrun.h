#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

// Test and benchmark fixtures for the inspector and the review: a loadable project folder and
// runs written straight into its store with cascade::RunStore (no engine, no model calls).
namespace synthetic {

// A small valid project (two generate stages) in dir; its store is dir/runs.sqlite.
void write_project(const std::filesystem::path& dir);

// A hand-made run over two inputs, in pipeline order input -> themes -> candidates ->
// keywords -> judge, with calls, scores and readable reasons:
//   judge filters u1/themes/0/keywords/0 ("judge score 2 < 3: ...") and
//   u2/themes/0/keywords/0 ("judge score 1 < 3: ..."), keeps u1/themes/1/keywords/0, and has
//   one error (u2/themes/1/keywords/0). Returns the run id.
std::int64_t write_small_run(const std::string& store_path);

// One stage ("keywords") of `items` items: ~70% kept, ~25% filtered, ~5% errors, with titles,
// keyword lists, scores and reasons of realistic length. Returns the run id.
std::int64_t write_big_run(const std::string& store_path, int items);

}  // namespace synthetic
