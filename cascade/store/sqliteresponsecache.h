#pragma once

#include <optional>

#include "cascade/llm/responsecache.h"
#include "cascade/store/runstore.h"
#include "cascade/store/statement.h"

namespace cascade {

// The response cache in the run store, written through the run's own connection so that a
// paid reply is committed in the same batch as the call and item it produced: after a kill,
// every item that survived also has its reply cached.
// Which entries a run may be served.
struct CacheUse {
    bool recorded = false;  // serve replies from recordings (offline and replay runs)
    bool refresh = false;   // serve nothing: every call is sent again and overwrites
    // Serve rejected replies too: an offline run replays what happened (the stage rejects the
    // reply again and the recorded repair follows), since it has no model to ask instead.
    bool rejected = false;
};

class SqliteResponseCache : public ResponseCache {
public:
    explicit SqliteResponseCache(RunStore& store, CacheUse use = CacheUse())
        : store_(store), use_(use) {}
    std::optional<CachedResponse> lookup(const std::string& key) override;
    void store(const std::string& key, const ModelConfig& model, std::string_view request_body,
               const CachedResponse& response) override;
    void reject(const std::string& key, const std::string& reason) override;

private:
    RunStore& store_;
    CacheUse use_;
    std::optional<Statement> lookup_;
    std::optional<Statement> insert_;
    std::optional<Statement> reject_;
};

}  // namespace cascade
