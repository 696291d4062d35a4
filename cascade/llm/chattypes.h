#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cascade/core/json.h"
#include "cascade/core/replysource.h"

namespace cascade {

struct ChatMessage {
    std::string role;  // system | user | assistant
    std::string content;
};

struct ChatRequest {
    std::vector<ChatMessage> messages;
    Json params = Json::object();    // temperature, max_tokens, top_p, seed...: copied into the body
    // Structured output, when the model config allows it. Not owned: the stage's schema, which
    // outlives its calls, so a request does not copy it.
    const Json* json_schema = nullptr;
    std::string schema_name = "output";
};

// What a provider reads out of a successful reply (or a reassembled stream).
struct ParsedReply {
    std::string text;
    std::int64_t tokens_in = 0;
    std::int64_t tokens_out = 0;
    std::string finish_reason;  // stop | length | content_filter | tool_calls | ...
    std::string response_body;  // raw JSON reply; for a stream, the reassembled final JSON
};

// The outcome of one logical call, after transport-level retries.
struct LlmCall {
    bool ok = false;
    bool cancelled = false;
    std::string text;           // the assistant's content
    Json request_body;          // exactly what was (or would have been) sent; never a secret
    std::string request_text;   // request_body.dump(), made once: the bytes sent and stored
    std::string response_body;  // raw reply (for a stream: the reassembled final JSON)
    long http_status = 0;
    std::string error;          // readable; empty when ok
    int attempts = 0;
    bool cache_hit = false;
    ReplySource source = ReplySource::Live;  // where the reply came from, when one came
    std::int64_t tokens_in = 0;
    std::int64_t tokens_out = 0;
    double cost = 0.0;        // paid (0 on a cache hit)
    double saved_cost = 0.0;  // what a cache hit would have cost
    double latency_ms = 0.0;
    std::string cache_key;
    std::size_t reply_bytes_dropped = 0;  // past the model's max_reply_bytes: an error
};

}  // namespace cascade
