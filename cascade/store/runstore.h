#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cascade/core/item.h"
#include "cascade/store/database.h"
#include "cascade/store/statement.h"
#include "cascade/store/storerecords.h"

namespace cascade {

// The writer side of <project>/runs.sqlite, owned by the run's thread. Writes are batched in
// transactions that commit every few hundred rows or ~100 ms, and the executor commits before
// every wait for the network, so a killed run loses at most the replies of the loop turn under
// way, and other writers (a second run, labels) wait only for short transactions.
class RunStore {
public:
    explicit RunStore(const std::string& path);
    ~RunStore();

    Database& db() { return db_; }

    std::int64_t create_run(const std::string& project, const std::string& variant,
                            const Json& config, const Json& options);
    void finish_run(std::int64_t run_id, const std::string& status, const std::string& message);

    void begin_stage(std::int64_t run_id, const std::string& stage, int position,
                     const std::string& kind, const std::string& fingerprint);
    void finish_stage(std::int64_t run_id, const std::string& stage, const std::string& status,
                      const StageCounters& counters, const Json& notes);

    void add_item(std::int64_t run_id, const Item& item);
    std::int64_t add_call(const CallRecord& call);

    // A finished stage with this fingerprint and no errors, most recent first. A live run
    // passes allow_recorded = false: a stage made from recorded replies is not live output.
    std::optional<StageRunRecord> find_reusable_stage(const std::string& stage,
                                                      const std::string& fingerprint,
                                                      bool allow_recorded = true);
    // Copies a finished stage's items and roll-up into run_id (INSERT ... SELECT).
    void copy_stage(std::int64_t from_run, std::int64_t to_run, const std::string& stage,
                    int position);

    std::vector<Item> items(std::int64_t run_id, const std::string& stage,
                            std::optional<ItemStatus> status = std::nullopt);

    // Opens a batch transaction unless one is open; rows written through db() join it.
    void begin_batch() { ensure_batch(); ++pending_rows_; }
    // Commits the open batch if it is big or old enough; commit() forces it.
    void maybe_commit();
    void commit();

    // Marks runs left "running" by a process that no longer exists as interrupted.
    static int mark_interrupted_runs(Database& db);

private:
    void ensure_batch();

    Database db_;
    bool in_batch_ = false;
    int pending_rows_ = 0;
    std::chrono::steady_clock::time_point batch_started_;
    std::optional<Statement> insert_item_;
    std::optional<Statement> insert_call_;
};

}  // namespace cascade
