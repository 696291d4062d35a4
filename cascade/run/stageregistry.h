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
    std::string name;         // the "kind" in cascade.json
    std::string description;  // one line, for the GUI and `cascade validate`
    bool is_gate = false;     // passes items through, marking kept/filtered
    std::function<std::unique_ptr<Stage>(const StageConfig&)> create;
    StageValidator validate;  // may be empty
    std::vector<ThresholdSpec> thresholds;
    // Gates only: the keep decision for a stage's stored items (in stage order) if `param` were
    // `value`, computed from item.scores alone. The stage's run() decides through the same
    // function, so a sweep matches a re-run item for item.
    std::function<std::vector<bool>(const StageConfig&, const std::vector<Item>&,
                                    const std::string& param, double value)>
        recompute_kept;
};

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
