#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cascade/core/item.h"
#include "cascade/project/project.h"
#include "cascade/run/stageregistry.h"
#include "cascade/store/storerecords.h"

namespace cascade {

class RunReader;

struct SweepPoint {
    double value = 0.0;
    std::int64_t kept = 0;
    std::int64_t filtered = 0;  // errors are neither kept nor filtered
    // Against the review labels, taking "filtered" as the positive class (see ThresholdSweep).
    std::int64_t true_filtered = 0;   // filtered and should be
    std::int64_t false_filtered = 0;  // filtered but should be kept
    std::int64_t missed = 0;          // kept but should be filtered
    std::optional<double> precision;  // empty when nothing labelled is filtered
    std::optional<double> recall;     // empty when no labelled item should be filtered
    std::optional<double> agreement;  // share of labelled items decided as labelled
};

// Recomputes a gate's keep/filter decisions from the scores stored with its items, through the
// stage kind's own decision (prepare_sweep, else recompute_kept: the logic its run() decides
// with), so the result matches a re-run at that value item for item, with no model calls.
//
// Review labels are ground truth about an item's content ("keep" / "drop", see LabelStore),
// matched to the items by content hash, so they mean the same for every run. Precision and
// recall are those of "filtered" against that truth.
//
// Items are loaded (and their scores parsed) once, and prepare_sweep reads their scores into
// flat arrays once; each point is then one call of the decision it returned.
// The StageKind is held by reference: it lives in the Engine's registry.
class ThresholdSweep {
public:
    // labels: the ground truth; those of other stages are ignored.
    ThresholdSweep(const StageKind& kind, StageConfig config, std::vector<Item> items,
                   const std::vector<Label>& labels);

    // The stage of a stored run, configured as that run resolved it. Throws cascade::Error
    // when the stage is missing or its kind has no sweepable threshold.
    static ThresholdSweep load(const StageRegistry& registry, RunReader& reader,
                               std::int64_t run_id, const std::string& stage);

    const std::vector<ThresholdSpec>& thresholds() const { return kind_.thresholds; }
    // The spec for param (the first threshold when empty); throws for an unknown param.
    const ThresholdSpec& spec(const std::string& param = {}) const;
    // The value the run used: the stage config's value, or empty when it left the default.
    std::optional<double> current(const std::string& param = {}) const;

    const std::vector<Item>& items() const { return items_; }
    std::int64_t labelled() const { return static_cast<std::int64_t>(truth_.size()); }

    // Per item (in items() order): kept at that value. For live table statuses.
    std::vector<bool> kept_at(const std::string& param, double value) const;
    SweepPoint at(const std::string& param, double value) const;
    // from..to inclusive by step; each defaults to the ThresholdSpec's min, max and step.
    // The points are computed on several threads at once (the decision is pure).
    std::vector<SweepPoint> sweep(const std::string& param, std::optional<double> from = {},
                                  std::optional<double> to = {},
                                  std::optional<double> step = {}) const;

private:
    SweepPoint score(double value, const std::vector<bool>& kept) const;

    const StageKind& kind_;
    StageConfig config_;
    std::vector<Item> items_;
    std::vector<std::size_t> errors_;  // item indices: neither kept nor filtered at any value
    StageKind::KeptAt prepared_;       // from prepare_sweep; empty when the kind has none
    std::vector<std::pair<std::size_t, bool>> truth_;  // item index, should be filtered
};

}  // namespace cascade
