#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cascade/core/json.h"

namespace cascade {

class HttpMulti;
class SpecReader;

// A cross-encoder behind the common /v1/rerank API (llama.cpp server, TEI, Jina and
// Cohere-compatible servers): POST {base_url}/rerank {"model", "query", "documents", "top_n"}.
// Configured by a rerank stage's "endpoint" object: base_url, model, api_key_env, timeout_s,
// max_concurrency, max_retries. The API key is read from the environment per request and only
// ever travels in the Authorization header.
class RerankEndpoint {
public:
    struct Result {
        bool ok = false;
        bool cancelled = false;
        std::vector<double> scores;  // one per document, in the order sent
        std::string error;           // readable, when !ok
    };

    explicit RerankEndpoint(const Json& endpoint);

    // Queues one request; `done` runs inside http.run(), also for early failures.
    void submit(HttpMulti& http, const std::string& lane, const std::string& query,
                const std::vector<std::string>& documents, std::function<void(Result)> done) const;

    // Reads results[] (or a bare array, as TEI answers) of {index, relevance_score | score}.
    static Result parse(const std::string& body, std::size_t documents);

    static void validate(SpecReader& reader);

    const std::string& url() const { return url_; }

private:
    std::string url_;
    std::string model_;
    std::string api_key_env_;
    double timeout_s_ = 60.0;
    int max_concurrency_ = 4;
    int max_retries_ = 4;
};

}  // namespace cascade
