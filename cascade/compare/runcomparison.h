#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cascade/core/eventsink.h"
#include "cascade/store/storerecords.h"

namespace cascade {

class RunReader;

// Which side a metric favours; kept and filtered counts favour neither (more is not better).
enum class Better { A, B, Same, Neither };
const char* to_string(Better better);

struct MetricDelta {
    std::string name;  // "cost", "tokens_in", ...
    double a = 0.0;
    double b = 0.0;
    double abs = 0.0;               // b - a
    std::optional<double> percent;  // (b - a) / a * 100; empty when a is 0
    Better better = Better::Neither;
};

struct StageComparison {
    enum class Presence { Both, OnlyA, OnlyB };  // OnlyA: removed in B; OnlyB: added in B
    std::string stage;
    std::string kind_a;  // empty when absent from A
    std::string kind_b;
    Presence presence = Presence::Both;
    StageCounters a;  // zeros where the stage is absent
    StageCounters b;
    std::vector<MetricDelta> metrics;  // one per RunComparison::stage_metrics() name
};

struct RunTotals {
    std::int64_t inputs = 0;
    std::int64_t kept = 0;  // kept by the last stage
    std::int64_t calls = 0;
    std::int64_t cache_hits = 0;
    std::int64_t tokens_in = 0;
    std::int64_t tokens_out = 0;
    double cost = 0.0;  // list cost of every call: paid plus what the cache saved
    double paid = 0.0;
    double cost_per_input = 0.0;
    double kept_per_input = 0.0;
};

// Two stored runs side by side: per-stage roll-ups aligned by stage id (a stage only in one
// run shows as removed or added, so a cascade compares with its monolithic variant), totals
// normalised per input, and a one-line verdict. Items are aligned by ItemAlignment.
//
// "cost" is the list price of the calls a run made, whether paid or served by the cache, so
// that a run replayed from the cache still compares on what its pipeline costs; "paid" is
// what was actually spent.
class RunComparison {
public:
    RunComparison(RunReader& reader, std::int64_t run_a, std::int64_t run_b);

    const RunRecord& run_a() const { return run_a_; }
    const RunRecord& run_b() const { return run_b_; }
    const std::vector<StageComparison>& stages() const { return stages_; }
    const RunTotals& totals_a() const { return totals_a_; }
    const RunTotals& totals_b() const { return totals_b_; }
    const std::vector<MetricDelta>& total_metrics() const { return total_metrics_; }
    // e.g. "B costs 18% less per input ($0.0021 vs $0.0026), keeps 6% fewer items per input."
    const std::string& verdict() const { return verdict_; }

    static const std::vector<std::string>& stage_metrics();
    static MetricDelta delta(std::string name, double a, double b);

private:
    void align_stages(const std::vector<StageRunRecord>& a, const std::vector<StageRunRecord>& b);
    static RunTotals totals_of(const RunRecord& run, const std::vector<StageRunRecord>& stages);
    std::string make_verdict() const;

    RunRecord run_a_;
    RunRecord run_b_;
    std::vector<StageComparison> stages_;
    RunTotals totals_a_;
    RunTotals totals_b_;
    std::vector<MetricDelta> total_metrics_;
    std::string verdict_;
};

}  // namespace cascade
