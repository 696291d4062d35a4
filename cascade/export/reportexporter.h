#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace cascade {

class RunReader;
class RunComparison;

struct ReportOptions {
    int max_filtered_per_stage = 200;  // filtered items listed per stage (the rest counted)
    const RunComparison* comparison = nullptr;  // adds a comparison section when set
};

// A run report as one self-contained HTML file (no scripts, no external files): the run's
// totals, a per-stage table, inline SVG charts of kept/filtered and cost per stage, the items
// each gate filtered with their reasons, and optionally a comparison with another run.
class ReportExporter {
public:
    static std::string html(RunReader& reader, std::int64_t run_id,
                            const ReportOptions& options = {});
    static void write(RunReader& reader, std::int64_t run_id, const std::filesystem::path& out,
                      const ReportOptions& options = {});
};

}  // namespace cascade
