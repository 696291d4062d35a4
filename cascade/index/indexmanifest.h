#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cascade/core/json.h"
#include "cascade/index/indexparams.h"
#include "cascade/index/indexstatus.h"

namespace cascade {

// The small JSON file <dir>/<corpus>-<key16>.hnsw describing a saved corpus index: what it
// was built from, and for each shard (a hnswlib file beside it, <corpus>-<key16>.hnsw.<i>)
// which terms it holds, its size and its checksum. It is written last, so a manifest only
// exists for a complete index.
struct IndexManifest {
    struct Shard {
        std::string file;  // a file name in the manifest's folder
        std::uint32_t first = 0;
        std::uint32_t count = 0;
        std::uint64_t bytes = 0;
        std::string checksum;  // file_checksum()
    };

    std::string key;
    std::string corpus_hash;
    std::size_t corpus_size = 0;
    std::string embedder;
    int dims = 0;
    IndexParams params;
    std::vector<Shard> shards;

    // Binds the saved files to their inputs; bumping the format string forces rebuilds.
    static std::string make_key(const std::string& corpus_hash, const std::string& embedder,
                                const IndexParams& params);

    // <dir>/<name>-<first 16 hex digits of key>.hnsw, with `name` made filename-safe.
    static std::string path_for(const std::string& dir, const std::string& name,
                                const std::string& key);
    // The most recently written readable manifest of `name` in dir with another key: what an
    // earlier build was made from, to say why it no longer fits.
    static std::optional<IndexManifest> newest_other(const std::string& dir,
                                                     const std::string& name,
                                                     const std::string& key);
    // Deletes the files of every saved index of `name` in dir except the one with `key`.
    static void remove_others(const std::string& dir, const std::string& name,
                              const std::string& key);

    Json to_json() const;
    // Throws Error naming `source` when the JSON is not a manifest.
    static IndexManifest from_json(const Json& json, const std::string& source);
    static IndexManifest read(const std::string& path);
    void write(const std::string& path) const;  // temporary file + rename
    // The manifest at `path` and its shard files.
    std::uint64_t bytes_on_disk(const std::string& path) const;

    // Why an index described by *this cannot serve `wanted` (None when it can), and in words.
    std::pair<IndexReason, std::string> difference(const IndexManifest& wanted) const;
};

// SHA-256 over a file read in 1 MiB pieces (cascade::Sha256, so not sha256sum's value).
std::string file_checksum(const std::string& path);

}  // namespace cascade
