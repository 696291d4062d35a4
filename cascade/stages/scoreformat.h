#pragma once

#include <string>

namespace cascade {

// How gates write numbers into scores and reasons. Scores are rounded to 4 decimals before a
// gate decides on them, so a decision recomputed from stored scores is the same decision.
class ScoreFormat {
public:
    // Rounded to 4 decimals: what gates store and compare.
    static double round4(double value);
    // Fixed decimals, for similarities and relevances: "0.93", "0.90".
    static std::string fixed(double value, int decimals = 2);
    // Shortest form, for judge scores: "2", "2.5", "3.25".
    static std::string number(double value);
    // A text in double quotes, cut to max_chars code points with "..." so reasons stay readable.
    static std::string quoted(const std::string& text, std::size_t max_chars = 80);
};

}  // namespace cascade
