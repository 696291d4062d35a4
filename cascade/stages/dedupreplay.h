#pragma once

#include <cstdint>
#include <vector>

#include "cascade/core/item.h"

namespace cascade {

// Dedup's greedy pass replayed from each item's scores.neighbors, read once into flat arrays
// (neighbour indices and similarities in CSR form), so that deciding 100K items at another
// threshold walks arrays instead of JSON. Items in stage order; DedupStage::run() decides
// through this class too.
class DedupReplay {
public:
    explicit DedupReplay(const std::vector<Item>& items);

    std::vector<bool> keep(double threshold) const;

private:
    // state per item: -1 undecided, 0 filtered (or being decided), 1 kept.
    bool decide(std::size_t i, double threshold, std::vector<std::int8_t>& state) const;

    std::vector<std::int8_t> initial_;  // the state before deciding: error items are filtered
    std::vector<std::uint32_t> first_;  // item i's neighbours are [first_[i], first_[i + 1])
    std::vector<std::uint32_t> neighbor_;
    std::vector<double> similarity_;
};

}  // namespace cascade
