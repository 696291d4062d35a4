#include "cascade/stages/rerankendpoint.h"

#include <cstdlib>
#include <optional>

#include "cascade/core/error.h"
#include "cascade/llm/httpmulti.h"
#include "cascade/project/specreader.h"

namespace cascade {

RerankEndpoint::RerankEndpoint(const Json& endpoint)
    : model_(endpoint.value("model", "")),
      api_key_env_(endpoint.value("api_key_env", "")),
      timeout_s_(endpoint.value("timeout_s", 60.0)),
      max_concurrency_(endpoint.value("max_concurrency", 4)),
      max_retries_(endpoint.value("max_retries", 4)) {
    std::string base = endpoint.value("base_url", "");
    while (!base.empty() && base.back() == '/') base.pop_back();
    url_ = base + "/rerank";
}

void RerankEndpoint::submit(HttpMulti& http, const std::string& lane, const std::string& query,
                            const std::vector<std::string>& documents,
                            std::function<void(Result)> done) const {
    HttpRequest request;
    request.url = url_;
    request.timeout_s = timeout_s_;
    request.headers.push_back({"Content-Type", "application/json"});
    if (!api_key_env_.empty()) {
        const char* key = std::getenv(api_key_env_.c_str());
        if (!key || !*key) {
            http.post([done = std::move(done), env = api_key_env_] {
                done(Result{false, false, {}, "no API key for the rerank endpoint: set " + env});
            });
            return;
        }
        request.headers.push_back({"Authorization", std::string("Bearer ") + key});
    }
    Json body = {{"query", query}, {"documents", documents}, {"top_n", documents.size()}};
    if (!model_.empty()) body["model"] = model_;
    request.body = body.dump();
    RetryPolicy retry;
    retry.max_retries = max_retries_;
    const std::size_t count = documents.size();
    http.submit(lane, max_concurrency_, std::move(request), retry,
                [done = std::move(done), count, url = url_](HttpResponse response) {
                    if (response.cancelled) return done(Result{false, true, {}, {}});
                    if (response.status == 0)
                        return done(Result{false,
                                           false,
                                           {},
                                           "rerank endpoint " + url + ": " +
                                               (response.timed_out ? std::string("timed out")
                                                                   : response.transport_error)});
                    if (response.status < 200 || response.status >= 300)
                        return done(Result{false,
                                           false,
                                           {},
                                           "rerank endpoint " + url + ": HTTP " +
                                               std::to_string(response.status) + ": " +
                                               response.body.substr(0, 300)});
                    done(parse(response.body, count));
                });
}

RerankEndpoint::Result RerankEndpoint::parse(const std::string& body, std::size_t documents) {
    Result result;
    Json reply;
    try {
        reply = parse_json(body, "rerank reply");
    } catch (const Error& e) {
        result.error = e.what();
        return result;
    }
    const Json* list = reply.is_array() ? &reply : find_pointer(reply, "/results");
    if (!list || !list->is_array()) {
        result.error = "the rerank reply has no \"results\" array";
        return result;
    }
    std::vector<std::optional<double>> scores(documents);
    for (const Json& entry : *list) {
        if (!entry.is_object() || !entry.contains("index") || !entry["index"].is_number_integer())
            continue;
        const auto index = entry["index"].get<long long>();
        const Json* score = entry.contains("relevance_score") ? &entry["relevance_score"]
                            : entry.contains("score")         ? &entry["score"]
                                                              : nullptr;
        if (index >= 0 && static_cast<std::size_t>(index) < documents && score &&
            score->is_number())
            scores[static_cast<std::size_t>(index)] = score->get<double>();
    }
    for (std::size_t i = 0; i < documents; ++i) {
        if (!scores[i]) {
            result.error = "the rerank reply has no score for document " + std::to_string(i);
            return result;
        }
        result.scores.push_back(*scores[i]);
    }
    result.ok = true;
    return result;
}

void RerankEndpoint::validate(SpecReader& reader) {
    reader.warn_unknown_keys(
        {"base_url", "model", "api_key_env", "timeout_s", "max_concurrency", "max_retries"});
    reader.string("base_url", true);
    reader.string("model");
    reader.string("api_key_env");
    reader.number("timeout_s", false, 0.1);
    reader.integer("max_concurrency", false, 1);
    reader.integer("max_retries", false, 0);
}

}  // namespace cascade
