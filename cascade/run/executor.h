#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "cascade/core/eventsink.h"
#include "cascade/core/runcontext.h"
#include "cascade/project/project.h"
#include "cascade/run/runoptions.h"
#include "cascade/run/stageregistry.h"
#include "cascade/run/stageresources.h"
#include "cascade/store/runstore.h"

namespace cascade {

// Runs a project's stages in order over its inputs, storing every item and call. Each stage
// finishes before the next starts; a stage whose fingerprint (resolved config + input items)
// matches a finished stage of an earlier run is copied from it instead of executed.
class Executor {
public:
    Executor(const Project& project, const StageRegistry& registry, RunStore& store,
             StageResources* resources, EventSink& sink);

    // Returns the run id. Never throws for a failing stage: the run ends "failed" with a
    // message and an issue event. Cancellation ends it "cancelled", keeping what finished.
    std::int64_t run(const RunOptions& options, RunContext& context);

    // Hash of a stage's resolved config, its files, the configs it refers to and its inputs.
    static std::string fingerprint(const Project& project, const StageConfig& stage,
                                   const std::vector<Item>& inputs);

private:
    std::vector<Item> make_inputs(const RunOptions& options) const;
    void remember(std::vector<Item> items);
    std::vector<Item> kept_of(const std::string& stage) const;

    const Project& project_;
    const StageRegistry& registry_;
    RunStore& store_;
    StageResources* resources_;
    EventSink& sink_;
    // Every item of this run by (stage, key), for template ancestors and the next stage's input.
    std::unordered_map<std::string, Item> items_;
    std::map<std::string, std::vector<std::string>> keys_by_stage_;
};

}  // namespace cascade
