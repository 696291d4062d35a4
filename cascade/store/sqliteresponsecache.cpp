#include "cascade/store/sqliteresponsecache.h"

#include "cascade/store/statement.h"

namespace cascade {

std::optional<CachedResponse> SqliteResponseCache::lookup(const std::string& key) {
    if (use_.refresh) return std::nullopt;
    if (!lookup_)
        lookup_.emplace(store_.db(),
                        "SELECT response, text, tokens_in, tokens_out, source FROM response_cache "
                        "WHERE key = ? AND (? OR rejected = '') AND (? OR source <> 'recorded')");
    lookup_->bind(1, key).bind(2, use_.rejected ? 1 : 0).bind(3, use_.recorded ? 1 : 0);
    std::optional<CachedResponse> found;
    if (lookup_->step())
        found = CachedResponse{lookup_->text(0), lookup_->text(1), lookup_->int64(2),
                               lookup_->int64(3), reply_source_from_string(lookup_->text(4))};
    lookup_->reset();
    return found;
}

void SqliteResponseCache::store(const std::string& key, const ModelConfig& model,
                                std::string_view request_body, const CachedResponse& response) {
    store_.begin_batch();
    if (!insert_)
        insert_.emplace(store_.db(),
                        "INSERT OR REPLACE INTO response_cache (key, provider, base_url, model, "
                        "request, response, text, tokens_in, tokens_out, created_at, source) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
        .bind(11, to_string(response.source))
        .run();
    store_.maybe_commit();
}

void SqliteResponseCache::reject(const std::string& key, const std::string& reason) {
    store_.begin_batch();
    if (!reject_)
        reject_.emplace(store_.db(), "UPDATE response_cache SET rejected = ? WHERE key = ?");
    reject_->bind(1, reason.empty() ? std::string("rejected") : reason).bind(2, key).run();
    store_.maybe_commit();
}

}  // namespace cascade
