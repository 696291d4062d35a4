#include "cascade/store/sqliteresponsecache.h"

#include "cascade/store/statement.h"

namespace cascade {

std::optional<CachedResponse> SqliteResponseCache::lookup(const std::string& key) {
    if (!lookup_)
        lookup_.emplace(store_.db(),
                        "SELECT response, text, tokens_in, tokens_out FROM response_cache WHERE "
                        "key = ?");
    lookup_->bind(1, key);
    std::optional<CachedResponse> found;
    if (lookup_->step())
        found = CachedResponse{lookup_->text(0), lookup_->text(1), lookup_->int64(2),
                               lookup_->int64(3)};
    lookup_->reset();
    return found;
}

void SqliteResponseCache::store(const std::string& key, const ModelConfig& model,
                                std::string_view request_body, const CachedResponse& response) {
    store_.begin_batch();
    if (!insert_)
        insert_.emplace(store_.db(),
                        "INSERT OR REPLACE INTO response_cache (key, provider, base_url, model, "
                        "request, response, text, tokens_in, tokens_out, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert_->bind(1, key)
        .bind(2, model.provider)
        .bind(3, model.base_url)
        .bind(4, model.model)
        .bind(5, request_body)
        .bind(6, response.response_body)
        .bind(7, response.text)
        .bind(8, response.tokens_in)
        .bind(9, response.tokens_out)
        .bind(10, utc_now_iso())
        .run();
    store_.maybe_commit();
}

}  // namespace cascade
