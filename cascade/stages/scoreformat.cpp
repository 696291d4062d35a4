#include "cascade/stages/scoreformat.h"

#include <cmath>
#include <cstdio>

namespace cascade {

double ScoreFormat::round4(double value) {
    return std::round(value * 1e4) / 1e4;
}

std::string ScoreFormat::fixed(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

std::string ScoreFormat::number(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.6g", value);
    return buffer;
}

std::string ScoreFormat::quoted(const std::string& text, std::size_t max_chars) {
    std::size_t chars = 0;
    std::size_t end = 0;
    // Count UTF-8 lead bytes so a cut never splits a code point.
    for (; end < text.size(); ++end) {
        if ((static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) continue;
        if (chars == max_chars) break;
        ++chars;
    }
    return "\"" + text.substr(0, end) + (end < text.size() ? "...\"" : "\"");
}

}  // namespace cascade
