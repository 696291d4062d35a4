#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cascade {

// Text to quote (in a prompt, a message) cut to about max_bytes: its head and its tail with
// "[... N bytes cut ...]" between them, never splitting a UTF-8 sequence. Shorter text is
// returned whole.
std::string clip_middle(std::string_view text, std::size_t max_bytes);

}  // namespace cascade
