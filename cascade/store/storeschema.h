#pragma once

#include "cascade/store/database.h"

namespace cascade {

// Creates or upgrades the run store's tables. Each migration runs once, in order, inside a
// transaction; the applied version lives in PRAGMA user_version.
class StoreSchema {
public:
    static int current_version();
    static void migrate(Database& db);
    // Up to schema version `target` only: for tests that build an older store to upgrade.
    static void migrate(Database& db, int target);
};

}  // namespace cascade
