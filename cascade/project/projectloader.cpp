#include "cascade/project/projectloader.h"

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "cascade/core/error.h"
#include "cascade/project/specreader.h"
#include "cascade/schema/schemavalidator.h"
#include "cascade/template/mustachetemplate.h"

namespace cascade {

namespace {

const char* kProjectFile = "cascade.json";

std::optional<std::string> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> names_of(const Json& object) {
    std::vector<std::string> names;
    if (object.is_object())
        for (const auto& [key, value] : object.items()) names.push_back(key);
    return names;
}

// Errors from parse_json and MustacheTemplate::parse lead with "name:line:col: ". Reports them
// with the file named once and "line:col" as the path; `line` replaces the line when non-zero.
void report_located(Diagnostics& diags, const std::string& file, const std::string& what,
                    int line = 0) {
    const std::string prefix = file + ":";
    std::size_t pos = what.rfind(prefix, 0) == 0 ? prefix.size() : std::string::npos;
    auto digits = [&](std::size_t at) {
        std::size_t end = at;
        while (end < what.size() && std::isdigit(static_cast<unsigned char>(what[end]))) ++end;
        return end;
    };
    if (pos != std::string::npos) {
        const std::size_t line_end = digits(pos);
        if (line_end > pos && line_end < what.size() && what[line_end] == ':') {
            const std::size_t column_end = digits(line_end + 1);
            if (column_end > line_end + 1 && what.compare(column_end, 2, ": ") == 0) {
                const std::string line_text =
                    line > 0 ? std::to_string(line) : what.substr(pos, line_end - pos);
                diags.error(file, line_text + what.substr(line_end, column_end - line_end),
                            what.substr(column_end + 2));
                return;
            }
        }
    }
    diags.error(file, "", what);
}

// `written` is the models object before secrets were stripped, so a key in it is reported.
void load_models(Project& project, const Json& written, Diagnostics& diags) {
    const Json& models = project.resolved["models"];
    for (const auto& [name, spec] : models.items()) {
        SpecReader r(spec, kProjectFile, "/models/" + name, diags);
        if (!r.is_object()) continue;
        r.warn_unknown_keys({"provider", "base_url", "model", "api_key_env", "price_per_mtok",
                             "max_concurrency", "timeout_s", "max_retries", "max_reply_bytes",
                             "stream", "structured_output", "description"});
        if (written.is_object() && written.contains(name) && written[name].is_object())
            for (const char* secret : {"api_key", "authorization", "Authorization"})
                if (written[name].contains(secret))
                    diags.error(kProjectFile, r.path_of(secret),
                                "API keys are not allowed in the project file; name an "
                                "environment variable with \"api_key_env\" instead");
        ModelConfig m;
        m.name = name;
        m.provider = r.string("provider").value_or("openai");
        if (m.provider != "openai")
            diags.error(kProjectFile, r.path_of("provider"),
                        "unknown provider \"" + m.provider + "\" (known: openai)");
        m.base_url = r.string("base_url", true).value_or("");
        while (!m.base_url.empty() && m.base_url.back() == '/') m.base_url.pop_back();
        m.model = r.string("model", true).value_or("");
        m.api_key_env = r.string("api_key_env").value_or("");
        if (const Json* price = r.object("price_per_mtok")) {
            SpecReader p(*price, kProjectFile, r.path_of("price_per_mtok"), diags);
            p.warn_unknown_keys({"input", "output"});
            m.price.input_per_mtok = p.number("input", false, 0.0).value_or(0.0);
            m.price.output_per_mtok = p.number("output", false, 0.0).value_or(0.0);
        }
        m.max_concurrency = r.integer("max_concurrency", false, 1).value_or(m.max_concurrency);
        m.timeout_s = r.number("timeout_s", false, 0.1).value_or(m.timeout_s);
        m.max_retries = r.integer("max_retries", false, 0).value_or(m.max_retries);
        m.max_reply_bytes = r.integer("max_reply_bytes", false, 1).value_or(m.max_reply_bytes);
        m.stream = r.boolean("stream").value_or(false);
        m.structured_output = r.boolean("structured_output").value_or(true);
        project.models[name] = m;
    }
}

void load_embedders(Project& project, Diagnostics& diags) {
    for (const auto& [name, spec] : project.resolved["embedders"].items()) {
        SpecReader r(spec, kProjectFile, "/embedders/" + name, diags);
        if (!r.is_object()) continue;
        r.warn_unknown_keys({"provider", "dims", "base_url", "model", "api_key_env", "batch_size",
                             "max_concurrency", "timeout_s"});
        EmbedderConfig e;
        e.name = name;
        e.provider = r.string("provider").value_or("hashing");
        if (e.provider != "hashing" && e.provider != "openai")
            diags.error(kProjectFile, r.path_of("provider"),
                        "unknown embedder provider \"" + e.provider + "\" (known: hashing, openai)");
        e.dims = r.integer("dims", false, 8).value_or(e.dims);
        e.base_url = r.string("base_url", e.provider == "openai").value_or("");
        e.model = r.string("model", e.provider == "openai").value_or("");
        e.api_key_env = r.string("api_key_env").value_or("");
        e.batch_size = r.integer("batch_size", false, 1).value_or(e.batch_size);
        e.max_concurrency = r.integer("max_concurrency", false, 1).value_or(e.max_concurrency);
        e.timeout_s = r.number("timeout_s", false, 0.1).value_or(e.timeout_s);
        project.embedders[name] = e;
    }
}

void load_corpora(Project& project, Diagnostics& diags) {
    const auto embedder_names = names_of(project.resolved["embedders"]);
    for (const auto& [name, spec] : project.resolved["corpora"].items()) {
        SpecReader r(spec, kProjectFile, "/corpora/" + name, diags);
        if (!r.is_object()) continue;
        r.warn_unknown_keys({"path", "recipe", "embedder", "index", "description"});
        CorpusConfig c;
        c.name = name;
        c.path = r.string("path", true).value_or("");
        c.recipe = r.string("recipe").value_or("");
        c.embedder = r.string("embedder", true).value_or("");
        r.check_reference("embedder", "embedder", embedder_names);
        if (!c.recipe.empty() && !std::filesystem::exists(project.dir / c.recipe))
            diags.error(kProjectFile, r.path_of("recipe"), "file not found: " + c.recipe);
        else if (c.recipe.empty() && !c.path.empty() && !std::filesystem::exists(project.dir / c.path))
            diags.error(kProjectFile, r.path_of("path"), "file not found: " + c.path);
        if (const Json* index = r.object("index")) {
            SpecReader i(*index, kProjectFile, r.path_of("index"), diags);
            i.warn_unknown_keys({"M", "ef_construction", "ef_search", "shards"});
            c.index.M = i.integer("M", false, 2).value_or(c.index.M);
            c.index.ef_construction = i.integer("ef_construction", false, 1).value_or(c.index.ef_construction);
            c.index.ef_search = i.integer("ef_search", false, 1).value_or(c.index.ef_search);
            c.index.shards = i.integer("shards", false, 1).value_or(c.index.shards);
        }
        project.corpora[name] = c;
    }
}

// Loads the files a stage names and checks that its templates parse.
void load_stage_files(const Project& project, StageConfig& stage, Diagnostics& diags) {
    for (const char* key : {"prompt", "system"}) {
        if (!stage.spec.contains(key) || !stage.spec[key].is_string()) continue;
        const auto relative = stage.spec[key].get<std::string>();
        const auto text = read_file(project.dir / relative);
        if (!text) {
            diags.error(kProjectFile, stage.json_path + "/" + key, "file not found: " + relative);
            continue;
        }
        try {
            MustacheTemplate::parse(*text, relative);
        } catch (const Error& e) {
            report_located(diags, relative, e.what());
        }
        stage.files[key] = *text;
    }
    const Json* schema_ref = nullptr;
    std::string schema_path;
    if (stage.spec.contains("output") && stage.spec["output"].is_object() &&
        stage.spec["output"].contains("schema")) {
        schema_ref = &stage.spec["output"]["schema"];
        schema_path = stage.json_path + "/output/schema";
    } else if (stage.spec.contains("schema")) {
        schema_ref = &stage.spec["schema"];
        schema_path = stage.json_path + "/schema";
    }
    if (!schema_ref) return;
    if (!schema_ref->is_string()) {
        diags.error(kProjectFile, schema_path, "expected a path to a JSON Schema file");
        return;
    }
    const auto relative = schema_ref->get<std::string>();
    const auto text = read_file(project.dir / relative);
    if (!text) {
        diags.error(kProjectFile, schema_path, "file not found: " + relative);
        return;
    }
    try {
        Json schema = parse_json(*text, relative);
        for (const auto& problem : SchemaValidator::check_schema(schema))
            diags.error(relative, "", problem);
        stage.schema = std::move(schema);
    } catch (const Error& e) {
        report_located(diags, relative, e.what());
    }
}

void load_stages(Project& project, const LoadOptions& options, Diagnostics& diags) {
    const Json& stages = project.resolved["stages"];
    if (!stages.is_array() || stages.empty()) {
        diags.error(kProjectFile, "/stages", "expected a non-empty array of stages");
        return;
    }
    const auto model_names = names_of(project.resolved["models"]);
    const auto embedder_names = names_of(project.resolved["embedders"]);
    const auto corpus_names = names_of(project.resolved["corpora"]);
    std::set<std::string> seen;
    for (std::size_t i = 0; i < stages.size(); ++i) {
        StageConfig stage;
        stage.index = static_cast<int>(i);
        stage.json_path = "/stages/" + std::to_string(i);
        stage.spec = stages[i];
        SpecReader r(stage.spec, kProjectFile, stage.json_path, diags);
        if (!r.is_object()) continue;
        stage.id = r.string("id", true).value_or("");
        stage.kind = r.string("kind", true).value_or("");
        if (!stage.id.empty() && !seen.insert(stage.id).second)
            diags.error(kProjectFile, r.path_of("id"), "duplicate stage id \"" + stage.id + "\"");
        if (stage.id == "input")
            diags.error(kProjectFile, r.path_of("id"), "\"input\" is reserved for the input rows");
        if (!options.known_kinds.empty())
            r.check_reference("kind", "stage kind", options.known_kinds);
        r.check_reference("model", "model", model_names);
        r.check_reference("embedder", "embedder", embedder_names);
        r.check_reference("corpus", "corpus", corpus_names);
        if (auto from = r.string("from")) {
            stage.from = *from;
            const int source = project.stage_index(*from);
            if (source < 0 && *from != "input") {
                if (seen.count(*from) == 0) {
                    // Either unknown or later in the list: say which.
                    bool later = false;
                    for (std::size_t j = i + 1; j < stages.size(); ++j)
                        later = later || (stages[j].is_object() && stages[j].value("id", "") == *from);
                    diags.error(kProjectFile, r.path_of("from"),
                                later ? "stage \"" + stage.id + "\" reads from \"" + *from +
                                            "\", which runs after it"
                                      : "unknown stage \"" + *from + "\"");
                }
            }
        }
        load_stage_files(project, stage, diags);
        project.stages.push_back(std::move(stage));
    }
    if (options.validate_stage && !diags.has_errors())
        for (const auto& stage : project.stages) options.validate_stage(project, stage, diags);
}

}  // namespace

Json ProjectLoader::apply_variant(const Json& document, const std::string& variant,
                                  Diagnostics& diags) {
    Json resolved = document;
    if (variant.empty()) return resolved;
    const Json* variants = find_pointer(document, "/variants");
    if (!variants || !variants->contains(variant)) {
        diags.error(kProjectFile, "/variants",
                    "unknown variant \"" + variant + "\" (known: " +
                        join_names(variants ? names_of(*variants) : std::vector<std::string>{}) +
                        ")");
        return resolved;
    }
    const Json& overrides = (*variants)[variant];
    const std::string base_path = "/variants/" + variant;
    if (!overrides.is_object()) {
        diags.error(kProjectFile, base_path, "expected an object of overrides");
        return resolved;
    }
    for (const auto& [key, patch] : overrides.items()) {
        if (key == "stages" || key == "models" || key == "embedders" || key == "corpora") {
            if (key == "stages") resolved["stages"] = patch;
            else resolved[key].merge_patch(patch);
            continue;
        }
        bool found = false;
        if (resolved["stages"].is_array())
            for (auto& stage : resolved["stages"])
                if (stage.is_object() && stage.value("id", "") == key) {
                    stage.merge_patch(patch);
                    found = true;
                }
        if (!found)
            diags.error(kProjectFile, base_path + "/" + key,
                        "variant overrides unknown stage \"" + key + "\"");
    }
    return resolved;
}

Json ProjectLoader::strip_secrets(Json config) {
    if (config.is_object()) {
        for (const char* key : {"api_key", "authorization", "Authorization"}) config.erase(key);
        for (auto& [key, value] : config.items()) value = strip_secrets(value);
    } else if (config.is_array()) {
        for (auto& value : config) value = strip_secrets(value);
    }
    return config;
}

std::vector<Json> ProjectLoader::read_inputs(const std::filesystem::path& file,
                                             const std::string& name, const std::string& id_field,
                                             Diagnostics& diags) {
    std::vector<Json> rows;
    std::ifstream in(file);
    if (!in) {
        diags.error(kProjectFile, "/inputs/path", "file not found: " + name);
        return rows;
    }
    std::set<std::string> ids;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        const std::string where = "line " + std::to_string(number);
        try {
            Json row = parse_json(line, name);
            if (!row.is_object()) {
                diags.error(name, where, "expected a JSON object per line");
                continue;
            }
            if (!row.contains(id_field)) {
                diags.error(name, where, "missing the id field \"" + id_field + "\"");
                continue;
            }
            const Json& id = row[id_field];
            const std::string id_text = id.is_string() ? id.get<std::string>() : id.dump();
            if (!ids.insert(id_text).second) {
                diags.error(name, where, "duplicate id \"" + id_text + "\"");
                continue;
            }
            rows.push_back(std::move(row));
        } catch (const Error& e) {
            // parse_json names the source and column; the line number is ours.
            report_located(diags, name, e.what(), number);
        }
    }
    return rows;
}

std::optional<Project> ProjectLoader::load(const std::filesystem::path& dir,
                                           const LoadOptions& options, Diagnostics& diags) {
    Project project;
    project.dir = std::filesystem::absolute(dir).lexically_normal();
    const auto text = read_file(project.dir / kProjectFile);
    if (!text) {
        diags.error(kProjectFile, "", "not found in " + project.dir.string());
        return std::nullopt;
    }
    try {
        project.document = parse_json(*text, kProjectFile);
    } catch (const Error& e) {
        // parse_json leads with "cascade.json:line:col".
        report_located(diags, kProjectFile, e.what());
        return std::nullopt;
    }
    SpecReader top(project.document, kProjectFile, "", diags);
    if (!top.is_object()) return std::nullopt;
    top.warn_unknown_keys({"format", "name", "description", "inputs", "models", "embedders",
                           "corpora", "stages", "variants"});
    const auto format = top.string("format", true);
    if (format && *format != "cascade-project/1")
        diags.error(kProjectFile, "/format",
                    "unsupported format \"" + *format + "\" (expected \"cascade-project/1\")");
    project.name = top.string("name").value_or(project.dir.filename().string());
    project.description = top.string("description").value_or("");
    top.object("models", true);
    top.object("embedders");
    top.object("corpora");
    top.array("stages", true);
    if (const Json* variants = top.object("variants")) project.variant_names = names_of(*variants);
    if (diags.has_errors()) return std::nullopt;

    project.variant = options.variant;
    const Json applied = apply_variant(project.document, options.variant, diags);
    project.resolved = strip_secrets(applied);
    project.resolved.erase("variants");
    for (const char* key : {"models", "embedders", "corpora"})
        if (!project.resolved.contains(key)) project.resolved[key] = Json::object();

    load_models(project, applied.is_object() ? applied.value("models", Json::object()) : Json::object(),
                diags);
    load_embedders(project, diags);
    load_corpora(project, diags);
    load_stages(project, options, diags);

    if (const Json* inputs = top.object("inputs", true)) {
        SpecReader r(*inputs, kProjectFile, "/inputs", diags);
        r.warn_unknown_keys({"path", "id"});
        project.inputs.path = r.string("path", true).value_or("");
        project.inputs.id_field = r.string("id").value_or("id");
        if (!project.inputs.path.empty() && options.load_inputs)
            project.input_rows = read_inputs(project.dir / project.inputs.path, project.inputs.path,
                                             project.inputs.id_field, diags);
    }
    if (diags.has_errors()) return std::nullopt;
    return project;
}

}  // namespace cascade
