#pragma once

#include <string>
#include <vector>

namespace cascade {

// A parsed template element. Sections own the nodes between their open and close tags.
struct TemplateNode {
    enum class Kind { text, variable, section, inverted };

    Kind kind = Kind::text;
    std::string text;  // the literal text, or the tag's name
    bool raw = false;  // {{{x}}} and {{& x}}: never HTML-escaped
    int line = 0;      // where the tag starts (1-based), for render-time errors
    int column = 0;
    std::vector<TemplateNode> children;
};

}  // namespace cascade
