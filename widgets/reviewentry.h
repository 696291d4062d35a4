#pragma once

#include <QString>

#include <limits>

#include "cascade/core/item.h"

// One filtered item in the review, compact: what the list shows and the label is keyed by.
struct ReviewEntry {
    QString stage;
    QString key;
    QString contentHash;  // cascade::LabelStore::content_hash(data): what a label follows
    cascade::ItemStatus decision = cascade::ItemStatus::Filtered;  // the run's, on screen
    QString reason;
    QString group;    // ReasonGrouper::group(reason)
    QString summary;  // ItemSummary::of(data)
    QString scores;   // "score 2 · min_score 3"
    double score = std::numeric_limits<double>::quiet_NaN();
};
