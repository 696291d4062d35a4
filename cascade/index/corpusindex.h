#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cascade/core/runcontext.h"
#include "cascade/embed/embedder.h"
#include "cascade/index/corpus.h"
#include "cascade/index/hnswshard.h"
#include "cascade/index/indexmanifest.h"
#include "cascade/index/indexparams.h"
#include "cascade/index/indexstatus.h"
#include "cascade/index/searchhit.h"

namespace cascade {

// Nearest-neighbour search over a corpus's embedded terms: HNSW for speed, exact search over
// the same stored vectors to measure recall.
//
// The corpus is split into params.shards contiguous ranges, and each range is built into its
// own graph by one thread, inserting in corpus order with a fixed seed. The split is config,
// not the machine's core count, so every build of the same corpus, embedder and params gives
// the same graphs, and every query the same hits: offline replays rely on that. A query
// searches each shard and merges their top k.
//
// Saved as <dir>/<name>-<key16>.hnsw (a JSON manifest, see IndexManifest) and one hnswlib file
// per shard beside it, where the key hashes the corpus terms, the embedder identity and the
// build params. Vectors live only inside the graphs (no second copy once built), which keeps
// memory at about count * (4 * dims + 8 * M + 120) bytes: about 220 MB for 300K terms at 128 dims.
class CorpusIndex {
public:
    // fraction in [0, 1] and what is happening, called on the calling thread.
    using Progress = std::function<void(double fraction, const std::string& message)>;

    // Embeds and builds in memory.
    static CorpusIndex build(const Corpus& corpus, Embedder& embedder, const IndexParams& params,
                             RunContext& ctx, const Progress& progress = {});

    // Loads the saved index that matches (corpus, embedder, params), or builds and saves one,
    // saying why in status() (and through progress): nothing saved yet, corpus / embedder /
    // params changed, dims mismatch, or a damaged file. A saved index that cannot be used is
    // never fatal; older indexes of the same corpus name are deleted after a successful save.
    // A failed save leaves the index usable and says so in status().message.
    static CorpusIndex open_or_build(const Corpus& corpus, Embedder& embedder,
                                     const IndexParams& params, const std::string& dir,
                                     const std::string& name, RunContext& ctx,
                                     const Progress& progress = {});

    // Writes the manifest and shard files; returns the manifest path.
    std::string save(const std::string& dir, const std::string& name) const;

    // Up to k hits, most similar first (ties by term index). ef <= 0 means params().ef_search;
    // ef below k is raised to k. Safe to call from several threads.
    std::vector<SearchHit> search(const float* query, int k, int ef = 0) const;
    // Brute force over every stored vector; same order and similarity values as search().
    std::vector<SearchHit> exact_search(const float* query, int k) const;

    // The stored vector of a corpus term.
    const float* vector(std::size_t term) const;

    std::size_t size() const { return size_; }
    int dims() const { return dims_; }
    const IndexParams& params() const { return params_; }
    const std::string& key() const { return key_; }
    const IndexStatus& status() const { return status_; }

    CorpusIndex(CorpusIndex&&) noexcept;
    CorpusIndex& operator=(CorpusIndex&&) noexcept;
    ~CorpusIndex();

private:
    CorpusIndex() = default;
    static CorpusIndex load(const std::string& path, const IndexManifest& manifest,
                            const IndexParams& params);

    std::vector<std::unique_ptr<HnswShard>> shards_;
    std::vector<std::uint32_t> firsts_;  // first term of each shard
    std::size_t size_ = 0;
    int dims_ = 0;
    IndexParams params_;
    std::string key_, corpus_hash_, embedder_;
    IndexStatus status_;
};

}  // namespace cascade
