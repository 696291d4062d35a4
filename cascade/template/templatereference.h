#pragma once

#include <cstddef>
#include <string>

namespace cascade {

// One tag of a template, as written in its source: the GUI highlights these and underlines the
// variables that the preview context cannot resolve.
struct TemplateReference {
    enum class Kind {
        variable,     // {{x}}, {{{x}}}, {{& x}}, {{.}}
        section,      // {{#x}}
        inverted,     // {{^x}}
        section_end,  // {{/x}}
        comment,      // {{! text }}: name holds the trimmed text
    };

    std::string name;
    std::size_t offset = 0;  // byte offset of "{{" in the source
    std::size_t length = 0;  // bytes of the whole tag, braces included
    Kind kind = Kind::variable;
};

}  // namespace cascade
