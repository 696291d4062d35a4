#include "cascade/engine/recordings.h"

#include <algorithm>
#include <fstream>

#include "cascade/core/error.h"
#include "cascade/llm/responsecache.h"
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

Recordings::ImportResult Recordings::import_file(const Project& project, RunStore& store,
                                                 const std::filesystem::path& file) {
    ImportResult result;
    std::ifstream in(file);
    if (!in) throw Error("cannot read recordings file " + file.string());
    const std::string name = file.filename().string();
    Statement insert(store.db(),
                     "INSERT OR IGNORE INTO response_cache (key, provider, base_url, model, "
                     "request, response, text, tokens_in, tokens_out, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
        const std::string alias = entry.value("model", "");
        const auto model = project.models.find(alias);
        if (model == project.models.end()) {
            result.warnings.push_back(where + "unknown model \"" + alias + "\", skipped");
            continue;
        }
        if (!entry.contains("request") || !entry.contains("response")) {
            result.warnings.push_back(where + "expected \"request\" and \"response\"");
            continue;
        }
        const Json& request = entry["request"];
        const Json& response = entry["response"];
        insert.bind(1, response_cache_key(model->second, request))
            .bind(2, model->second.provider)
            .bind(3, model->second.base_url)
            .bind(4, model->second.model)
            .bind(5, request.dump())
            .bind(6, response.dump())
            .bind(7, reply_text(response))
            .bind(8, usage(response, "prompt_tokens"))
            .bind(9, usage(response, "completion_tokens"))
            .bind(10, utc_now_iso())
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
            if (!call.ok || call.response.empty()) continue;
            Json line = Json::object();
            line["model"] = call.model;
            line["stage"] = call.stage;
            line["request"] = call.request;
            line["response"] = Json::parse(call.response);
            file << line.dump() << "\n";
            ++count;
        }
    }
    return count;
}

}  // namespace cascade
