#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cascade/core/json.h"
#include "cascade/core/replysource.h"
#include "cascade/project/modelconfig.h"

namespace cascade {

struct CachedResponse {
    std::string response_body;  // the provider's raw JSON reply
    std::string text;
    std::int64_t tokens_in = 0;
    std::int64_t tokens_out = 0;
    ReplySource source = ReplySource::Live;
};

// Implemented by the run store (SQLite) and by an in-memory map in tests.
class ResponseCache {
public:
    virtual ~ResponseCache() = default;
    // A reply this run may be served: a recorded one only when the run replays recordings, and
    // a rejected one only to an offline run (which cannot ask the model instead).
    virtual std::optional<CachedResponse> lookup(const std::string& key) = 0;
    // A live reply; replaces any entry under the key. request_body: the non-streamed request
    // as dumped JSON.
    virtual void store(const std::string& key, const ModelConfig& model,
                       std::string_view request_body, const CachedResponse& response) = 0;
    // A stage rejected the reply under `key` (not JSON, against the schema): it stays for
    // inspection, with the reason, but is never an answer again: the next run that can asks
    // the model.
    virtual void reject(const std::string& key, const std::string& reason) = 0;
};

// sha256 of (provider, base URL, model, request body with sorted keys). Never includes credentials.
std::string response_cache_key(const ModelConfig& model, const Json& request_body);

}  // namespace cascade
