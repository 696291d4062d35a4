#pragma once

#include <QString>

#include <array>

#include "cascade/core/json.h"

// A short, readable one-line summary of an item's data, for tables and lists:
//  1. an object with a "candidates" array (retrieve items) -> "N candidates";
//  2. an object's first string among title, name, text, keyword, query, label, else its first
//     string field;
//  3. an object without strings -> its first array, e.g. "keywords: a, b, c";
//  4. a string as is, an array as "N elements" or its strings, anything else as compact JSON.
// ItemRowLoader does rules 1-2 in SQL for speed and falls back to of() for the rest.
class ItemSummary {
public:
    static QString of(const cascade::Json& data);
    // The item's main numeric score: score, similarity, relevance or cosine, else the first
    // number in scores; NaN when there is none.
    static double mainScore(const cascade::Json& scores);
    // "score 2 · min_score 3": the numbers and short words of scores, not the nested details
    // (rationales, neighbour lists) that the JSON view shows.
    static QString scoresLine(const cascade::Json& scores);
    // 2 -> "2", 0.9287 -> "0.929", NaN -> "".
    static QString formatScore(double score);
    // Collapses whitespace and caps the length, so that rows stay one line and small.
    static QString tidy(const QString& text);

    static constexpr int kMaxChars = 240;
    static constexpr std::array<const char*, 6> kPreferredFields = {"title",   "name",  "text",
                                                                    "keyword", "query", "label"};
    static constexpr std::array<const char*, 4> kScoreFields = {"score", "similarity", "relevance",
                                                                "cosine"};
};
