#pragma once

#include <string>

#include "cascade/core/json.h"

namespace cascade {

// HNSW parameters of a corpus index (cascade.json corpora.<name>.index). The defaults meet the
// 300K-term targets on 2 cores; see tests/bench/bench_index.cpp for the measured figures.
struct IndexParams {
    int M = 12;                 // graph degree (layer 0 keeps 2*M links)
    int ef_construction = 100;  // candidate list while inserting
    int ef_search = 128;        // default candidate list per query
    // Fixed split of the corpus, built one thread per shard. It is configuration, not the
    // machine's core count, so that every machine builds the same graphs.
    int shards = 2;

    // Missing keys keep their defaults; a bad value is an Error naming `where` and the key.
    static IndexParams from_json(const Json& json, const std::string& where);
    Json to_json() const;

    // What shapes the built graphs; ef_search is chosen per query, so it is left out.
    std::string build_signature() const;

    bool operator==(const IndexParams&) const = default;
};

}  // namespace cascade
