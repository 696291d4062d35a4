#pragma once

#include <cstdint>

namespace cascade {

// One corpus term found by a search: its index in the corpus and its cosine to the query.
struct SearchHit {
    std::uint32_t term = 0;
    float similarity = 0.0f;

    bool operator==(const SearchHit&) const = default;
};

// Result order: most similar first, ties by corpus index so that equal scores never reorder.
inline bool ranks_before(const SearchHit& a, const SearchHit& b) {
    if (a.similarity != b.similarity) return a.similarity > b.similarity;
    return a.term < b.term;
}

}  // namespace cascade
