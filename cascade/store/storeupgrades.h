#pragma once

#include "cascade/store/database.h"

namespace cascade {

// The parts of schema migrations that SQL alone cannot do; StoreSchema runs each inside the
// migration's transaction, right after its SQL.
class StoreUpgrades {
public:
    // Old labels judged a run's decision ("correct" / "wrong"); each becomes ground truth with
    // the decision of the run it was given on, keyed by the item's content. A label whose run
    // or item no longer exists cannot be translated and is dropped with the old table.
    static void verdicts_to_truth(Database& db);
    // A reused stage counts the recorded calls of the run it was copied from.
    static void reused_stage_sources(Database& db);
};

}  // namespace cascade
