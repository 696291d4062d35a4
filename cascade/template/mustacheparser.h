#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "cascade/template/templatenode.h"
#include "cascade/template/templatereference.h"

namespace cascade {

// Turns Mustache source into a node tree in one pass. Supports variables, {{{x}}}, {{& x}},
// sections, inverted sections, comments and the spec's standalone-line rule; partials and
// delimiter changes are rejected rather than silently rendered as text.
class MustacheParser {
public:
    MustacheParser(std::string_view text, std::string name);

    // Throws cascade::Error "name:line:col: message" on a syntax error.
    std::vector<TemplateNode> parse();
    // Every tag in source order; complete once parse() has returned.
    const std::vector<TemplateReference>& references() const { return references_; }

private:
    struct Tag {
        char sigil = 0;  // '#', '^', '/', '!', '&', '{' (triple mustache) or 0 (plain variable)
        std::string name;
        std::size_t begin = 0;  // offset of "{{"
        std::size_t end = 0;    // one past the closing braces
    };

    Tag read_tag(std::size_t open);
    // For a standalone tag, widens [literal_end, next) to cover its whole line.
    void widen_standalone(const Tag& tag, std::size_t* literal_end, std::size_t* next) const;
    void add_text(std::string_view text);
    void add_tag(const Tag& tag);
    void locate(std::size_t offset, int* line, int* column);
    [[noreturn]] void fail(int line, int column, const std::string& message) const;
    [[noreturn]] void fail_at(std::size_t offset, const std::string& message);

    std::string_view text_;
    std::string name_;
    // open_[0] collects the top level; each further entry is a section awaiting its close tag.
    std::vector<TemplateNode> open_;
    std::vector<TemplateReference> references_;
    // Tags are located in increasing order, so line/column are counted incrementally.
    std::size_t cursor_offset_ = 0;
    int cursor_line_ = 1;
    int cursor_column_ = 1;
};

}  // namespace cascade
