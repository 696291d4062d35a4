#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cascade/index/searchhit.h"

namespace cascade {

// One HNSW graph over L2-normalised vectors (inner-product space, similarity = 1 - distance),
// labelled with corpus indexes. It wraps hnswlib, and hnswshard.cpp is the only file that may
// include it: hnswlib's headers define non-inline globals and would not link twice.
class HnswShard {
public:
    // An empty graph for up to `capacity` vectors; `seed` fixes hnswlib's level draws.
    HnswShard(int dims, std::size_t capacity, int M, int ef_construction, std::uint64_t seed);
    ~HnswShard();
    HnswShard(const HnswShard&) = delete;
    HnswShard& operator=(const HnswShard&) = delete;

    // Loads a file written by save() holding `count` vectors labelled first_label, +1, ...
    // The header and the layout of the file are checked before hnswlib reads it, and the graph
    // after, so a damaged file is an Error saying what is wrong, never a crash.
    static std::unique_ptr<HnswShard> load(const std::string& path, int dims, std::size_t count,
                                           int M, std::uint32_t first_label);

    // Not thread-safe: one thread inserting in a fixed order is what makes the graph
    // reproducible. Vectors are copied.
    void add(const float* vector, std::uint32_t label);

    // Throws Error when the file could not be written completely.
    void save(const std::string& path) const;

    std::size_t size() const;
    // The vector inserted at `position` (insertion order).
    const float* vector(std::size_t position) const;

    // Append up to k hits to out, in no particular order. Both are safe to call concurrently.
    void search(const float* query, std::size_t k, std::size_t ef,
                std::vector<SearchHit>& out) const;
    void exact_search(const float* query, std::size_t k, std::vector<SearchHit>& out) const;

private:
    struct Impl;
    explicit HnswShard(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace cascade
