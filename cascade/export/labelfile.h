#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "cascade/store/storerecords.h"

namespace cascade {

// Review labels as JSONL, so that a team can share them: one label per line,
// {"stage", "content_hash", "truth": "keep" | "drop", "note", "item_key", "updated_at"}.
// Run ids stay out: they mean nothing in another store.
class LabelFile {
public:
    static void write(std::ostream& out, const std::vector<Label>& labels);

    struct Read {
        std::vector<Label> labels;
        std::vector<std::string> errors;  // "file:line: /path: expected ..., got ..."
    };
    // Reads every line it can; a bad line is an error naming it and is skipped.
    static Read read(std::istream& in, const std::string& name);
};

}  // namespace cascade
