#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cascade/core/json.h"
#include "cascade/project/modelconfig.h"

namespace cascade {

// Mirrors cascade::IndexParams (index module), which the project layer does not depend on.
struct CorpusIndexConfig {
    int M = 12;
    int ef_construction = 100;
    int ef_search = 128;
    int shards = 2;
};

struct CorpusConfig {
    std::string name;
    std::string path;    // relative to the project folder
    std::string recipe;  // optional: generates `path` when missing or older
    std::string embedder;
    CorpusIndexConfig index;
};

struct InputsConfig {
    std::string path;
    std::string id_field = "id";
};

// One stage after the variant is applied. Kind-specific keys stay in `spec`, which each stage
// kind reads and validates itself; files it names are loaded here so runs never touch disk for
// them mid-way.
struct StageConfig {
    std::string id;
    std::string kind;
    int index = 0;
    std::string from;  // the stage whose kept items it reads; empty: the previous one
    Json spec;         // the stage's JSON object, as resolved
    std::string json_path;  // "/stages/3", for diagnostics
    std::map<std::string, std::string> files;  // spec key ("prompt", "system") -> file text
    std::optional<Json> schema;                // output.schema, loaded
};

struct Project {
    std::filesystem::path dir;
    std::string name;
    std::string description;
    std::string variant;  // applied variant, empty for the base config
    Json document;        // cascade.json as written (key order kept), for saving back
    Json resolved;        // the config this run uses: variant applied, secrets stripped
    InputsConfig inputs;
    std::vector<Json> input_rows;
    std::map<std::string, ModelConfig> models;
    std::map<std::string, EmbedderConfig> embedders;
    std::map<std::string, CorpusConfig> corpora;
    std::vector<StageConfig> stages;
    std::vector<std::string> variant_names;

    const StageConfig* stage(const std::string& id) const;
    int stage_index(const std::string& id) const;
    std::filesystem::path store_path() const { return dir / "runs.sqlite"; }
    // The input row's id as a string, whatever JSON type the file used.
    std::string input_id(const Json& row) const;
};

}  // namespace cascade
