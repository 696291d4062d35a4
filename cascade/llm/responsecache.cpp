#include "cascade/llm/responsecache.h"

#include "cascade/core/hash.h"

namespace cascade {

std::string response_cache_key(const ModelConfig& model, const Json& request_body) {
    // A trailing slash does not make a different endpoint.
    std::string base_url = model.base_url;
    while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
    return Sha256()
        .add("cascade-response-cache/1")
        .add(model.provider)
        .add(base_url)
        .add(model.model)
        .add(canonical_dump(request_body))
        .hex();
}

}  // namespace cascade
