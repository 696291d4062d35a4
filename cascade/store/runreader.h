#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cascade/core/item.h"
#include "cascade/store/database.h"
#include "cascade/store/itemfilter.h"
#include "cascade/store/storerecords.h"

namespace cascade {

// Read side of the run store, on its own read-only connection so it can read while a run
// writes (WAL). Item queries are windowed (offset/limit) so views page through big stages
// instead of copying them whole. Review labels have their own store (LabelStore).
class RunReader {
public:
    explicit RunReader(const std::string& path);

    std::vector<RunRecord> runs();
    std::optional<RunRecord> run(std::int64_t run_id);
    std::vector<StageRunRecord> stages(std::int64_t run_id);

    std::int64_t count_items(std::int64_t run_id, const std::string& stage,
                             const ItemFilter& filter = {});
    std::vector<Item> items(std::int64_t run_id, const std::string& stage,
                            const ItemFilter& filter = {}, std::int64_t offset = 0,
                            std::int64_t limit = -1);
    std::optional<Item> item(std::int64_t run_id, const std::string& stage, const std::string& key);
    // Every item a gate filtered in a run, in pipeline order.
    std::vector<Item> filtered_items(std::int64_t run_id);
    std::optional<CallRecord> call(std::int64_t call_id);
    std::vector<CallRecord> calls(std::int64_t run_id, const std::string& stage);

    Database& db() { return db_; }

private:
    Database db_;
};

}  // namespace cascade
