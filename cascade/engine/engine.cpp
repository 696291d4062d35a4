#include "cascade/engine/engine.h"

#include "cascade/core/error.h"
#include "cascade/engine/projectresources.h"
#include "cascade/engine/recordings.h"
#include "cascade/project/projectloader.h"
#include "cascade/run/executor.h"
#include "cascade/stages/builtinstages.h"
#include "cascade/store/runstore.h"

namespace cascade {

Engine::Engine() { register_builtin_stages(registry_); }

std::string Engine::version() { return CASCADE_VERSION; }

OpenedProject Engine::open(const std::filesystem::path& dir, const std::string& variant) const {
    OpenedProject opened;
    LoadOptions options;
    options.variant = variant;
    options.known_kinds = registry_.names();
    options.validate_stage = registry_.validator();
    opened.project = ProjectLoader::load(dir, options, opened.diagnostics);
    return opened;
}

std::int64_t Engine::run(const Project& project, const RunOptions& options, RunContext& context,
                         EventSink& sink) const {
    if (options.offline && options.refresh)
        throw Error("an offline run cannot refresh the cache: refreshing sends every call again");
    RunStore store(project.store_path().string());
    const auto imported = Recordings::import_project(project, store);
    for (const auto& warning : imported.warnings)
        sink.issue(RunIssue{RunIssue::Severity::Warning, "", "", "recordings: " + warning});
    ProjectResources resources(project, context, &sink);
    resources.set_store(&store);
    resources.set_offline(options.offline);
    Executor executor(project, registry_, store, &resources, sink);
    return executor.run(options, context);
}

}  // namespace cascade
