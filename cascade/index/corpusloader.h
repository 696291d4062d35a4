#pragma once

#include <string>
#include <string_view>

#include "cascade/index/corpus.h"

namespace cascade {

// Reads a corpus file. Bad lines are not errors: they are skipped and summed up in
// Corpus::notes (empty lines, empty terms, invalid JSONL lines, duplicates). Terms are trimmed,
// and a term equal to an earlier one ignoring ASCII case is dropped, keeping the first.
//
// TSV: the first column is the term, further columns are metadata. A first line that starts
// with '#', or whose first field is "term", names the columns ("# term<TAB>department");
// without one, extra columns are named col2, col3, ...
// JSONL (.jsonl, .ndjson, .json): one object per line with a string "term"; its other keys are
// the metadata.
class CorpusLoader {
public:
    // A missing or unreadable file is an Error naming the path.
    static Corpus load(const std::string& path);

    static Corpus parse_tsv(std::string_view text, const std::string& source);
    static Corpus parse_jsonl(std::string_view text, const std::string& source);
};

}  // namespace cascade
