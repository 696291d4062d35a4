#include "cascade/metrics/confusionmatrix.h"

namespace cascade {

namespace {

std::optional<double> ratio(std::int64_t part, std::int64_t whole) {
    if (whole <= 0) return std::nullopt;
    return static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

void ConfusionMatrix::add(bool a_positive, bool b_positive) {
    if (a_positive && b_positive)
        ++both_positive;
    else if (a_positive)
        ++only_a_positive;
    else if (b_positive)
        ++only_b_positive;
    else
        ++both_negative;
}

std::int64_t ConfusionMatrix::total() const {
    return both_positive + only_a_positive + only_b_positive + both_negative;
}

std::optional<double> ConfusionMatrix::agreement() const {
    return ratio(both_positive + both_negative, total());
}

std::optional<double> ConfusionMatrix::kappa() const {
    const auto n = static_cast<double>(total());
    if (n <= 0) return std::nullopt;
    const double observed = static_cast<double>(both_positive + both_negative) / n;
    const double a_yes = static_cast<double>(both_positive + only_a_positive) / n;
    const double b_yes = static_cast<double>(both_positive + only_b_positive) / n;
    const double chance = a_yes * b_yes + (1.0 - a_yes) * (1.0 - b_yes);
    if (chance >= 1.0) return std::nullopt;
    return (observed - chance) / (1.0 - chance);
}

std::optional<double> ConfusionMatrix::precision() const {
    return ratio(both_positive, both_positive + only_a_positive);
}

std::optional<double> ConfusionMatrix::recall() const {
    return ratio(both_positive, both_positive + only_b_positive);
}

}  // namespace cascade
