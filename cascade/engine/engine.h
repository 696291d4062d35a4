#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "cascade/core/eventsink.h"
#include "cascade/core/runcontext.h"
#include "cascade/project/diagnostics.h"
#include "cascade/project/project.h"
#include "cascade/run/runoptions.h"
#include "cascade/run/stageregistry.h"

namespace cascade {

struct OpenedProject {
    std::optional<Project> project;  // empty when the diagnostics hold errors
    Diagnostics diagnostics;
};

// The one door the CLI and the GUI use into the engine. Plain values in and out; long calls
// take a RunContext (progress, cancel) and an EventSink, and run on the caller's thread.
class Engine {
public:
    Engine();

    const StageRegistry& registry() const { return registry_; }

    OpenedProject open(const std::filesystem::path& dir, const std::string& variant = {}) const;

    // Imports the project's recordings into the cache, then runs. Returns the run id.
    std::int64_t run(const Project& project, const RunOptions& options, RunContext& context,
                     EventSink& sink) const;

    static std::string version();

private:
    StageRegistry registry_;
};

}  // namespace cascade
