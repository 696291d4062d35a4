#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cascade/core/item.h"
#include "cascade/project/projectloader.h"
#include "cascade/run/stage.h"

namespace cascade {

// A numeric gate setting that can be swept from stored scores without new model calls.
struct ThresholdSpec {
    std::string param;  // the stage spec key, e.g. "threshold" or "min_score"
    std::string label;  // for charts and sliders
    double min = 0.0;
    double max = 1.0;
    double step = 0.01;
};

struct StageKind {
    // The keep decision per stored item (in stage order) if `param` were `value`.
    using KeptAt = std::function<std::vector<bool>(const std::string& param, double value)>;
    using PrepareSweep = std::function<KeptAt(const StageConfig&, const std::vector<Item>&)>;
    using RecomputeKept = std::function<std::vector<bool>(
        const StageConfig&, const std::vector<Item>&, const std::string& param, double value)>;

    std::string name;         // the "kind" in cascade.json
    std::string description;  // one line, for the GUI and `cascade validate`
    bool is_gate = false;     // passes items through, marking kept/filtered
    std::function<std::unique_ptr<Stage>(const StageConfig&)> create;
    StageValidator validate;  // may be empty
    std::vector<ThresholdSpec> thresholds;
    // Gates only: reads item.scores once into flat arrays and returns the decision at any value,
    // a pure function of its arguments that may be called from several threads. The stage's
    // run() decides through the same logic, so a sweep matches a re-run item for item.
    PrepareSweep prepare_sweep;
    // One decision computed from item.scores alone; one_off_recompute() builds it from
    // prepare_sweep. A kind may set this without prepare_sweep.
    RecomputeKept recompute_kept;
};

// recompute_kept for a kind with prepare_sweep: prepares, then decides once.
StageKind::RecomputeKept one_off_recompute(StageKind::PrepareSweep prepare);

// Stage kinds plug in here; the executor only ever asks the registry. Engine::make_registry()
// registers the built-in kinds.
class StageRegistry {
public:
    void add(StageKind kind);
    const StageKind* find(const std::string& name) const;
    std::vector<std::string> names() const;
    // Dispatches to the kind's validator, for ProjectLoader.
    StageValidator validator() const;

private:
    std::map<std::string, StageKind> kinds_;
};

}  // namespace cascade
