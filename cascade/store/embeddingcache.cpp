#include "cascade/store/embeddingcache.h"

#include <cstring>

#include "cascade/core/hash.h"

namespace cascade {

EmbeddingCache::EmbeddingCache(Database& db) : db_(db) {}

bool EmbeddingCache::lookup(const std::string& embedder, const std::string& text, int dims,
                            float* out) {
    if (!select_)
        select_.emplace(db_,
                        "SELECT vector FROM embedding_cache WHERE embedder = ? AND text_hash = ?");
    select_->bind(1, embedder).bind(2, sha256_hex(text));
    bool hit = false;
    if (select_->step()) {
        int size = 0;
        const void* blob = select_->blob(0, &size);
        hit = blob && size == dims * static_cast<int>(sizeof(float));
        if (hit) std::memcpy(out, blob, static_cast<std::size_t>(size));
    }
    select_->reset();  // ends the read, so the WAL can be checkpointed
    return hit;
}

void EmbeddingCache::store(const std::string& embedder, std::span<const std::string> texts,
                           int dims, const float* rows) {
    if (!insert_)
        insert_.emplace(db_,
                        "INSERT OR REPLACE INTO embedding_cache (embedder, text_hash, vector) "
                        "VALUES (?, ?, ?)");
    // Join the run store's write batch when one is open; otherwise batch these rows ourselves.
    std::optional<Transaction> transaction;
    if (sqlite3_get_autocommit(db_.handle())) transaction.emplace(db_);
    const auto bytes = dims * static_cast<int>(sizeof(float));
    for (std::size_t i = 0; i < texts.size(); ++i) {
        insert_->bind(1, embedder)
            .bind(2, sha256_hex(texts[i]))
            .bind_blob(3, rows + i * static_cast<std::size_t>(dims), bytes)
            .run();
    }
    if (transaction) transaction->commit();
}

}  // namespace cascade
