#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "cascade/core/json.h"
#include "cascade/project/project.h"

namespace cascade {

class RunReader;

struct ExportedConfig {
    Json document;    // a clean cascade.json: no secrets, no bookkeeping keys
    Json provenance;  // where it came from: the run (and its totals) or the project and variant
};

// A tuned configuration as a cascade.json that can be dropped into a project folder and run.
// The provenance goes into a side file (cascade.json -> cascade.provenance.json), because the
// project loader warns about keys it does not know.
class ConfigExporter {
public:
    // The config a stored run resolved (variant applied, secrets already stripped).
    static ExportedConfig from_run(RunReader& reader, std::int64_t run_id);
    // A project's current document, with a variant baked in when one is named (the variants
    // themselves are then dropped: they patch the base config, not the baked one).
    static ExportedConfig from_project(const Project& project, const std::string& variant = {});

    // Writes the document, and the provenance beside it; returns the provenance file's path.
    static std::filesystem::path write(const ExportedConfig& config,
                                       const std::filesystem::path& out);
    static std::filesystem::path provenance_path(const std::filesystem::path& out);
};

}  // namespace cascade
