#pragma once

#include <cstdint>
#include <optional>

namespace cascade {

// Two binary raters on the same items, e.g. a gate against human labels or a cross-encoder gate
// against an LLM judge. "Positive" is whatever the caller counts as the event of interest (for
// gates: "filtered"). Rows are rater A, columns rater B.
struct ConfusionMatrix {
    std::int64_t both_positive = 0;    // A yes, B yes
    std::int64_t only_a_positive = 0;  // A yes, B no
    std::int64_t only_b_positive = 0;  // A no, B yes
    std::int64_t both_negative = 0;    // A no, B no

    void add(bool a_positive, bool b_positive);
    std::int64_t total() const;

    // Share of items on which A and B agree; empty when there are no items.
    std::optional<double> agreement() const;
    // Cohen's kappa: agreement corrected for the agreement expected by chance from each rater's
    // marginals. Empty when there are no items, or when chance agreement is 1 (both raters say
    // the same thing for every item, so kappa is undefined).
    std::optional<double> kappa() const;
    // Taking B as the truth: precision and recall of A's positives. Empty when undefined.
    std::optional<double> precision() const;
    std::optional<double> recall() const;
};

}  // namespace cascade
