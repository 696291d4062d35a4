#pragma once

#include <string>

#include "cascade/core/json.h"

namespace cascade {

// HNSW parameters of a corpus index (cascade.json corpora.<name>.index).
//
// The defaults were measured with tests/bench/bench_index on the 300K-term Shopping Hub
// corpus, 2 shards on a 2-core machine, top-100 queries at ef=128 (CPU time, so that other
// load on the machine does not count):
//   hashing dims 128, M=12, ef_construction=100: build 70.6 CPU s (35 s on 2 cores),
//     query p50 0.64 ms, recall@100 0.971, reload 0.42 s, peak RSS 484 MiB, 189 MB on disk
//   dims 128, M=16, ef_construction=100: build 76.3 CPU s, p50 0.75 ms, recall 0.975
//   dims 128, M=12, ef_construction=64:  build 47.8 CPU s, p50 0.72 ms, recall 0.949
//   dims 256, M=12, ef_construction=100: build 115.6 CPU s (58 s), p50 1.01 ms, recall 0.962
//   dims 256, M=12, ef_construction=64:  build 76.9 CPU s, p50 0.98 ms, recall 0.943
// Memory traffic dominates, so 128-dim hashing vectors are the ones that meet every target;
// they retrieve as well as 256 on this corpus (96% vs 96% of top-100 hits on topic).
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
