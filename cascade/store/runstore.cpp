#include "cascade/store/runstore.h"

#include <signal.h>
#include <unistd.h>

#include "cascade/store/itemrow.h"
#include "cascade/store/storeschema.h"

namespace cascade {

namespace {
constexpr int kBatchRows = 400;
constexpr auto kBatchAge = std::chrono::milliseconds(100);
}  // namespace

RunStore::RunStore(const std::string& path) : db_(path) {
    // Checkpoint every ~40 MB of WAL rather than SQLite's 4 MB: a mid-run checkpoint syncs the
    // database file while calls wait, and closing the store checkpoints anyway.
    db_.exec("PRAGMA wal_autocheckpoint = 10000");
    StoreSchema::migrate(db_);
    mark_interrupted_runs(db_);
}

RunStore::~RunStore() {
    try {
        commit();
    } catch (...) {
        // The destructor runs during unwinding too; losing the last batch beats terminating.
    }
}

int RunStore::mark_interrupted_runs(Database& db) {
    std::vector<std::int64_t> dead;
    {
        Statement query(db, "SELECT id, pid FROM runs WHERE status = 'running'");
        while (query.step()) {
            const auto pid = static_cast<pid_t>(query.int64(1));
            const bool alive = pid > 0 && (pid == getpid() || kill(pid, 0) == 0);
            if (!alive) dead.push_back(query.int64(0));
        }
    }
    for (const auto run_id : dead) {
        Statement run(db,
                      "UPDATE runs SET status = 'interrupted', message = 'the process running it "
                      "stopped before it finished' WHERE id = ?");
        run.bind(1, run_id).run();
        Statement stages(db,
                         "UPDATE stage_runs SET status = 'interrupted' WHERE run_id = ? AND "
                         "status = 'running'");
        stages.bind(1, run_id).run();
    }
    return static_cast<int>(dead.size());
}

void RunStore::ensure_batch() {
    if (in_batch_) return;
    db_.exec("BEGIN IMMEDIATE");
    in_batch_ = true;
    pending_rows_ = 0;
    batch_started_ = std::chrono::steady_clock::now();
}

void RunStore::maybe_commit() {
    if (!in_batch_) return;
    if (pending_rows_ >= kBatchRows || std::chrono::steady_clock::now() - batch_started_ >= kBatchAge)
        commit();
}

void RunStore::commit() {
    if (!in_batch_) return;
    in_batch_ = false;
    db_.exec("COMMIT");
}

std::int64_t RunStore::create_run(const std::string& project, const std::string& variant,
                                  const Json& config, const Json& options) {
    commit();
    Statement insert(db_,
                     "INSERT INTO runs (project, variant, status, started_at, config, options, pid) "
                     "VALUES (?, ?, 'running', ?, ?, ?, ?)");
    insert.bind(1, project)
        .bind(2, variant)
        .bind(3, utc_now_iso())
        .bind(4, config.dump())
        .bind(5, options.dump())
        .bind(6, static_cast<std::int64_t>(getpid()))
        .run();
    return db_.last_insert_id();
}

void RunStore::finish_run(std::int64_t run_id, const std::string& status,
                          const std::string& message) {
    ensure_batch();
    Statement update(db_, "UPDATE runs SET status = ?, message = ?, finished_at = ? WHERE id = ?");
    update.bind(1, status).bind(2, message).bind(3, utc_now_iso()).bind(4, run_id).run();
    commit();
}

void RunStore::begin_stage(std::int64_t run_id, const std::string& stage, int position,
                           const std::string& kind, const std::string& fingerprint) {
    ensure_batch();
    Statement insert(db_,
                     "INSERT INTO stage_runs (run_id, stage, position, kind, fingerprint, status, "
                     "started_at) VALUES (?, ?, ?, ?, ?, 'running', ?)");
    insert.bind(1, run_id)
        .bind(2, stage)
        .bind(3, position)
        .bind(4, kind)
        .bind(5, fingerprint)
        .bind(6, utc_now_iso())
        .run();
    commit();
}

void RunStore::finish_stage(std::int64_t run_id, const std::string& stage,
                            const std::string& status, const StageCounters& c, const Json& notes) {
    ensure_batch();
    Statement update(db_,
                     "UPDATE stage_runs SET status = ?, items_in = ?, kept = ?, filtered = ?, "
                     "errors = ?, calls = ?, cache_hits = ?, tokens_in = ?, tokens_out = ?, "
                     "cost = ?, saved_cost = ?, latency_p50_ms = ?, latency_p95_ms = ?, "
                     "finished_at = ?, notes = ?, recorded_calls = ?, imported_calls = ? "
                     "WHERE run_id = ? AND stage = ?");
    update.bind(1, status)
        .bind(2, c.items_in)
        .bind(3, c.kept)
        .bind(4, c.filtered)
        .bind(5, c.errors)
        .bind(6, c.calls)
        .bind(7, c.cache_hits)
        .bind(8, c.tokens_in)
        .bind(9, c.tokens_out)
        .bind(10, c.cost)
        .bind(11, c.saved_cost)
        .bind(12, c.latency_p50_ms)
        .bind(13, c.latency_p95_ms)
        .bind(14, utc_now_iso())
        .bind(15, notes.dump())
        .bind(16, c.recorded_calls)
        .bind(17, c.imported_calls)
        .bind(18, run_id)
        .bind(19, stage)
        .run();
    commit();
}

void RunStore::add_item(std::int64_t run_id, const Item& item) {
    ensure_batch();
    if (!insert_item_) {
        insert_item_.emplace(db_,
                             "INSERT INTO items (run_id, stage, key, parent_stage, parent_key, "
                             "input_id, ordinal, status, reason, scores, data, call_id) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }
    insert_item_->bind(1, run_id)
        .bind(2, item.stage)
        .bind(3, item.key)
        .bind(4, item.parent_stage)
        .bind(5, item.parent_key)
        .bind(6, item.input_id)
        .bind(7, item.ordinal)
        .bind(8, to_string(item.status))
        .bind(9, item.reason)
        .bind(10, item.scores.dump())
        .bind(11, item.data.dump())
        .bind(12, item.call_id)
        .run();
    ++pending_rows_;
    maybe_commit();
}

std::int64_t RunStore::add_call(const CallRecord& call) {
    ensure_batch();
    if (!insert_call_) {
        insert_call_.emplace(
            db_,
            "INSERT INTO calls (run_id, stage, item_key, model, cache_key, request, response, "
            "text, ok, error, http_status, attempts, repairs, cache_hit, tokens_in, tokens_out, "
            "cost, saved_cost, latency_ms, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?)");
    }
    insert_call_->bind(1, call.run_id)
        .bind(2, call.stage)
        .bind(3, call.item_key)
        .bind(4, call.model)
        .bind(5, call.cache_key)
        .bind(6, call.request_text.empty() ? call.request.dump() : call.request_text)
        .bind(7, call.response)
        .bind(8, call.text)
        .bind(9, call.ok ? 1 : 0)
        .bind(10, call.error)
        .bind(11, static_cast<std::int64_t>(call.http_status))
        .bind(12, call.attempts)
        .bind(13, call.repairs)
        .bind(14, call.cache_hit ? 1 : 0)
        .bind(15, call.tokens_in)
        .bind(16, call.tokens_out)
        .bind(17, call.cost)
        .bind(18, call.saved_cost)
        .bind(19, call.latency_ms);
    if (call.source)
        insert_call_->bind(20, to_string(*call.source));
    else
        insert_call_->bind_null(20);
    insert_call_->run();
    ++pending_rows_;
    const auto id = db_.last_insert_id();
    maybe_commit();
    return id;
}

std::optional<StageRunRecord> RunStore::find_reusable_stage(const std::string& stage,
                                                            const std::string& fingerprint,
                                                            bool allow_recorded) {
    commit();
    Statement query(db_,
                    "SELECT run_id FROM stage_runs WHERE stage = ? AND fingerprint = ? AND "
                    "status = 'finished' AND errors = 0 AND (? OR recorded_calls = 0) "
                    "ORDER BY run_id DESC LIMIT 1");
    query.bind(1, stage).bind(2, fingerprint).bind(3, allow_recorded ? 1 : 0);
    if (!query.step()) return std::nullopt;
    StageRunRecord record;
    record.run_id = query.int64(0);
    record.stage = stage;
    record.fingerprint = fingerprint;
    return record;
}

void RunStore::copy_stage(std::int64_t from_run, std::int64_t to_run, const std::string& stage,
                          int position) {
    commit();
    Transaction tx(db_);
    Statement roll_up(
        db_,
        "INSERT INTO stage_runs (run_id, stage, position, kind, fingerprint, status, reused_from, "
        "items_in, kept, filtered, errors, calls, cache_hits, tokens_in, tokens_out, cost, "
        "saved_cost, latency_p50_ms, latency_p95_ms, started_at, finished_at, notes, "
        "recorded_calls, imported_calls) "
        "SELECT ?, stage, ?, kind, fingerprint, 'finished', run_id, items_in, kept, filtered, "
        "errors, calls, cache_hits, tokens_in, tokens_out, cost, saved_cost, latency_p50_ms, "
        "latency_p95_ms, ?, ?, notes, recorded_calls, imported_calls FROM stage_runs "
        "WHERE run_id = ? AND stage = ?");
    const auto now = utc_now_iso();
    roll_up.bind(1, to_run).bind(2, position).bind(3, now).bind(4, now).bind(5, from_run).bind(6, stage).run();
    Statement items(db_,
                    "INSERT INTO items (run_id, stage, key, parent_stage, parent_key, input_id, "
                    "ordinal, status, reason, scores, data, call_id) SELECT ?, stage, key, "
                    "parent_stage, parent_key, input_id, ordinal, status, reason, scores, data, "
                    "call_id FROM items WHERE run_id = ? AND stage = ? ORDER BY id");
    items.bind(1, to_run).bind(2, from_run).bind(3, stage).run();
    tx.commit();
}

std::vector<Item> RunStore::items(std::int64_t run_id, const std::string& stage,
                                  std::optional<ItemStatus> status) {
    commit();
    Statement query(db_, std::string("SELECT ") + kItemColumns +
                             " FROM items WHERE run_id = ? AND stage = ? AND "
                             "(? IS NULL OR status = ?) ORDER BY id");
    query.bind(1, run_id).bind(2, stage);
    if (status) {
        query.bind(3, to_string(*status)).bind(4, to_string(*status));
    } else {
        query.bind_null(3).bind_null(4);
    }
    std::vector<Item> out;
    while (query.step()) out.push_back(read_item_row(query));
    return out;
}

}  // namespace cascade
