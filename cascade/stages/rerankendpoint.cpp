#include "cascade/stages/rerankendpoint.h"

#include <cstdlib>
#include <optional>

#include "cascade/core/error.h"
#include "cascade/core/hash.h"
#include "cascade/llm/httpmulti.h"
#include "cascade/project/specreader.h"

namespace cascade {

RerankEndpoint::RerankEndpoint(const Json& endpoint)
    : model_(endpoint.value("model", "")),
      api_key_env_(endpoint.value("api_key_env", "")),
      timeout_s_(endpoint.value("timeout_s", 60.0)),
      max_concurrency_(endpoint.value("max_concurrency", 4)),
      max_retries_(endpoint.value("max_retries", 4)),
      price_per_1k_documents_(endpoint.value("price_per_1k_documents", 0.0)),
      price_per_mtok_(endpoint.value("price_per_mtok", Json::object()).value("input", 0.0)) {
    std::string base = endpoint.value("base_url", "");
    while (!base.empty() && base.back() == '/') base.pop_back();
    url_ = base + "/rerank";
}

Json RerankEndpoint::request_body(const std::string& query,
                                  const std::vector<std::string>& documents) const {
    Json body = {{"query", query}, {"documents", documents}, {"top_n", documents.size()}};
    if (!model_.empty()) body["model"] = model_;
    return body;
}

std::string RerankEndpoint::cache_key(const Json& body) const {
    return Sha256()
        .add("cascade-rerank-cache/1")
        .add(url_)
        .add(model_)
        .add(canonical_dump(body))
        .hex();
}

ModelConfig RerankEndpoint::cache_model() const {
    ModelConfig model;
    model.name = model_.empty() ? "rerank" : model_;
    model.provider = "rerank";
    model.base_url = url_;
    model.model = model_;
    return model;
}

double RerankEndpoint::cost(std::size_t documents, std::int64_t tokens) const {
    return static_cast<double>(documents) / 1000.0 * price_per_1k_documents_ +
           static_cast<double>(tokens) * price_per_mtok_ / 1e6;
}

std::int64_t RerankEndpoint::reply_tokens(const std::string& body) {
    const Json reply = Json::parse(body, nullptr, false);
    if (reply.is_discarded()) return 0;
    for (const char* pointer : {"/usage/total_tokens", "/usage/prompt_tokens",
                                "/meta/billed_units/input_tokens", "/meta/tokens/input_tokens"}) {
        const Json* value = find_pointer(reply, pointer);
        if (value && value->is_number_integer() && value->get<std::int64_t>() > 0)
            return value->get<std::int64_t>();
    }
    return 0;
}

void RerankEndpoint::submit(HttpMulti& http, const std::string& lane, const Json& body,
                            std::function<void(Result)> done) const {
    HttpRequest request;
    request.url = url_;
    request.timeout_s = timeout_s_;
    request.headers.push_back({"Content-Type", "application/json"});
    if (!api_key_env_.empty()) {
        const char* key = std::getenv(api_key_env_.c_str());
        if (!key || !*key) {
            http.post([done = std::move(done), env = api_key_env_] {
                Result missing;
                missing.error = "no API key for the rerank endpoint: set " + env;
                done(std::move(missing));
            });
            return;
        }
        request.headers.push_back({"Authorization", std::string("Bearer ") + key});
    }
    request.body = body.dump();
    RetryPolicy retry;
    retry.max_retries = max_retries_;
    const std::size_t count = body["documents"].size();
    http.submit(lane, max_concurrency_, std::move(request), retry,
                [done = std::move(done), count, url = url_](HttpResponse response) {
                    Result result;
                    result.cancelled = response.cancelled;
                    if (!response.cancelled && response.status >= 200 && response.status < 300)
                        result = parse(response.body, count);
                    else if (response.status == 0 && !response.cancelled)
                        result.error = "rerank endpoint " + url + ": " +
                                       (response.timed_out ? std::string("timed out")
                                                           : response.transport_error);
                    else if (!response.cancelled)
                        result.error = "rerank endpoint " + url + ": HTTP " +
                                       std::to_string(response.status) + ": " +
                                       response.body.substr(0, 300);
                    result.body = response.body;
                    result.http_status = response.status;
                    result.attempts = response.attempts;
                    result.latency_ms = response.elapsed_ms;
                    done(std::move(result));
                });
}

RerankEndpoint::Result RerankEndpoint::parse(const std::string& body, std::size_t documents) {
    Result result;
    Json reply;
    try {
        reply = parse_json(body, "rerank reply");
    } catch (const Error& e) {
        result.error = std::string("unreadable rerank reply: ") + e.what();
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
    reader.warn_unknown_keys({"base_url", "model", "api_key_env", "timeout_s", "max_concurrency",
                              "max_retries", "price_per_1k_documents", "price_per_mtok"});
    reader.string("base_url", true);
    reader.string("model");
    reader.string("api_key_env");
    reader.number("timeout_s", false, 0.1);
    reader.integer("max_concurrency", false, 1);
    reader.integer("max_retries", false, 0);
    const auto per_documents = reader.number("price_per_1k_documents", false, 0.0);
    const Json* per_token = reader.object("price_per_mtok");
    if (per_token) {
        SpecReader p(*per_token, reader.file(), reader.path_of("price_per_mtok"),
                     reader.diagnostics());
        p.warn_unknown_keys({"input"});
        p.number("input", true, 0.0);
    }
    if (per_documents && per_token)
        reader.diagnostics().error(
            reader.file(), reader.path_of("price_per_mtok"),
            "a rerank endpoint is priced per 1K documents or per token, not both");
}

}  // namespace cascade
