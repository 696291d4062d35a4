#pragma once

#include "cascade/llm/responsecache.h"
#include "cascade/store/runstore.h"

namespace cascade {

// The response cache in the run store, written through the run's own connection so that a
// paid reply is committed with the same batch as the call that paid for it.
class SqliteResponseCache : public ResponseCache {
public:
    explicit SqliteResponseCache(RunStore& store) : store_(store) {}
    std::optional<CachedResponse> lookup(const std::string& key) override;
    void store(const std::string& key, const ModelConfig& model, const Json& request_body,
               const CachedResponse& response) override;

private:
    RunStore& store_;
};

}  // namespace cascade
