#include "cascade/cost/tokenestimator.h"

#include <cctype>

namespace cascade {

namespace {

// UTF-8 lead and continuation bytes count as letters: accented words stay words.
bool letter(unsigned char c) {
    return std::isalpha(c) || c >= 0x80;
}
bool digit(unsigned char c) {
    return std::isdigit(c) != 0;
}
bool space(unsigned char c) {
    return std::isspace(c) != 0;
}

constexpr int kMessageFraming = 3;
constexpr int kReplyPriming = 3;

}  // namespace

std::int64_t TokenEstimator::count(std::string_view text) {
    std::int64_t tokens = 0;
    std::size_t i = 0;
    const std::size_t n = text.size();
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    while (i < n) {
        // One leading space joins the piece after it, as in the BPE pre-tokenizers.
        std::size_t start = i;
        if (at(i) == ' ' && i + 1 < n && !space(at(i + 1))) start = ++i;
        const unsigned char c = at(start);
        std::size_t end = start + 1;
        if (letter(c)) {
            std::int64_t letters = (c & 0xC0) != 0x80;
            while (end < n && letter(at(end))) letters += (at(end++) & 0xC0) != 0x80;
            tokens += letters <= 8 ? 1 : (letters + 5) / 6;
        } else if (digit(c)) {
            while (end < n && end - start < 3 && digit(at(end))) ++end;
            tokens += 1;
        } else if (space(c)) {
            while (end < n && space(at(end))) ++end;
            tokens += 1;
        } else {
            while (end < n && !space(at(end)) && !letter(at(end)) && !digit(at(end))) ++end;
            tokens += static_cast<std::int64_t>((end - start + 2) / 3);
        }
        i = end;
    }
    return tokens;
}

std::int64_t TokenEstimator::count_request(const Json& body) {
    std::int64_t tokens = kReplyPriming;
    if (const auto messages = body.find("messages"); messages != body.end() && messages->is_array())
        for (const auto& message : *messages) {
            tokens += kMessageFraming;
            const auto content = message.find("content");
            if (content != message.end() && content->is_string())
                tokens += count(content->get_ref<const std::string&>());
        }
    if (const Json* schema = find_pointer(body, "/response_format/json_schema"))
        tokens += count(canonical_dump(*schema));
    return tokens;
}

}  // namespace cascade
