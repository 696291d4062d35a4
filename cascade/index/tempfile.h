#pragma once

#include <random>
#include <string>

namespace cascade {

// A sibling of `path` to write before renaming it into place. The random part keeps two
// processes that save the same file at once from writing into each other's temporary.
inline std::string unique_temp_path(const std::string& path) {
    std::random_device random;
    static const char digits[] = "0123456789abcdef";
    std::string suffix = ".tmp";
    for (int i = 0; i < 2; ++i)
        for (unsigned value = random(), d = 0; d < 8; ++d, value >>= 4)
            suffix += digits[value & 15];
    return path + suffix;
}

}  // namespace cascade
