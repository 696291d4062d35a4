#pragma once

#include <string>
#include <vector>

#include "cascade/core/json.h"

namespace cascade {

// A list of unique terms (e.g. keyword search terms) with optional metadata per term.
struct Corpus {
    std::vector<std::string> terms;
    // Empty when no term has metadata; otherwise one entry per term: an object, or null.
    std::vector<Json> metadata;
    // What loading or generating noticed, readable as is ("3 empty lines skipped", ...).
    std::vector<std::string> notes;

    std::size_t size() const { return terms.size(); }

    // SHA-256 over the terms in order: all that an index depends on (metadata is not embedded).
    std::string content_hash() const;

    // "# term<TAB>column..." then one line per term, written to a temporary file and renamed
    // into place, so a reader never sees half a file. Columns are the metadata keys in the
    // order first seen; tabs and line breaks inside values become spaces.
    void write_tsv(const std::string& path) const;
};

}  // namespace cascade
