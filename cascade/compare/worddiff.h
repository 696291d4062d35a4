#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cascade {

// A word-level diff for showing how an item's text changed between two runs. Texts are split
// into words (letters, digits and UTF-8 sequences), whitespace runs and single punctuation
// marks, so that "Fresh, fast" -> "Fresh and fast" marks only the comma and "and" as changed.
class WordDiff {
public:
    enum class Op { Same, Added, Removed };

    struct Segment {
        std::string text;
        Op op = Op::Same;
    };

    struct Result {
        std::vector<Segment> segments;  // consecutive tokens with the same op are merged
        int words_added = 0;            // word tokens only, not whitespace or punctuation
        int words_removed = 0;
        bool changed = false;  // any token differs, whitespace and punctuation included
    };

    static Result diff(std::string_view a, std::string_view b);
    static std::vector<std::string> tokenize(std::string_view text);
    static const char* to_string(Op op);
};

}  // namespace cascade
