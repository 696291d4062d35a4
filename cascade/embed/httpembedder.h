#pragma once

#include <functional>
#include <span>
#include <string>

#include "cascade/embed/embedder.h"
#include "cascade/llm/httptypes.h"
#include "cascade/project/modelconfig.h"

namespace cascade {

class HttpMulti;

// An OpenAI-compatible embeddings endpoint (OpenAI, Ollama's /v1, llama.cpp server, vLLM):
// POST {base_url}/embeddings {"model", "input": [batch]}. Texts go in batches of batch_size, at
// most max_concurrency requests at once, with HttpMulti's retries. Vectors are L2-normalised so
// that inner products are cosines, and remembered in an optional cache: a text embedded once
// is never requested again. The API key is read from api_key_env when a request is needed.
class HttpEmbedder : public Embedder {
public:
    // Where vectors persist between runs (the run store's embedding_cache); both optional.
    struct Cache {
        std::function<bool(const std::string& identity, const std::string& text, int dims,
                           float* out)>
            lookup;
        std::function<void(const std::string& identity, std::span<const std::string> texts,
                           int dims, const float* rows)>
            store;
    };

    // offline: a text missing from the cache is an error instead of a request.
    HttpEmbedder(EmbedderConfig config, HttpMulti& http, Cache cache = {}, bool offline = false,
                 RetryPolicy retry = {});

    // Must equal what the model returns: there is no way to know it before the first reply.
    int dims() const override { return config_.dims; }
    std::string identity() const override;
    void embed(std::span<const std::string> texts, float* out, RunContext& ctx) override;

    // Reads {"data": [{"embedding": [...], "index": i}]} into `count` rows of `dims` floats,
    // L2-normalised. Throws cascade::Error on any other shape or size.
    static void parse_reply(const std::string& body, std::size_t count, int dims, float* out);

private:
    HttpRequest make_request(std::span<const std::string> batch, const std::string& key) const;
    std::string name() const { return "embedder \"" + config_.name + "\""; }

    EmbedderConfig config_;
    HttpMulti& http_;
    Cache cache_;
    bool offline_;
    RetryPolicy retry_;
    std::string url_;
};

}  // namespace cascade
