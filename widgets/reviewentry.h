#pragma once

#include <QString>

#include <limits>

// One filtered item in the review, compact: what the list shows and the label is keyed by.
struct ReviewEntry {
    QString stage;
    QString key;
    QString reason;
    QString group;    // ReasonGrouper::group(reason)
    QString summary;  // ItemSummary::of(data)
    QString scores;   // "score 2 · min_score 3"
    double score = std::numeric_limits<double>::quiet_NaN();
};
