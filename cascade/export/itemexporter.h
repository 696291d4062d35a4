#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace cascade {

class RunReader;

// A stage's items as CSV (one row per item; scores and data as JSON text in their cells) or
// as a JSON array of objects. Streams the stage page by page, so big stages export in bounded
// memory. Both return the number of items written.
class ItemExporter {
public:
    static std::int64_t write_csv(RunReader& reader, std::int64_t run_id, const std::string& stage,
                                  const std::filesystem::path& out);
    static std::int64_t write_json(RunReader& reader, std::int64_t run_id, const std::string& stage,
                                   const std::filesystem::path& out);
};

}  // namespace cascade
