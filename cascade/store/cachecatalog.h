#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cascade/core/replysource.h"
#include "cascade/store/database.h"

namespace cascade {

// Which response cache entries a listing or a clear applies to; empty fields match all.
struct CacheFilter {
    std::string stage;  // the stage a recording names, or any stage whose calls used the entry
    std::string model;  // a model alias (as calls name it) or the provider's model id
    std::optional<ReplySource> source;
};

struct CacheEntry {
    std::string key;
    std::string provider;
    std::string model;  // the provider's model id
    std::string stage;  // as the recording names it, else the first stage that used it
    ReplySource source = ReplySource::Live;
    std::string rejected;  // why a stage rejected the reply; empty when it is served
    std::int64_t tokens_in = 0;
    std::int64_t tokens_out = 0;
    std::string created_at;
    std::string text;  // the reply text (for rerank, its JSON)
};

// The response cache of a run store as a person manages it (cascade cache): list, count and
// clear entries by stage, model or source. Runs read and write it through SqliteResponseCache.
class CacheCatalog {
public:
    explicit CacheCatalog(const std::string& path);

    // Newest first; limit < 0 lists all.
    std::vector<CacheEntry> list(const CacheFilter& filter, std::int64_t limit = -1);
    std::int64_t count(const CacheFilter& filter);
    std::int64_t count(const CacheFilter& filter, ReplySource source);
    // Deletes the matching entries; returns how many.
    std::int64_t clear(const CacheFilter& filter);

private:
    Database db_;
};

}  // namespace cascade
