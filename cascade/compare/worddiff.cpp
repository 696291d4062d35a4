#include "cascade/compare/worddiff.h"

#include <cctype>

#include <dtl/dtl.hpp>

namespace cascade {

namespace {

enum class CharClass { Word, Space, Punct };

CharClass classify(unsigned char c) {
    // Bytes >= 0x80 belong to UTF-8 sequences: letters of other scripts stay inside words.
    if (std::isalnum(c) || c >= 0x80 || c == '_') return CharClass::Word;
    if (std::isspace(c)) return CharClass::Space;
    return CharClass::Punct;
}

bool is_word(const std::string& token) {
    return !token.empty() && classify(static_cast<unsigned char>(token[0])) == CharClass::Word;
}

}  // namespace

std::vector<std::string> WordDiff::tokenize(std::string_view text) {
    std::vector<std::string> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        const CharClass kind = classify(static_cast<unsigned char>(text[i]));
        std::size_t end = i + 1;
        if (kind != CharClass::Punct)
            while (end < text.size() && classify(static_cast<unsigned char>(text[end])) == kind)
                ++end;
        tokens.emplace_back(text.substr(i, end - i));
        i = end;
    }
    return tokens;
}

WordDiff::Result WordDiff::diff(std::string_view a, std::string_view b) {
    const auto left = tokenize(a);
    const auto right = tokenize(b);
    dtl::Diff<std::string, std::vector<std::string>> engine(left, right);
    // Bounds memory on long texts; the edit script stays valid, only possibly less minimal.
    engine.onHuge();
    engine.compose();
    Result result;
    for (const auto& [token, info] : engine.getSes().getSequence()) {
        Op op = Op::Same;
        if (info.type == dtl::SES_ADD)
            op = Op::Added;
        else if (info.type == dtl::SES_DELETE)
            op = Op::Removed;
        if (op != Op::Same) {
            result.changed = true;
            if (is_word(token)) ++(op == Op::Added ? result.words_added : result.words_removed);
        }
        if (!result.segments.empty() && result.segments.back().op == op)
            result.segments.back().text += token;
        else
            result.segments.push_back({token, op});
    }
    return result;
}

const char* WordDiff::to_string(Op op) {
    switch (op) {
        case Op::Same:
            return "same";
        case Op::Added:
            return "added";
        case Op::Removed:
            return "removed";
    }
    return "same";
}

}  // namespace cascade
