#include "cascade/store/storeschema.h"

#include <string>
#include <vector>

#include "cascade/core/error.h"
#include "cascade/store/statement.h"
#include "cascade/store/storeupgrades.h"

namespace cascade {

namespace {

// One schema step: SQL, then optionally a step in C++ for what SQL cannot compute (hashes).
struct Migration {
    Migration(const char* sql, void (*after)(Database&) = nullptr) : sql(sql), after(after) {}
    std::string sql;
    void (*after)(Database&);
};

// Append only: a released migration is never edited. SQL stays portable (no SQLite-only
// types) so that a shared PostgreSQL store can follow later.
const std::vector<Migration>& migrations() {
    static const std::vector<Migration> list = {
        R"SQL(
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    project TEXT NOT NULL,
    variant TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    config TEXT NOT NULL,
    options TEXT NOT NULL DEFAULT '{}',
    message TEXT NOT NULL DEFAULT '',
    pid INTEGER
);
CREATE TABLE stage_runs (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL,
    reused_from INTEGER,
    items_in INTEGER NOT NULL DEFAULT 0,
    kept INTEGER NOT NULL DEFAULT 0,
    filtered INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    calls INTEGER NOT NULL DEFAULT 0,
    cache_hits INTEGER NOT NULL DEFAULT 0,
    tokens_in INTEGER NOT NULL DEFAULT 0,
    tokens_out INTEGER NOT NULL DEFAULT 0,
    cost REAL NOT NULL DEFAULT 0,
    saved_cost REAL NOT NULL DEFAULT 0,
    latency_p50_ms REAL NOT NULL DEFAULT 0,
    latency_p95_ms REAL NOT NULL DEFAULT 0,
    started_at TEXT,
    finished_at TEXT,
    notes TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (run_id, stage)
);
CREATE INDEX stage_runs_by_fingerprint ON stage_runs(stage, fingerprint);
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    key TEXT NOT NULL,
    parent_stage TEXT NOT NULL DEFAULT '',
    parent_key TEXT NOT NULL DEFAULT '',
    input_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    scores TEXT NOT NULL DEFAULT '{}',
    data TEXT NOT NULL,
    call_id INTEGER,
    UNIQUE (run_id, stage, key)
);
CREATE INDEX items_by_status ON items(run_id, stage, status);
CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    item_key TEXT NOT NULL,
    model TEXT NOT NULL,
    cache_key TEXT NOT NULL DEFAULT '',
    request TEXT NOT NULL,
    response TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    ok INTEGER NOT NULL,
    error TEXT NOT NULL DEFAULT '',
    http_status INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    repairs INTEGER NOT NULL DEFAULT 0,
    cache_hit INTEGER NOT NULL DEFAULT 0,
    tokens_in INTEGER NOT NULL DEFAULT 0,
    tokens_out INTEGER NOT NULL DEFAULT 0,
    cost REAL NOT NULL DEFAULT 0,
    saved_cost REAL NOT NULL DEFAULT 0,
    latency_ms REAL NOT NULL DEFAULT 0
);
CREATE INDEX calls_by_stage ON calls(run_id, stage);
CREATE TABLE response_cache (
    key TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    base_url TEXT NOT NULL,
    model TEXT NOT NULL,
    request TEXT NOT NULL,
    response TEXT NOT NULL,
    text TEXT NOT NULL,
    tokens_in INTEGER NOT NULL DEFAULT 0,
    tokens_out INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE embedding_cache (
    embedder TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (embedder, text_hash)
);
CREATE TABLE labels (
    stage TEXT NOT NULL,
    item_key TEXT NOT NULL,
    verdict TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    run_id INTEGER,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (stage, item_key)
);
)SQL",
        // Labels become ground truth ("keep" / "drop") keyed by the item's content; the old
        // verdicts ("the decision was correct / wrong") are translated with the decision of the
        // run they were given on, by StoreUpgrades::verdicts_to_truth, which drops the old table.
        {R"SQL(
ALTER TABLE labels RENAME TO review_verdicts;
CREATE TABLE labels (
    stage TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    truth TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    item_key TEXT NOT NULL DEFAULT '',
    run_id INTEGER,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (stage, content_hash)
);
)SQL",
         &StoreUpgrades::verdicts_to_truth},
        // Every cached reply and every call says where its reply came from (live, recorded,
        // imported); a reply a stage rejected stays cached for inspection but is never served.
        // Entries that no call of this store paid for came from recordings.
        {R"SQL(
ALTER TABLE response_cache ADD COLUMN source TEXT NOT NULL DEFAULT 'live';
ALTER TABLE response_cache ADD COLUMN rejected TEXT NOT NULL DEFAULT '';
ALTER TABLE response_cache ADD COLUMN stage TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN source TEXT;
ALTER TABLE stage_runs ADD COLUMN recorded_calls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stage_runs ADD COLUMN imported_calls INTEGER NOT NULL DEFAULT 0;
UPDATE response_cache SET source = 'recorded' WHERE key NOT IN
    (SELECT cache_key FROM calls WHERE cache_hit = 0 AND ok = 1);
UPDATE calls SET source = 'live' WHERE cache_hit = 0 AND (ok = 1 OR http_status > 0);
UPDATE calls SET source = COALESCE((SELECT c.source FROM response_cache c WHERE
    c.key = calls.cache_key), 'recorded') WHERE cache_hit = 1;
UPDATE stage_runs SET recorded_calls = (SELECT COUNT(*) FROM calls c WHERE
    c.run_id = stage_runs.run_id AND c.stage = stage_runs.stage AND c.source = 'recorded')
    WHERE reused_from IS NULL;
)SQL",
         &StoreUpgrades::reused_stage_sources},
    };
    return list;
}

int user_version(Database& db) {
    Statement query(db, "PRAGMA user_version");
    query.step();
    return static_cast<int>(query.int64(0));
}

}  // namespace

int StoreSchema::current_version() { return static_cast<int>(migrations().size()); }

void StoreSchema::migrate(Database& db) {
    migrate(db, current_version());
}

void StoreSchema::migrate(Database& db, int target) {
    const int version = user_version(db);
    if (version > current_version()) {
        throw Error("run store " + db.path() + " was written by a newer Cascade Workbench (schema " +
                    std::to_string(version) + ", this build knows " +
                    std::to_string(current_version()) + ")");
    }
    if (version >= target) return;
    // Another connection (a reader, or a second process) may be migrating at the same moment:
    // take the write lock first, then re-read the version it left.
    Transaction tx(db);
    for (int next = user_version(db); next < target; ++next) {
        db.exec(migrations()[next].sql);
        if (migrations()[next].after) migrations()[next].after(db);
        db.exec("PRAGMA user_version = " + std::to_string(next + 1));
    }
    tx.commit();
}

}  // namespace cascade
