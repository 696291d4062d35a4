#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "cascade/core/replysource.h"
#include "cascade/project/project.h"

namespace cascade {

class RunStore;
class RunReader;

// recordings/*.jsonl: {"model": alias, "stage": id, "request": body, "response": reply} per
// line, or {"stage": id, "request", "response"} for a rerank stage's endpoint ({"_comment": ...}
// lines are skipped); "rejected": why, on a reply a stage rejected (replayed offline only). The
// cache key is computed from the project's current config for the alias (or the stage's endpoint),
// so recordings replay wherever the model is pointed. The project's recordings/ enter the cache as
// "recorded" replies, which only offline and replay runs are served; a file the user imports
// (cascade cache import) as "imported".
class Recordings {
public:
    struct ImportResult {
        int imported = 0;  // new cache entries
        int known = 0;     // already cached
        std::vector<std::string> warnings;
    };

    static ImportResult import_project(const Project& project, RunStore& store);
    static ImportResult import_file(const Project& project, RunStore& store,
                                    const std::filesystem::path& file,
                                    ReplySource source = ReplySource::Recorded);
    // Writes every successful call of a run as recording lines; returns how many.
    static int export_run(const Project& project, RunReader& reader, std::int64_t run_id,
                          const std::filesystem::path& out, const std::string& comment);
};

}  // namespace cascade
