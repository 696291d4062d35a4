#include "cascade/store/cachecatalog.h"

#include "cascade/store/statement.h"
#include "cascade/store/storeschema.h"

namespace cascade {

namespace {

// Binds 1-3 are stage, model, source ('' matches all).
const char* kWhere =
    " WHERE (?1 = '' OR c.stage = ?1 OR c.key IN (SELECT cache_key FROM calls WHERE stage = ?1))"
    " AND (?2 = '' OR c.model = ?2 OR c.key IN (SELECT cache_key FROM calls WHERE model = ?2))"
    " AND (?3 = '' OR c.source = ?3)";

void bind_filter(Statement& q, const CacheFilter& filter) {
    q.bind(1, filter.stage)
        .bind(2, filter.model)
        .bind(3, filter.source ? to_string(*filter.source) : "");
}

}  // namespace

CacheCatalog::CacheCatalog(const std::string& path) : db_(path) {
    StoreSchema::migrate(db_);
}

std::vector<CacheEntry> CacheCatalog::list(const CacheFilter& filter, std::int64_t limit) {
    Statement q(db_, std::string("SELECT c.key, c.provider, c.model, CASE WHEN c.stage <> '' "
                                 "THEN c.stage ELSE COALESCE((SELECT k.stage FROM calls k WHERE "
                                 "k.cache_key = c.key ORDER BY k.id LIMIT 1), '') END, c.source, "
                                 "c.rejected, c.tokens_in, c.tokens_out, c.created_at, c.text "
                                 "FROM response_cache c") +
                         kWhere + " ORDER BY c.created_at DESC, c.key LIMIT ?4");
    bind_filter(q, filter);
    q.bind(4, limit);
    std::vector<CacheEntry> out;
    while (q.step()) {
        CacheEntry entry;
        entry.key = q.text(0);
        entry.provider = q.text(1);
        entry.model = q.text(2);
        entry.stage = q.text(3);
        entry.source = reply_source_from_string(q.text(4));
        entry.rejected = q.text(5);
        entry.tokens_in = q.int64(6);
        entry.tokens_out = q.int64(7);
        entry.created_at = q.text(8);
        entry.text = q.text(9);
        out.push_back(std::move(entry));
    }
    return out;
}

std::int64_t CacheCatalog::count(const CacheFilter& filter) {
    Statement q(db_, std::string("SELECT COUNT(*) FROM response_cache c") + kWhere);
    bind_filter(q, filter);
    q.step();
    return q.int64(0);
}

std::int64_t CacheCatalog::count(const CacheFilter& filter, ReplySource source) {
    CacheFilter only = filter;
    only.source = source;
    return count(only);
}

std::int64_t CacheCatalog::clear(const CacheFilter& filter) {
    Statement q(db_, std::string("DELETE FROM response_cache AS c") + kWhere);
    bind_filter(q, filter);
    q.run();
    return db_.changes();
}

}  // namespace cascade
