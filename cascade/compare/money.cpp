#include "cascade/compare/money.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cascade {

std::string format_money(double dollars) {
    char buffer[48];
    const double size = std::fabs(dollars);
    if (size == 0.0) return "$0";
    const int decimals =
        size >= 1.0 ? 2 : std::clamp(2 - static_cast<int>(std::floor(std::log10(size))), 2, 9);
    std::snprintf(buffer, sizeof buffer, "%s$%.*f", dollars < 0 ? "-" : "", decimals, size);
    return buffer;
}

}  // namespace cascade
