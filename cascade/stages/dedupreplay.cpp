#include "cascade/stages/dedupreplay.h"

#include <string>
#include <unordered_map>

namespace cascade {

DedupReplay::DedupReplay(const std::vector<Item>& items)
    : initial_(items.size(), -1), first_(items.size() + 1, 0) {
    std::unordered_map<std::string, std::uint32_t> index;
    index.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i)
        index.emplace(items[i].key, static_cast<std::uint32_t>(i));
    for (std::size_t i = 0; i < items.size(); ++i) {
        const Item& item = items[i];
        const auto neighbors = item.scores.find("neighbors");
        if (item.status == ItemStatus::Error)
            initial_[i] = 0;
        else if (neighbors != item.scores.end())
            for (const Json& entry : *neighbors) {
                // A neighbour that is not among the items, or the item itself, never filters it.
                const auto it = index.find(entry.value("key", ""));
                if (it == index.end() || it->second == i) continue;
                neighbor_.push_back(it->second);
                similarity_.push_back(entry.value("similarity", 0.0));
            }
        first_[i + 1] = static_cast<std::uint32_t>(neighbor_.size());
    }
}

std::vector<bool> DedupReplay::keep(double threshold) const {
    std::vector<std::int8_t> state = initial_;
    for (std::size_t i = 0; i < state.size(); ++i)
        if (state[i] < 0) decide(i, threshold, state);
    std::vector<bool> kept(state.size());
    for (std::size_t i = 0; i < state.size(); ++i) kept[i] = state[i] == 1;
    return kept;
}

bool DedupReplay::decide(std::size_t i, double threshold, std::vector<std::int8_t>& state) const {
    // Neighbours come earlier in input order, so in stage order each one is already decided;
    // the recursion only matters if a caller reordered the items.
    state[i] = 0;  // a cycle back to i reads it as not kept
    for (std::uint32_t n = first_[i]; n < first_[i + 1]; ++n) {
        if (similarity_[n] < threshold) continue;
        const std::uint32_t j = neighbor_[n];
        if (state[j] < 0 ? decide(j, threshold, state) : state[j] == 1) return false;
    }
    state[i] = 1;
    return true;
}

}  // namespace cascade
