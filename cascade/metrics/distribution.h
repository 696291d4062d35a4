#pragma once

#include <cstddef>
#include <vector>

namespace cascade {

// Summary of a sample of values (latencies, agreement scores): the nearest-rank percentiles that
// the pipeline strip, compare and the report print. Keeps a sorted copy of the values.
class Distribution {
public:
    Distribution() = default;
    explicit Distribution(std::vector<double> values);

    std::size_t size() const { return sorted_.size(); }
    bool empty() const { return sorted_.empty(); }
    // p in [0, 1]; 0 for an empty sample.
    double percentile(double p) const;
    double mean() const;
    double min() const { return empty() ? 0.0 : sorted_.front(); }
    double max() const { return empty() ? 0.0 : sorted_.back(); }
    const std::vector<double>& sorted() const { return sorted_; }

private:
    std::vector<double> sorted_;
};

}  // namespace cascade
