#include "cascade/core/textclip.h"

namespace cascade {

namespace {

bool continues_a_character(char byte) {
    return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

}  // namespace

std::string clip_middle(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return std::string(text);
    std::size_t head = max_bytes / 2;
    while (head > 0 && continues_a_character(text[head])) --head;
    std::size_t tail = text.size() - max_bytes / 2;
    while (tail < text.size() && continues_a_character(text[tail])) ++tail;
    std::string clipped(text.substr(0, head));
    clipped += "\n[... " + std::to_string(tail - head) + " bytes cut ...]\n";
    clipped += text.substr(tail);
    return clipped;
}

}  // namespace cascade
