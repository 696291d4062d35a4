#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cascade/core/item.h"
#include "cascade/run/stageregistry.h"

namespace cascade {

// The one number a threshold gate (judge, rerank, retrieve) compares, read out of each item's
// scores once, so that a sweep decides 100K items at a threshold with one comparison each.
// NaN marks an item that no threshold keeps (an error item, a missing score). A stage's run()
// decides with passes() on the same number, so a sweep matches a re-run item for item.
class ScoreColumn {
public:
    using Reader = std::function<double(const Item&)>;

    ScoreColumn(const std::vector<Item>& items, const Reader& read);

    static bool passes(double score, double threshold) { return score >= threshold; }
    std::vector<bool> keep(double threshold) const;

    // scores[field] of a non-error item when it is a number, NaN otherwise.
    static double number(const Item& item, const std::string& field);
    // prepare_sweep for a kind whose reader depends only on the stage config.
    static StageKind::PrepareSweep prepare(std::function<Reader(const StageConfig&)> reader_for);

private:
    std::vector<double> scores_;
};

}  // namespace cascade
