#include "cascade/metrics/setagreement.h"

#include <algorithm>
#include <set>

namespace cascade {

std::string normalise_term(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (const char c : text) {
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (space) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

double jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::set<std::string> left, right;
    for (const auto& term : a) left.insert(normalise_term(term));
    for (const auto& term : b) right.insert(normalise_term(term));
    if (left.empty() && right.empty()) return 1.0;
    std::vector<std::string> common;
    std::set_intersection(left.begin(), left.end(), right.begin(), right.end(),
                          std::back_inserter(common));
    const auto together = left.size() + right.size() - common.size();
    return static_cast<double>(common.size()) / static_cast<double>(together);
}

}  // namespace cascade
