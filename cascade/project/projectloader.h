#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cascade/project/diagnostics.h"
#include "cascade/project/project.h"

namespace cascade {

// Checks what only a stage kind knows (its own keys); supplied by the stage registry.
using StageValidator = std::function<void(const Project&, const StageConfig&, Diagnostics&)>;

struct LoadOptions {
    std::string variant;                   // empty: the base config
    std::vector<std::string> known_kinds;  // empty: any kind accepted
    StageValidator validate_stage;
    bool load_inputs = true;
};

// Reads a project folder (cascade.json, prompt and schema files, JSONL inputs) into a Project,
// collecting every problem instead of stopping at the first.
class ProjectLoader {
public:
    static std::optional<Project> load(const std::filesystem::path& dir, const LoadOptions& options,
                                       Diagnostics& diagnostics);

    // Applies one variant's overrides on top of a cascade.json document (JSON merge patch per
    // stage id, or a replacement "stages" list). Reports unknown stage ids.
    static Json apply_variant(const Json& document, const std::string& variant,
                              Diagnostics& diagnostics);

    // Drops anything that looks like a credential before a config is stored or exported.
    static Json strip_secrets(Json config);

    static std::vector<Json> read_inputs(const std::filesystem::path& file,
                                         const std::string& display_name,
                                         const std::string& id_field, Diagnostics& diagnostics);
};

}  // namespace cascade
