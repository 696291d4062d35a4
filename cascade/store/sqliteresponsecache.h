#pragma once

#include "cascade/llm/responsecache.h"
#include <optional>

#include "cascade/store/runstore.h"
#include "cascade/store/statement.h"

namespace cascade {

// The response cache in the run store, written through the run's own connection so that a
// paid reply is committed in the same batch as the call and item it produced: after a kill,
// every item that survived also has its reply cached.
class SqliteResponseCache : public ResponseCache {
public:
    explicit SqliteResponseCache(RunStore& store) : store_(store) {}
    std::optional<CachedResponse> lookup(const std::string& key) override;
    void store(const std::string& key, const ModelConfig& model, std::string_view request_body,
               const CachedResponse& response) override;

private:
    RunStore& store_;
    std::optional<Statement> lookup_;
    std::optional<Statement> insert_;
};

}  // namespace cascade
