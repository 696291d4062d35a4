#pragma once

#include <cstdint>
#include <string>

namespace cascade {

// Why a corpus index was built instead of loaded.
enum class IndexReason {
    None,             // a saved index matched and was loaded
    Missing,          // nothing saved for this corpus yet (or it was built in memory only)
    CorpusChanged,    // the terms differ from those the saved index was built from
    EmbedderChanged,  // same dims, but another embedder or embedder version
    DimsMismatch,     // the saved vectors have another length than the embedder's
    ParamsChanged,    // M, ef_construction or shards differ
    Corrupt,          // a saved file is damaged, truncated or inconsistent
};

// How CorpusIndex::open_or_build obtained its index, to show a person.
struct IndexStatus {
    bool built = false;
    IndexReason reason = IndexReason::None;
    std::string message;  // one readable sentence, e.g. "rebuilt: dims mismatch (...)"
    std::string path;     // the saved manifest; empty when not saved
    std::uint64_t bytes_on_disk = 0;
    double seconds = 0.0;  // loading, or embedding + building + saving
};

}  // namespace cascade
