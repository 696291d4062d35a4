#include "cascade/engine/recordings.h"

#include <algorithm>
#include <fstream>
#include <optional>

#include "cascade/core/error.h"
#include "cascade/llm/responsecache.h"
#include "cascade/stages/rerankendpoint.h"
#include "cascade/store/runreader.h"
#include "cascade/store/runstore.h"
#include "cascade/store/statement.h"

namespace cascade {

namespace {

std::string reply_text(const Json& response) {
    const Json* content = find_pointer(response, "/choices/0/message/content");
    return content && content->is_string() ? content->get<std::string>() : std::string();
}

std::int64_t usage(const Json& response, const char* field) {
    const Json* value = find_pointer(response, std::string("/usage/") + field);
    return value && value->is_number() ? value->get<std::int64_t>() : 0;
}

}  // namespace

namespace {

// A string field of a recording line, or "" when it is absent or not a string.
std::string text_field(const Json& line, const char* key) {
    const auto it = line.find(key);
    return it != line.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The cache row a recording line stands for: a chat call of a model alias, or a request to a
// rerank stage's endpoint. Empty (with a warning) when the line names neither.
struct RecordedEntry {
    std::string key;
    ModelConfig model;
    std::string text;
    std::int64_t tokens_in = 0;
    std::int64_t tokens_out = 0;
};

std::optional<RecordedEntry> entry_for(const Project& project, const Json& line,
                                       const std::string& where,
                                       std::vector<std::string>& warnings) {
    const Json& request = line["request"];
    const Json& response = line["response"];
    RecordedEntry entry;
    if (line.contains("model")) {
        const std::string alias = text_field(line, "model");
        const auto model = project.models.find(alias);
        if (model == project.models.end()) {
            warnings.push_back(where + "unknown model \"" + alias + "\", skipped");
            return std::nullopt;
        }
        entry.key = response_cache_key(model->second, request);
        entry.model = model->second;
        entry.text = reply_text(response);
        entry.tokens_in = usage(response, "prompt_tokens");
        entry.tokens_out = usage(response, "completion_tokens");
        return entry;
    }
    const std::string stage = text_field(line, "stage");
    const int index = project.stage_index(stage);
    const Json* endpoint =
        index < 0 ? nullptr : find_pointer(project.stages[index].spec, "/endpoint");
    if (!endpoint || project.stages[index].kind != "rerank") {
        warnings.push_back(where +
                           "expected \"model\", or \"stage\" naming a rerank stage "
                           "with an endpoint (got \"" +
                           stage + "\"), skipped");
        return std::nullopt;
    }
    const RerankEndpoint rerank(*endpoint);
    entry.key = rerank.cache_key(request);
    entry.model = rerank.cache_model();
    entry.tokens_in = RerankEndpoint::reply_tokens(response.dump());
    return entry;
}

}  // namespace

Recordings::ImportResult Recordings::import_file(const Project& project, RunStore& store,
                                                 const std::filesystem::path& file,
                                                 ReplySource source) {
    ImportResult result;
    std::ifstream in(file);
    if (!in) throw Error("cannot read recordings file " + file.string());
    const std::string name = file.filename().string();
    // A recording never replaces a live reply; it refreshes an entry of its own source, or a
    // recorded one, when the reply changed.
    Statement insert(store.db(),
                     "INSERT INTO response_cache (key, provider, base_url, model, request, "
                     "response, text, tokens_in, tokens_out, created_at, source, stage, rejected) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE "
                     "SET response = excluded.response, text = excluded.text, tokens_in = "
                     "excluded.tokens_in, tokens_out = excluded.tokens_out, created_at = "
                     "excluded.created_at, source = excluded.source, stage = excluded.stage, "
                     "rejected = excluded.rejected WHERE (response_cache.source = 'recorded' OR "
                     "response_cache.source = excluded.source) AND (response_cache.response <> "
                     "excluded.response OR response_cache.source <> excluded.source)");
    Transaction tx(store.db());
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        const std::string where = name + ":" + std::to_string(number) + ": ";
        Json entry;
        try {
            entry = parse_json(line, name);
        } catch (const Error& e) {
            result.warnings.push_back(e.what());
            continue;
        }
        if (!entry.is_object() || entry.contains("_comment")) continue;
        if (!entry.contains("request") || !entry.contains("response")) {
            result.warnings.push_back(where + "expected \"request\" and \"response\"");
            continue;
        }
        const auto cached = entry_for(project, entry, where, result.warnings);
        if (!cached) continue;
        insert.bind(1, cached->key)
            .bind(2, cached->model.provider)
            .bind(3, cached->model.base_url)
            .bind(4, cached->model.model)
            .bind(5, entry["request"].dump())
            .bind(6, entry["response"].dump())
            .bind(7, cached->text)
            .bind(8, cached->tokens_in)
            .bind(9, cached->tokens_out)
            .bind(10, utc_now_iso())
            .bind(11, to_string(source))
            .bind(12, text_field(entry, "stage"))
            .bind(13, text_field(entry, "rejected"))
            .run();
        if (store.db().changes() > 0) ++result.imported;
        else ++result.known;
    }
    tx.commit();
    return result;
}

Recordings::ImportResult Recordings::import_project(const Project& project, RunStore& store) {
    ImportResult total;
    const auto dir = project.dir / "recordings";
    if (!std::filesystem::is_directory(dir)) return total;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    store.commit();
    for (const auto& file : files) {
        auto result = import_file(project, store, file);
        total.imported += result.imported;
        total.known += result.known;
        total.warnings.insert(total.warnings.end(), result.warnings.begin(), result.warnings.end());
    }
    return total;
}

int Recordings::export_run(const Project& project, RunReader& reader, std::int64_t run_id,
                           const std::filesystem::path& out, const std::string& comment) {
    std::ofstream file(out, std::ios::trunc);
    if (!file) throw Error("cannot write " + out.string());
    if (!comment.empty()) file << Json{{"_comment", comment}}.dump() << "\n";
    int count = 0;
    for (const auto& stage : reader.stages(run_id)) {
        for (const auto& call : reader.calls(run_id, stage.stage)) {
            if ((!call.ok && !call.rejected()) || call.response.empty()) continue;
            Json line = Json::object();
            // A rerank call is found again through its stage's endpoint, not a model alias.
            if (stage.kind != "rerank") line["model"] = call.model;
            line["stage"] = call.stage;
            line["request"] = call.request;
            line["response"] = Json::parse(call.response);
            // Kept so that an offline replay meets the same rejection and the same repair.
            if (call.rejected())
                line["rejected"] = call.error.substr(std::string(kRejectedReplyPrefix).size());
            file << line.dump() << "\n";
            ++count;
        }
    }
    return count;
}

}  // namespace cascade
