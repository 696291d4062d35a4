#pragma once

#include <string_view>

#include "cascade/embed/embedder.h"

namespace cascade {

// The built-in embedder: no download, deterministic on every machine. Features are the
// character 3-5-grams of the lower-cased text padded with spaces, plus its words and word
// bigrams; each is hashed (FNV-1a, then murmur3's finaliser) to a bucket and a sign, words
// weighing more than n-grams, and the row is L2-normalised. It has no state besides dims, so
// one instance may embed from several threads at once.
class HashingEmbedder : public Embedder {
public:
    // Part of identity(): bump it whenever features, hashing or weights change.
    static constexpr int kVersion = 1;

    explicit HashingEmbedder(int dims = 256);

    int dims() const override { return dims_; }
    std::string identity() const override;
    void embed(std::span<const std::string> texts, float* out, RunContext& ctx) override;

    // One row of dims() floats.
    void embed_text(std::string_view text, float* out) const;

    // Same rows as embed(), computed on `threads` threads over contiguous ranges.
    void embed_parallel(std::span<const std::string> texts, float* out, int threads,
                        RunContext& ctx) const;

private:
    int dims_;
};

}  // namespace cascade
