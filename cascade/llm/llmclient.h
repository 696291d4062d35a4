#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cascade/core/runcontext.h"
#include "cascade/llm/chatprovider.h"
#include "cascade/llm/chattypes.h"
#include "cascade/llm/httpmulti.h"
#include "cascade/llm/responsecache.h"
#include "cascade/project/modelconfig.h"

namespace cascade {

struct LlmOptions {
    bool offline = false;          // serve only from the cache; a miss is an error, never a request
    int concurrency_override = 0;  // > 0 replaces every model's max_concurrency
    // Reads an API key by env variable name; unset means getenv. Tests inject keys here.
    std::function<std::optional<std::string>(const std::string& env_name)> key_lookup;
    RetryPolicy retry_defaults;  // delays; max_retries comes from each ModelConfig
};

// Chat calls for a run: response cache first, then the provider's wire format over the shared
// HttpMulti loop (one lane per model alias, limited to its max_concurrency). Every outcome,
// including cache hits and configuration errors, reaches on_done inside run(), once.
// API keys travel only in request headers: never in an LlmCall, an error text or the cache.
class LlmClient {
public:
    using DoneCallback = std::function<void(LlmCall)>;
    using DeltaCallback = std::function<void(std::string_view)>;

    LlmClient(LlmOptions options, ResponseCache* cache /* nullable */);

    // Queues one call. With ModelConfig::stream, on_delta sees the text as it arrives; on a
    // cache hit it gets the whole text once.
    void submit(const ModelConfig& model, const ChatRequest& request, DoneCallback on_done,
                DeltaCallback on_delta = {});

    // Drives every queued call to completion; cancelling ctx completes the rest as cancelled.
    void run(RunContext& ctx);

    // The loop, shared with embedders and rerankers so that a run has a single one.
    HttpMulti& http() { return http_; }
    // The run's response cache (null without one) and options, for stages that make other
    // cached calls (rerank) or reject a reply.
    ResponseCache* cache() const { return cache_; }
    const LlmOptions& options() const { return options_; }

private:
    struct Pending;

    const ChatProvider& provider(const std::string& name);
    void fail_later(LlmCall call, std::string error, DoneCallback on_done);
    void finish(Pending& pending, const HttpResponse& response);
    // Reads a 2xx reply into pending; returns why it is worth another attempt, or "".
    static std::string read_reply(Pending& pending, const HttpResponse& response);

    LlmOptions options_;
    ResponseCache* cache_;
    HttpMulti http_;
    std::map<std::string, std::unique_ptr<ChatProvider>> providers_;
};

}  // namespace cascade
