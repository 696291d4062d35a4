#pragma once

#include <optional>
#include <span>
#include <string>

#include "cascade/store/database.h"
#include "cascade/store/statement.h"

namespace cascade {

// Vectors of remote embedders in the run store (table embedding_cache), keyed by the embedder's
// identity and the SHA-256 of the text, so a corpus or a query is paid for once. Rows are raw
// float32 in host byte order; a row of the wrong size reads as a miss.
class EmbeddingCache {
public:
    explicit EmbeddingCache(Database& db);

    // Copies the vector into out (dims floats) and returns true on a hit.
    bool lookup(const std::string& embedder, const std::string& text, int dims, float* out);

    // Stores texts.size() rows of dims floats; one transaction unless the caller holds one.
    void store(const std::string& embedder, std::span<const std::string> texts, int dims,
               const float* rows);

private:
    Database& db_;
    std::optional<Statement> select_;
    std::optional<Statement> insert_;
};

}  // namespace cascade
