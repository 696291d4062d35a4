#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cascade/project/projectloader.h"
#include "cascade/run/stage.h"

namespace cascade {

struct StageKind {
    std::string name;         // the "kind" in cascade.json
    std::string description;  // one line, for the GUI and `cascade validate`
    bool is_gate = false;     // passes items through, marking kept/filtered
    std::function<std::unique_ptr<Stage>(const StageConfig&)> create;
    StageValidator validate;  // may be empty
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
