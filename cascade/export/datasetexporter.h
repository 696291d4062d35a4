#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace cascade {

class RunReader;

struct DatasetOptions {
    // Only calls with an item labelled "keep" and none labelled "drop" in this stage.
    bool labelled_only = false;
};

struct DatasetResult {
    std::int64_t lines = 0;
    std::int64_t skipped_unlabelled = 0;  // with labelled_only
    std::int64_t skipped_failed = 0;      // calls whose items are not kept
};

// A fine-tuning set from a generate stage: each call that produced kept items becomes one
// chat-format JSONL line, {"messages": [the request's system/user messages..., {"role":
// "assistant", "content": the reply}]}, so a student model can learn a teacher's outputs.
// A call repaired after a rejected reply contributes its original prompt and its final, valid
// reply (the repair turns are not what a student should learn). An exploded call (several
// items) is one line.
class DatasetExporter {
public:
    static DatasetResult write(RunReader& reader, std::int64_t run_id, const std::string& stage,
                               const std::filesystem::path& out,
                               const DatasetOptions& options = {});
};

}  // namespace cascade
