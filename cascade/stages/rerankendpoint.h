#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cascade/core/json.h"
#include "cascade/project/modelconfig.h"

namespace cascade {

class HttpMulti;
class SpecReader;

// A cross-encoder behind the common /v1/rerank API (llama.cpp server, TEI, Jina and
// Cohere-compatible servers): POST {base_url}/rerank {"model", "query", "documents", "top_n"}.
// Configured by a rerank stage's "endpoint" object: base_url, model, api_key_env, timeout_s,
// max_concurrency, max_retries, and its price: price_per_1k_documents, or price_per_mtok
// {"input"} for endpoints billed by token. The API key is read from the environment per
// request and only ever travels in the Authorization header.
class RerankEndpoint {
public:
    struct Result {
        bool ok = false;
        bool cancelled = false;
        std::vector<double> scores;  // one per document, in the order sent
        std::string error;           // readable, when !ok
        std::string body;            // the raw reply, when one came
        long http_status = 0;
        int attempts = 0;
        double latency_ms = 0.0;
    };

    explicit RerankEndpoint(const Json& endpoint);

    Json request_body(const std::string& query, const std::vector<std::string>& documents) const;
    // The response cache key: sha256 of (URL, model, the body with sorted keys).
    std::string cache_key(const Json& body) const;
    // What the response cache records about the endpoint (provider "rerank").
    ModelConfig cache_model() const;
    // The price of one request: per 1K documents, or per token.
    double cost(std::size_t documents, std::int64_t tokens) const;
    bool priced_per_token() const { return price_per_mtok_ > 0.0; }

    // Queues one request; `done` runs inside http.run(), also for early failures.
    void submit(HttpMulti& http, const std::string& lane, const Json& body,
                std::function<void(Result)> done) const;

    // Reads results[] (or a bare array, as TEI answers) of {index, relevance_score | score}.
    static Result parse(const std::string& body, std::size_t documents);
    // The tokens a reply says it used (usage.total_tokens, usage.prompt_tokens, or Cohere's
    // meta.billed_units.input_tokens); 0 when it says nothing.
    static std::int64_t reply_tokens(const std::string& body);

    static void validate(SpecReader& reader);

    const std::string& url() const { return url_; }
    const std::string& model() const { return model_; }

private:
    std::string url_;
    std::string model_;
    std::string api_key_env_;
    double timeout_s_ = 60.0;
    int max_concurrency_ = 4;
    int max_retries_ = 4;
    double price_per_1k_documents_ = 0.0;
    double price_per_mtok_ = 0.0;
};

}  // namespace cascade
