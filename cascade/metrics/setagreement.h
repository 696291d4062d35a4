#pragma once

#include <string>
#include <vector>

namespace cascade {

// Jaccard similarity of two sets of strings (|A ∩ B| / |A ∪ B|), after trimming and lower-casing
// each element and dropping duplicates: how far a student's keyword list matches the teacher's.
// Two empty sets agree fully (1.0).
double jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b);

// The element normalisation jaccard() uses: trimmed, ASCII lower-case, inner whitespace runs
// collapsed to one space.
std::string normalise_term(const std::string& text);

}  // namespace cascade
