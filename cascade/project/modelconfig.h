#pragma once

#include <string>

#include "cascade/core/json.h"

namespace cascade {

struct Price {
    double input_per_mtok = 0.0;
    double output_per_mtok = 0.0;
    double cost(long long tokens_in, long long tokens_out) const {
        return (tokens_in * input_per_mtok + tokens_out * output_per_mtok) / 1e6;
    }
};

// One entry of cascade.json "models". Never holds a secret: only the name of the env variable.
struct ModelConfig {
    std::string name;                // the alias stages refer to, e.g. "frontier"
    std::string provider = "openai"; // wire format: openai (later anthropic, ollama)
    std::string base_url;            // e.g. https://api.openai.com/v1
    std::string model;               // the provider's model id
    std::string api_key_env;         // empty: no Authorization header (local servers)
    Price price;
    int max_concurrency = 8;
    double timeout_s = 60.0;
    int max_retries = 4;             // 429, 5xx, connection errors, timeouts, malformed replies
    int max_reply_bytes = 4 << 20;   // reply bytes kept per call; the rest is counted, dropped
    bool stream = false;             // stream text deltas (SSE) for a live view
    bool structured_output = true;   // send response_format json_schema when a stage has a schema
};

// One entry of cascade.json "embedders".
struct EmbedderConfig {
    std::string name;
    std::string provider = "hashing";  // hashing | openai
    int dims = 256;
    std::string base_url;  // openai only
    std::string model;     // openai only
    std::string api_key_env;
    int batch_size = 64;
    int max_concurrency = 4;
    double timeout_s = 60.0;
};

}  // namespace cascade
