#pragma once

#include <QString>

#include <limits>

#include "cascade/core/item.h"

// One inspector row, compact: what the table shows, sorts and filters on. The item itself (JSON
// data, call) is read from the store only for the selected row.
struct ItemRow {
    QString key;
    QString summary;
    QString reason;
    QString folded;  // case-folded key, summary and reason: the text filter is one contains()
    double score = std::numeric_limits<double>::quiet_NaN();  // NaN: the item has no score
    cascade::ItemStatus status = cascade::ItemStatus::Kept;
};
