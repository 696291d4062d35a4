#include "cascade/metrics/distribution.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace cascade {

Distribution::Distribution(std::vector<double> values) : sorted_(std::move(values)) {
    // NaNs would break the ordering, and no measured quantity here is legitimately NaN.
    std::erase_if(sorted_, [](double v) { return std::isnan(v); });
    std::sort(sorted_.begin(), sorted_.end());
}

double Distribution::percentile(double p) const {
    if (sorted_.empty()) return 0.0;
    p = std::clamp(p, 0.0, 1.0);
    const auto rank = static_cast<std::size_t>(p * static_cast<double>(sorted_.size() - 1) + 0.5);
    return sorted_[std::min(rank, sorted_.size() - 1)];
}

double Distribution::mean() const {
    if (sorted_.empty()) return 0.0;
    return std::accumulate(sorted_.begin(), sorted_.end(), 0.0) /
           static_cast<double>(sorted_.size());
}

}  // namespace cascade
