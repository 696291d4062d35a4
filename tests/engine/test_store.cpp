#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "cascade/core/error.h"
#include "cascade/store/cachecatalog.h"
#include "cascade/store/database.h"
#include "cascade/store/labelstore.h"
#include "cascade/store/runreader.h"
#include "cascade/store/runstore.h"
#include "cascade/store/sqliteresponsecache.h"
#include "cascade/store/statement.h"
#include "cascade/store/storeschema.h"

using cascade::CachedResponse;
using cascade::CallRecord;
using cascade::Database;
using cascade::Item;
using cascade::ItemFilter;
using cascade::ItemStatus;
using cascade::Json;
using cascade::Label;
using cascade::LabelStore;
using cascade::ModelConfig;
using cascade::RunReader;
using cascade::RunStore;
using cascade::SqliteResponseCache;
using cascade::StageCounters;
using cascade::Statement;
using cascade::StoreSchema;
using cascade::Transaction;
using cascade::Truth;

namespace {

QString q(const std::string& text) { return QString::fromStdString(text); }

std::string error_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const cascade::Error& e) {
        return e.what();
    }
    return {};
}

std::int64_t scalar(Database& db, const std::string& sql) {
    Statement s(db, sql);
    if (!s.step()) return -1;
    return s.int64(0);
}

std::string text_scalar(Database& db, const std::string& sql) {
    Statement s(db, sql);
    if (!s.step()) return "<no row>";
    return s.text(0);
}

Item make_item(const std::string& stage, const std::string& key, ItemStatus status, Json data,
               const std::string& reason = {}, std::optional<std::int64_t> call = {}) {
    Item item;
    item.stage = stage;
    item.key = key;
    item.parent_stage = "input";
    item.parent_key = key.substr(0, key.find('/'));
    item.input_id = item.parent_key;
    item.ordinal = 0;
    item.status = status;
    item.reason = reason;
    item.scores = Json{{"score", 0.5}};
    item.data = std::move(data);
    item.call_id = call;
    return item;
}

std::vector<std::string> keys_of(const std::vector<Item>& items) {
    std::vector<std::string> keys;
    for (const auto& item : items) keys.push_back(item.key);
    return keys;
}

StageCounters counters(std::int64_t in, std::int64_t kept, std::int64_t errors, double cost) {
    StageCounters c;
    c.items_in = in;
    c.kept = kept;
    c.errors = errors;
    c.filtered = in - kept - errors;
    c.calls = in;
    c.cache_hits = 1;
    c.tokens_in = 100 * in;
    c.tokens_out = 10 * in;
    c.cost = cost;
    c.saved_cost = cost / 2;
    c.latency_p50_ms = 120.0;
    c.latency_p95_ms = 480.0;
    return c;
}

// A finished one-stage run: `n` items in stage `stage`, roll-up with `errors` errors.
std::int64_t finished_run(RunStore& store, const std::string& stage, const std::string& fingerprint,
                          int n, int errors, const std::string& final_status = "finished") {
    const auto run = store.create_run("proj", "", Json{{"stages", Json::array()}}, Json::object());
    store.begin_stage(run, stage, 0, "generate", fingerprint);
    for (int i = 0; i < n; ++i)
        store.add_item(run, make_item(stage, "u" + std::to_string(i) + "/" + stage + "/0",
                                      i < errors ? ItemStatus::Error : ItemStatus::Kept,
                                      Json{{"n", i}}));
    store.finish_stage(run, stage, final_status, counters(n, n - errors, errors, 0.25), Json::array());
    store.finish_run(run, final_status, "");
    return run;
}

}  // namespace

class TestStore : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    int files_ = 0;
    std::string fresh_path() {
        return dir_.filePath(QStringLiteral("runs%1.sqlite").arg(++files_)).toStdString();
    }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    // --- Database, Statement, Transaction ---------------------------------------------------

    void openFailureIsAClearError() {
        const std::string path = dir_.filePath("no/such/folder/runs.sqlite").toStdString();
        const auto error = error_of([&] { Database db(path); });
        QVERIFY2(q(error).startsWith(q("cannot open run store " + path + ": ")), error.c_str());
        const auto read_only = error_of([&] { Database db(fresh_path(), Database::Mode::ReadOnly); });
        QVERIFY2(q(read_only).startsWith("cannot open run store "), read_only.c_str());
    }

    void fileDatabaseUsesWal() {
        const auto path = fresh_path();
        Database db(path);
        QCOMPARE(q(text_scalar(db, "PRAGMA journal_mode")), QStringLiteral("wal"));
        QCOMPARE(scalar(db, "PRAGMA foreign_keys"), std::int64_t(1));
        QCOMPARE(q(db.path()), q(path));
        Database moved(std::move(db));
        QVERIFY(moved.handle() != nullptr);
        QVERIFY(db.handle() == nullptr);
        QCOMPARE(scalar(moved, "SELECT 7"), std::int64_t(7));
    }

    void statementBindsAndReadsEveryType() {
        Database db(":memory:");
        db.exec("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n INTEGER, o TEXT)");
        Statement insert(db, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)");
        const std::string with_nul("a\0b", 3);
        const unsigned char blob[] = {0x00, 0xff, 0x10, 0x80};
        insert.bind(1, std::numeric_limits<std::int64_t>::max())
            .bind(2, -2.5)
            .bind(3, with_nul)
            .bind_blob(4, blob, sizeof blob)
            .bind_null(5)
            .bind(6, std::optional<std::string>("present"))
            .run();
        // After run() the bindings are cleared: an unbound parameter is NULL.
        insert.bind(1, 42).bind(2, 0.125).bind(3, "plain").bind(5, std::optional<std::int64_t>()).run();
        insert.bind(1, std::optional<std::int64_t>(-7)).bind(3, std::string_view("view")).run();
        QCOMPARE(db.changes(), 1);
        QCOMPARE(db.last_insert_id(), std::int64_t(3));

        Statement select(db, "SELECT i, r, s, b, n, o FROM t ORDER BY rowid");
        QVERIFY(select.step());
        QCOMPARE(select.int64(0), std::numeric_limits<std::int64_t>::max());
        QCOMPARE(select.real(1), -2.5);
        QCOMPARE(select.text(2).size(), std::size_t(3));
        QVERIFY(select.text(2) == with_nul);
        int size = 0;
        const void* data = select.blob(3, &size);
        QCOMPARE(size, 4);
        QVERIFY(std::memcmp(data, blob, 4) == 0);
        QVERIFY(select.is_null(4));
        QVERIFY(!select.is_null(5));
        QCOMPARE(q(select.text(5)), QStringLiteral("present"));

        QVERIFY(select.step());
        QCOMPARE(select.int64(0), std::int64_t(42));
        QCOMPARE(select.real(1), 0.125);
        QCOMPARE(q(std::string(select.text_view(2))), QStringLiteral("plain"));
        QVERIFY(select.is_null(3));
        QVERIFY(select.is_null(4));
        QVERIFY(select.is_null(5));
        QCOMPARE(q(select.text(5)), QString());

        QVERIFY(select.step());
        QCOMPARE(select.int64(0), std::int64_t(-7));
        QVERIFY(select.is_null(1));
        QCOMPARE(q(select.text(2)), QStringLiteral("view"));
        QVERIFY(!select.step());

        // reset() lets a statement run again with new bindings.
        Statement find(db, "SELECT COUNT(*) FROM t WHERE s = ?");
        find.bind(1, "plain");
        QVERIFY(find.step());
        QCOMPARE(find.int64(0), std::int64_t(1));
        find.reset();
        find.bind(1, "missing");
        QVERIFY(find.step());
        QCOMPARE(find.int64(0), std::int64_t(0));
    }

    void statementErrorsAreClear() {
        Database db(":memory:");
        const auto prepare = error_of([&] { Statement s(db, "SELEKT 1"); });
        QVERIFY2(q(prepare).startsWith("run store: cannot prepare \"SELEKT 1\": "), prepare.c_str());
        QVERIFY2(q(prepare).contains("syntax error"), prepare.c_str());
        db.exec("CREATE TABLE u (k TEXT PRIMARY KEY)");
        Statement insert(db, "INSERT INTO u VALUES (?)");
        insert.bind(1, "x").run();
        const auto step = error_of([&] { insert.bind(1, "x").run(); });
        QVERIFY2(q(step).startsWith("run store error (:memory:): "), step.c_str());
        QVERIFY2(q(step).contains("UNIQUE"), step.c_str());
        const auto exec = error_of([&] { db.exec("DROP TABLE nothing_here"); });
        QVERIFY2(q(exec).startsWith("run store error (:memory:): no such table"), exec.c_str());
    }

    void transactionRollsBackUnlessCommitted() {
        Database db(":memory:");
        db.exec("CREATE TABLE t (v INTEGER)");
        {
            Transaction tx(db);
            db.exec("INSERT INTO t VALUES (1)");
            QCOMPARE(scalar(db, "SELECT COUNT(*) FROM t"), std::int64_t(1));
        }
        QCOMPARE(scalar(db, "SELECT COUNT(*) FROM t"), std::int64_t(0));
        try {
            Transaction tx(db);
            db.exec("INSERT INTO t VALUES (2)");
            throw cascade::Error("unwind");
        } catch (const cascade::Error&) {
        }
        QCOMPARE(scalar(db, "SELECT COUNT(*) FROM t"), std::int64_t(0));
        {
            Transaction tx(db);
            db.exec("INSERT INTO t VALUES (3)");
            tx.commit();
        }
        QCOMPARE(scalar(db, "SELECT v FROM t"), std::int64_t(3));
        // The connection is back in autocommit mode: a new transaction can begin.
        Transaction again(db);
        again.commit();
    }

    // --- StoreSchema ------------------------------------------------------------------------

    void migrationsCreateTablesAndVersion() {
        Database db(":memory:");
        QCOMPARE(scalar(db, "PRAGMA user_version"), std::int64_t(0));
        StoreSchema::migrate(db);
        QVERIFY(StoreSchema::current_version() >= 1);
        QCOMPARE(scalar(db, "PRAGMA user_version"), std::int64_t(StoreSchema::current_version()));
        for (const char* table : {"runs", "stage_runs", "items", "calls", "response_cache",
                                  "embedding_cache", "labels"}) {
            QVERIFY2(scalar(db, std::string("SELECT COUNT(*) FROM sqlite_master WHERE type = "
                                            "'table' AND name = '") + table + "'") == 1,
                     table);
        }
        db.exec(
            "INSERT INTO labels (stage, content_hash, truth, updated_at) VALUES ('s', 'h', "
            "'drop', 'now')");
        // Re-running is a no-op: no "table already exists", data kept, version unchanged.
        StoreSchema::migrate(db);
        StoreSchema::migrate(db);
        QCOMPARE(scalar(db, "PRAGMA user_version"), std::int64_t(StoreSchema::current_version()));
        QCOMPARE(scalar(db, "SELECT COUNT(*) FROM labels"), std::int64_t(1));
    }

    void newerSchemaIsRefused() {
        const auto path = fresh_path();
        const int newer = StoreSchema::current_version() + 1;
        {
            Database db(path);
            StoreSchema::migrate(db);
            db.exec("PRAGMA user_version = " + std::to_string(newer));
        }
        const std::string expected = "run store " + path +
                                     " was written by a newer Cascade Workbench (schema " +
                                     std::to_string(newer) + ", this build knows " +
                                     std::to_string(StoreSchema::current_version()) + ")";
        Database db(path);
        QCOMPARE(q(error_of([&] { StoreSchema::migrate(db); })), q(expected));
        QCOMPARE(scalar(db, "PRAGMA user_version"), std::int64_t(newer));
        QCOMPARE(q(error_of([&] { RunStore store(path); })), q(expected));
        QCOMPARE(q(error_of([&] { RunReader reader(path); })), q(expected));
    }

    // --- RunStore + RunReader ---------------------------------------------------------------

    void writerAndReaderShareTheFile() {
        const auto path = fresh_path();
        RunStore store(path);
        const Json config = {{"name", "demo"}, {"stages", Json::array({Json{{"id", "gen"}}})}};
        const auto run = store.create_run("demo", "cheap", config, Json{{"limit", 5}});
        QVERIFY(run > 0);
        store.begin_stage(run, "gen", 0, "generate", "fp-gen");

        RunReader reader(path);  // its own connection, while the writer's is open
        auto record = reader.run(run);
        QVERIFY(record.has_value());
        QCOMPARE(q(record->status), QStringLiteral("running"));
        QCOMPARE(q(record->project), QStringLiteral("demo"));
        QCOMPARE(q(record->variant), QStringLiteral("cheap"));
        QVERIFY(record->config == config);
        QVERIFY(record->options == (Json{{"limit", 5}}));
        QVERIFY(!record->started_at.empty());
        QVERIFY(record->finished_at.empty());
        auto stages = reader.stages(run);
        QCOMPARE(stages.size(), std::size_t(1));
        QCOMPARE(q(stages[0].status), QStringLiteral("running"));
        QCOMPARE(q(stages[0].fingerprint), QStringLiteral("fp-gen"));

        // Inputs and outputs written in a batch and committed are visible to the reader.
        for (int i = 0; i < 3; ++i) {
            Item input;
            input.stage = "input";
            input.key = "u" + std::to_string(i);
            input.input_id = input.key;
            input.ordinal = i;
            input.data = Json{{"id", input.key}};
            store.add_item(run, input);
        }
        CallRecord call;
        call.run_id = run;
        call.stage = "gen";
        call.item_key = "u0";
        call.model = "frontier";
        call.cache_key = "ck";
        call.request = Json{{"messages", Json::array({Json{{"role", "user"}, {"content", "hi"}}})}};
        call.response = R"({"choices":[]})";
        call.text = "{\"title\":\"x\"}";
        call.ok = true;
        call.http_status = 200;
        call.attempts = 2;
        call.repairs = 1;
        call.cache_hit = true;
        call.tokens_in = 11;
        call.tokens_out = 22;
        call.cost = 0.5;
        call.saved_cost = 0.25;
        call.latency_ms = 123.5;
        const auto call_id = store.add_call(call);
        QVERIFY(call_id > 0);
        store.add_item(run, make_item("gen", "u0/gen/0", ItemStatus::Kept, Json{{"title", "x"}}, "", call_id));
        store.commit();
        QCOMPARE(reader.count_items(run, "input"), std::int64_t(3));
        QCOMPARE(reader.count_items(run, "gen"), std::int64_t(1));

        const auto got = reader.item(run, "gen", "u0/gen/0");
        QVERIFY(got.has_value());
        QCOMPARE(q(got->stage), QStringLiteral("gen"));
        QCOMPARE(q(got->parent_stage), QStringLiteral("input"));
        QCOMPARE(q(got->parent_key), QStringLiteral("u0"));
        QCOMPARE(q(got->input_id), QStringLiteral("u0"));
        QVERIFY(got->status == ItemStatus::Kept);
        QVERIFY(got->scores == (Json{{"score", 0.5}}));
        QVERIFY(got->data == (Json{{"title", "x"}}));
        QCOMPARE(got->call_id.value_or(-1), call_id);
        QVERIFY(!reader.item(run, "gen", "u9/gen/0").has_value());
        QVERIFY(!reader.item(run, "input", "u0")->call_id.has_value());

        const auto read_call = reader.call(call_id);
        QVERIFY(read_call.has_value());
        QCOMPARE(read_call->id, call_id);
        QCOMPARE(read_call->run_id, run);
        QCOMPARE(q(read_call->stage), QStringLiteral("gen"));
        QCOMPARE(q(read_call->item_key), QStringLiteral("u0"));
        QCOMPARE(q(read_call->model), QStringLiteral("frontier"));
        QCOMPARE(q(read_call->cache_key), QStringLiteral("ck"));
        QVERIFY(read_call->request == call.request);
        QCOMPARE(q(read_call->response), q(call.response));
        QCOMPARE(q(read_call->text), q(call.text));
        QVERIFY(read_call->ok);
        QCOMPARE(read_call->http_status, 200L);
        QCOMPARE(read_call->attempts, 2);
        QCOMPARE(read_call->repairs, 1);
        QVERIFY(read_call->cache_hit);
        QCOMPARE(read_call->tokens_in, std::int64_t(11));
        QCOMPARE(read_call->tokens_out, std::int64_t(22));
        QCOMPARE(read_call->cost, 0.5);
        QCOMPARE(read_call->saved_cost, 0.25);
        QCOMPARE(read_call->latency_ms, 123.5);
        QVERIFY(!reader.call(call_id + 1000).has_value());

        // While the writer holds an open write transaction the reader still reads the last
        // committed state, without blocking or failing.
        {
            Transaction tx(store.db());
            store.db().exec("INSERT INTO items (run_id, stage, key, input_id, ordinal, status, "
                            "data) VALUES (" + std::to_string(run) +
                            ", 'gen', 'u1/gen/0', 'u1', 0, 'kept', '{}')");
            QCOMPARE(reader.count_items(run, "gen"), std::int64_t(1));
            tx.commit();
        }
        QCOMPARE(reader.count_items(run, "gen"), std::int64_t(2));

        store.finish_stage(run, "gen", "finished", counters(3, 2, 1, 1.5), Json::array({"note one"}));
        store.finish_run(run, "finished", "done");
        record = reader.run(run);
        QCOMPARE(q(record->status), QStringLiteral("finished"));
        QCOMPARE(q(record->message), QStringLiteral("done"));
        QVERIFY(!record->finished_at.empty());
        QCOMPARE(record->cost, 1.5);
        QCOMPARE(record->saved_cost, 0.75);
        QCOMPARE(record->tokens_in, std::int64_t(300));
        QCOMPARE(record->tokens_out, std::int64_t(30));
        QCOMPARE(record->inputs, std::int64_t(3));
        QCOMPARE(record->final_kept, std::int64_t(2));
        stages = reader.stages(run);
        QCOMPARE(q(stages[0].status), QStringLiteral("finished"));
        QCOMPARE(stages[0].counters.items_in, std::int64_t(3));
        QCOMPARE(stages[0].counters.kept, std::int64_t(2));
        QCOMPARE(stages[0].counters.errors, std::int64_t(1));
        QCOMPARE(stages[0].counters.calls, std::int64_t(3));
        QCOMPARE(stages[0].counters.cache_hits, std::int64_t(1));
        QCOMPARE(stages[0].counters.latency_p50_ms, 120.0);
        QCOMPARE(stages[0].counters.latency_p95_ms, 480.0);
        QVERIFY(stages[0].notes == Json::array({"note one"}));
        QVERIFY(!stages[0].reused_from.has_value());
        QVERIFY(!stages[0].finished_at.empty());

        // runs() lists the newest first.
        const auto second = store.create_run("demo", "", config, Json::object());
        const auto all = reader.runs();
        QCOMPARE(all.size(), std::size_t(2));
        QCOMPARE(all[0].id, second);
        QCOMPARE(all[1].id, run);
    }

    void itemsPageAndFilter() {
        const auto path = fresh_path();
        RunStore store(path);
        const auto run = store.create_run("p", "", Json::object(), Json::object());
        store.begin_stage(run, "s", 0, "generate", "fp");
        for (int i = 0; i < 25; ++i) {
            const auto status = i % 5 == 0 ? ItemStatus::Filtered
                                : i % 7 == 0 ? ItemStatus::Error
                                             : ItemStatus::Kept;
            Json data = {{"title", "item number " + std::to_string(i)}};
            if (i == 3) data["title"] = "discount 50% today";
            if (i == 4) data["title"] = "discount 500 today";
            if (i == 6) data["title"] = "snake_case";
            if (i == 8) data["title"] = "snakeXcase";
            if (i == 9) data["title"] = "Blue WIDGET";
            store.add_item(run, make_item("s", "k" + std::to_string(100 + i), status, data,
                                          status == ItemStatus::Filtered ? "below threshold" : ""));
        }
        store.add_item(run, make_item("other", "k999", ItemStatus::Kept, Json{{"title", "50%"}}));
        store.commit();
        RunReader reader(path);

        QCOMPARE(reader.count_items(run, "s"), std::int64_t(25));
        QCOMPARE(reader.count_items(run, "other"), std::int64_t(1));
        QCOMPARE(reader.count_items(run + 1, "s"), std::int64_t(0));
        QCOMPARE(reader.items(run, "s").size(), std::size_t(25));
        // Windows: offset/limit in insertion order.
        auto page = reader.items(run, "s", {}, 10, 5);
        QCOMPARE(page.size(), std::size_t(5));
        QCOMPARE(q(page.front().key), QStringLiteral("k110"));
        QCOMPARE(q(page.back().key), QStringLiteral("k114"));
        page = reader.items(run, "s", {}, 20);
        QCOMPARE(page.size(), std::size_t(5));
        QCOMPARE(q(page.front().key), QStringLiteral("k120"));
        QCOMPARE(reader.items(run, "s", {}, 25, 10).size(), std::size_t(0));
        QCOMPARE(reader.items(run, "s", {}, 0, 0).size(), std::size_t(0));

        ItemFilter filtered;
        filtered.status = ItemStatus::Filtered;  // 0, 5, 10, 15, 20
        QCOMPARE(reader.count_items(run, "s", filtered), std::int64_t(5));
        page = reader.items(run, "s", filtered, 1, 2);
        QCOMPARE(keys_of(page), (std::vector<std::string>{"k105", "k110"}));
        ItemFilter errors;
        errors.status = ItemStatus::Error;  // 7, 14, 21
        QCOMPARE(reader.count_items(run, "s", errors), std::int64_t(3));
        ItemFilter kept;
        kept.status = ItemStatus::Kept;
        QCOMPARE(reader.count_items(run, "s", kept), std::int64_t(17));
        QCOMPARE(store.items(run, "s", ItemStatus::Error).size(), std::size_t(3));
        QCOMPARE(store.items(run, "s").size(), std::size_t(25));

        // Text filters match literally: % and _ are not wildcards.
        ItemFilter percent;
        percent.text = "50%";
        QCOMPARE(reader.count_items(run, "s", percent), std::int64_t(1));
        QCOMPARE(keys_of(reader.items(run, "s", percent)), (std::vector<std::string>{"k103"}));
        ItemFilter underscore;
        underscore.text = "snake_case";
        QCOMPARE(keys_of(reader.items(run, "s", underscore)), (std::vector<std::string>{"k106"}));
        ItemFilter backslash;
        backslash.text = "\\";
        QCOMPARE(reader.count_items(run, "s", backslash), std::int64_t(0));
        // Case-insensitive, over key, reason and data.
        ItemFilter upper;
        upper.text = "blue widget";
        QCOMPARE(keys_of(reader.items(run, "s", upper)), (std::vector<std::string>{"k109"}));
        ItemFilter by_key;
        by_key.text = "K12";
        QCOMPARE(reader.count_items(run, "s", by_key), std::int64_t(5));
        ItemFilter by_reason;
        by_reason.text = "THRESHOLD";
        QCOMPARE(reader.count_items(run, "s", by_reason), std::int64_t(5));
        // Status and text together.
        ItemFilter both;
        both.status = ItemStatus::Filtered;
        both.text = "k12";
        QCOMPARE(keys_of(reader.items(run, "s", both)), (std::vector<std::string>{"k120"}));
    }

    void filteredItemsInPipelineOrder() {
        const auto path = fresh_path();
        RunStore store(path);
        const auto run = store.create_run("p", "", Json::object(), Json::object());
        store.begin_stage(run, "gen", 0, "generate", "a");
        store.begin_stage(run, "dedup", 1, "dedup", "b");
        store.begin_stage(run, "judge", 2, "judge", "c");
        // Written out of pipeline order on purpose.
        store.add_item(run, make_item("judge", "u1/j", ItemStatus::Filtered, 1, "judge score 2 < 3"));
        store.add_item(run, make_item("judge", "u2/j", ItemStatus::Filtered, 2, "judge score 1 < 3"));
        store.add_item(run, make_item("dedup", "u3/d", ItemStatus::Filtered, 3, "near-duplicate b"));
        store.add_item(run, make_item("dedup", "u4/d", ItemStatus::Kept, 4));
        store.add_item(run, make_item("dedup", "u5/d", ItemStatus::Filtered, 5, "near-duplicate a"));
        store.add_item(run, make_item("gen", "u6/g", ItemStatus::Error, 6, "bad json"));
        store.commit();
        RunReader reader(path);
        const auto items = reader.filtered_items(run);
        QCOMPARE(keys_of(items), (std::vector<std::string>{"u5/d", "u3/d", "u2/j", "u1/j"}));
        QCOMPARE(q(items[0].stage), QStringLiteral("dedup"));
        QCOMPARE(q(items[0].reason), QStringLiteral("near-duplicate a"));
        QVERIFY(items[2].data == Json(2));
        QVERIFY(reader.filtered_items(run + 1).empty());
    }

    void callsPerStage() {
        const auto path = fresh_path();
        RunStore store(path);
        const auto run = store.create_run("p", "", Json::object(), Json::object());
        std::vector<std::int64_t> ids;
        for (int i = 0; i < 4; ++i) {
            CallRecord c;
            c.run_id = run;
            c.stage = i == 2 ? "judge" : "gen";
            c.item_key = "u" + std::to_string(i);
            c.model = "m";
            c.request = Json{{"i", i}};
            c.ok = i != 3;
            c.error = i == 3 ? "HTTP 500" : "";
            c.http_status = i == 3 ? 500 : 200;
            ids.push_back(store.add_call(c));
        }
        QVERIFY(ids[0] < ids[1] && ids[1] < ids[2] && ids[2] < ids[3]);
        store.commit();
        RunReader reader(path);
        const auto gen = reader.calls(run, "gen");
        QCOMPARE(gen.size(), std::size_t(3));
        QCOMPARE(gen[0].id, ids[0]);
        QCOMPARE(gen[1].id, ids[1]);
        QCOMPARE(gen[2].id, ids[3]);
        QVERIFY(!gen[2].ok);
        QCOMPARE(q(gen[2].error), QStringLiteral("HTTP 500"));
        QCOMPARE(gen[2].http_status, 500L);
        QVERIFY(gen[1].request == (Json{{"i", 1}}));
        QCOMPARE(reader.calls(run, "judge").size(), std::size_t(1));
        QVERIFY(reader.calls(run, "nothing").empty());
    }

    void reusableStagesAreFinishedWithoutErrors() {
        const auto path = fresh_path();
        RunStore store(path);
        QVERIFY(!store.find_reusable_stage("gen", "fp").has_value());
        const auto good = finished_run(store, "gen", "fp", 3, 0);
        finished_run(store, "gen", "fp", 3, 1);                // has errors
        finished_run(store, "gen", "fp", 3, 0, "cancelled");  // not finished
        finished_run(store, "gen", "fp", 3, 0, "failed");
        const auto running = store.create_run("proj", "", Json::object(), Json::object());
        store.begin_stage(running, "gen", 0, "generate", "fp");  // still running

        auto found = store.find_reusable_stage("gen", "fp");
        QVERIFY(found.has_value());
        QCOMPARE(found->run_id, good);
        QCOMPARE(q(found->stage), QStringLiteral("gen"));
        QCOMPARE(q(found->fingerprint), QStringLiteral("fp"));
        QVERIFY(!store.find_reusable_stage("gen", "other-fp").has_value());
        QVERIFY(!store.find_reusable_stage("judge", "fp").has_value());

        // The most recent qualifying run wins.
        const auto newer = finished_run(store, "gen", "fp", 2, 0);
        found = store.find_reusable_stage("gen", "fp");
        QVERIFY(found.has_value());
        QCOMPARE(found->run_id, newer);
    }

    void copyStageCopiesItemsAndRollUp() {
        const auto path = fresh_path();
        RunStore store(path);
        const auto source = finished_run(store, "gen", "fp", 5, 0);
        const auto target = store.create_run("proj", "", Json::object(), Json::object());
        store.copy_stage(source, target, "gen", 3);

        RunReader reader(path);
        const auto stages = reader.stages(target);
        QCOMPARE(stages.size(), std::size_t(1));
        const auto& copied = stages[0];
        QCOMPARE(q(copied.stage), QStringLiteral("gen"));
        QCOMPARE(copied.position, 3);
        QCOMPARE(q(copied.kind), QStringLiteral("generate"));
        QCOMPARE(q(copied.fingerprint), QStringLiteral("fp"));
        QCOMPARE(q(copied.status), QStringLiteral("finished"));
        QCOMPARE(copied.reused_from.value_or(-1), source);
        const auto original = reader.stages(source)[0];
        QVERIFY(!original.reused_from.has_value());
        QCOMPARE(copied.counters.items_in, original.counters.items_in);
        QCOMPARE(copied.counters.kept, std::int64_t(5));
        QCOMPARE(copied.counters.tokens_in, original.counters.tokens_in);
        QCOMPARE(copied.counters.cost, original.counters.cost);

        const auto from_items = reader.items(source, "gen");
        const auto to_items = reader.items(target, "gen");
        QCOMPARE(to_items.size(), std::size_t(5));
        QCOMPARE(keys_of(to_items), keys_of(from_items));
        for (std::size_t i = 0; i < to_items.size(); ++i) {
            QVERIFY(to_items[i].data == from_items[i].data);
            QVERIFY(to_items[i].status == from_items[i].status);
            QCOMPARE(q(to_items[i].input_id), q(from_items[i].input_id));
        }
        QCOMPARE(reader.count_items(source, "gen"), std::int64_t(5));  // the source is untouched
        // The copy is itself reusable, and newer.
        QCOMPARE(store.find_reusable_stage("gen", "fp")->run_id, target);
    }

    // --- labels: ground truth by content ------------------------------------------------------

    void labelsAreGroundTruthKeyedByContent() {
        const auto path = fresh_path();
        RunStore store(path);
        const auto first = finished_run(store, "judge", "fp", 2, 0);
        LabelStore labels(path);
        const std::string soup = LabelStore::content_hash(Json{{"title", "Cozy soup season"}});
        // The hash follows the content, whatever the key order, and nothing else.
        QCOMPARE(soup, LabelStore::content_hash(Json::parse(R"({"title":"Cozy soup season"})")));
        QVERIFY(soup != LabelStore::content_hash(Json{{"title", "Cozy soup seasons"}}));
        QVERIFY(!labels.find("judge", soup).has_value());
        labels.set(Label{"judge", soup, Truth::Drop, "too vague", "u0/judge/0", first, ""});
        labels.set(Label{"dedup", soup, Truth::Keep, "", "u0/judge/0", first, ""});
        auto label = labels.find("judge", soup);
        QVERIFY(label.has_value());
        QCOMPARE(label->truth, Truth::Drop);
        QCOMPARE(q(label->note), QStringLiteral("too vague"));
        QCOMPARE(q(label->item_key), QStringLiteral("u0/judge/0"));
        QCOMPARE(*label->run_id, first);
        QVERIFY(!label->updated_at.empty());

        // Update in place: one label per (stage, content), whichever run it was given on.
        const auto second = finished_run(store, "judge", "fp2", 2, 0);
        labels.set(Label{"judge", soup, Truth::Keep, "on second look", "u1/judge/0", second, ""});
        QCOMPARE(labels.list("judge").size(), std::size_t(1));
        QCOMPARE(labels.list().size(), std::size_t(2));
        LabelStore later(path);
        QCOMPARE(later.find("judge", soup)->truth, Truth::Keep);
        QCOMPARE(q(later.find("judge", soup)->note), QStringLiteral("on second look"));

        QVERIFY(later.clear("judge", soup));
        QVERIFY(!later.clear("judge", soup));
        QVERIFY(!labels.find("judge", soup).has_value());
        QVERIFY(later.find("dedup", soup).has_value());
        QCOMPARE(later.clear_stage(""), 1);
        QVERIFY(later.list().empty());
    }

    void verdictTranslatesToTruthForTheDecisionOnScreen() {
        // The reviewer's one key says whether the gate was right; the truth depends on what
        // the gate decided in the run on screen.
        QCOMPARE(LabelStore::truth_for_verdict(ItemStatus::Filtered, true), Truth::Drop);
        QCOMPARE(LabelStore::truth_for_verdict(ItemStatus::Filtered, false), Truth::Keep);
        QCOMPARE(LabelStore::truth_for_verdict(ItemStatus::Kept, true), Truth::Keep);
        QCOMPARE(LabelStore::truth_for_verdict(ItemStatus::Kept, false), Truth::Drop);
        QCOMPARE(*LabelStore::decision_agrees(ItemStatus::Filtered, Truth::Drop), true);
        QCOMPARE(*LabelStore::decision_agrees(ItemStatus::Kept, Truth::Drop), false);
        QVERIFY(!LabelStore::decision_agrees(ItemStatus::Error, Truth::Keep).has_value());
    }

    void labelMergeKeepsTheNewer() {
        const auto path = fresh_path();
        { RunStore create(path); }
        LabelStore labels(path);
        labels.set(Label{"judge", "h1", Truth::Drop, "", "a", {}, "2024-05-01T10:00:00.000Z"});
        labels.set(Label{"judge", "h2", Truth::Drop, "", "b", {}, "2024-05-03T10:00:00.000Z"});
        const auto merged = labels.merge(
            {Label{"judge", "h1", Truth::Keep, "newer", "a", {}, "2024-05-02T10:00:00.000Z"},
             Label{"judge", "h2", Truth::Keep, "older", "b", {}, "2024-05-02T10:00:00.000Z"},
             Label{"judge", "h3", Truth::Keep, "", "c", {}, "2024-05-02T10:00:00.000Z"}});
        QCOMPARE(merged.added, 1);
        QCOMPARE(merged.updated, 1);
        QCOMPARE(merged.unchanged, 1);
        QCOMPARE(labels.find("judge", "h1")->truth, Truth::Keep);
        QCOMPARE(labels.find("judge", "h2")->truth, Truth::Drop);
        QCOMPARE(q(labels.find("judge", "h3")->updated_at),
                 QStringLiteral("2024-05-02T10:00:00.000Z"));
    }

    void oldVerdictLabelsMigrateWithTheirRunsDecision() {
        // A store at schema 1, where a label said whether a run's decision was right.
        const auto path = fresh_path();
        std::int64_t run = 0;
        {
            Database db(path);
            StoreSchema::migrate(db, 1);
            db.exec(
                "INSERT INTO runs (id, project, status, started_at, config) VALUES "
                "(1, 'p', 'finished', 'now', '{}')");
            run = 1;
            const auto item = [&](const std::string& key, const char* status, const Json& data) {
                Statement insert(db,
                                 "INSERT INTO items (run_id, stage, key, input_id, ordinal, "
                                 "status, data) VALUES (1, 'judge', ?, 'u', 0, ?, ?)");
                insert.bind(1, key).bind(2, status).bind(3, data.dump()).run();
            };
            item("u0/j", "filtered", Json{{"title", "A"}});
            item("u1/j", "filtered", Json{{"title", "B"}});
            item("u2/j", "kept", Json{{"title", "C"}});
            item("u3/j", "kept", Json{{"title", "D"}});
            item("u4/j", "error", Json{{"title", "E"}});
            db.exec(
                "INSERT INTO labels (stage, item_key, verdict, note, run_id, updated_at) VALUES "
                "('judge', 'u0/j', 'correct', 'spam', 1, 't1'), "
                "('judge', 'u1/j', 'wrong', '', 1, 't2'), "
                "('judge', 'u2/j', 'correct', '', 1, 't3'), "
                "('judge', 'u3/j', 'wrong', '', 1, 't4'), "
                "('judge', 'u4/j', 'wrong', '', 1, 't5'), "
                "('judge', 'gone', 'wrong', '', 1, 't6')");
        }
        LabelStore labels(path);  // migrates
        const auto truth = [&](const char* title) {
            const auto label =
                labels.find("judge", LabelStore::content_hash(Json{{"title", title}}));
            return label ? std::string(cascade::to_string(label->truth)) : std::string("none");
        };
        QCOMPARE(q(truth("A")), QStringLiteral("drop"));  // filtered, and rightly
        QCOMPARE(q(truth("B")), QStringLiteral("keep"));  // filtered, wrongly
        QCOMPARE(q(truth("C")), QStringLiteral("keep"));  // kept, rightly
        QCOMPARE(q(truth("D")), QStringLiteral("drop"));  // kept, wrongly
        QCOMPARE(q(truth("E")), QStringLiteral("none"));  // an error: no decision to judge
        QCOMPARE(labels.list().size(), std::size_t(4));   // "gone" had no item to translate
        const auto a = labels.find("judge", LabelStore::content_hash(Json{{"title", "A"}}));
        QCOMPARE(q(a->note), QStringLiteral("spam"));
        QCOMPARE(q(a->item_key), QStringLiteral("u0/j"));
        QCOMPARE(*a->run_id, run);
        Database check(path);
        QCOMPARE(scalar(check, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'review_verdicts'"),
                 std::int64_t(0));
    }

    // --- reply sources ----------------------------------------------------------------------

    void cacheSourcesMigrateFromWhatCallsPaidFor() {
        // Schema 1: no sources. One reply was paid for by a call of this store (live); the other
        // was never sent by a run (it came from recordings).
        const auto path = fresh_path();
        {
            Database db(path);
            StoreSchema::migrate(db, 1);
            db.exec(
                "INSERT INTO runs (id, project, status, started_at, config) VALUES "
                "(1, 'p', 'finished', 'now', '{}'), (2, 'p', 'finished', 'now', '{}')");
            db.exec(
                "INSERT INTO response_cache (key, provider, base_url, model, request, response, "
                "text, created_at) VALUES ('paid', 'openai', 'u', 'm', '{}', '{}', 'x', 'now'), "
                "('authored', 'openai', 'u', 'm', '{}', '{}', 'y', 'now')");
            db.exec(
                "INSERT INTO calls (run_id, stage, item_key, model, cache_key, request, ok, "
                "cache_hit, http_status) VALUES (1, 's', 'a', 'w', 'paid', '{}', 1, 0, 200), "
                "(1, 's', 'b', 'w', 'authored', '{}', 1, 1, 0), "
                "(2, 's', 'a', 'w', 'paid', '{}', 1, 1, 0)");
            db.exec(
                "INSERT INTO stage_runs (run_id, stage, position, kind, fingerprint, status, "
                "calls) VALUES (1, 's', 0, 'generate', 'f', 'finished', 2)");
            db.exec(
                "INSERT INTO stage_runs (run_id, stage, position, kind, fingerprint, status, "
                "reused_from, calls) VALUES (2, 's', 0, 'generate', 'f', 'finished', 1, 2)");
        }
        RunReader reader(path);
        QCOMPARE(
            q(text_scalar(reader.db(), "SELECT source FROM response_cache WHERE key = 'paid'")),
            QStringLiteral("live"));
        QCOMPARE(
            q(text_scalar(reader.db(), "SELECT source FROM response_cache WHERE key = 'authored'")),
            QStringLiteral("recorded"));
        const auto calls = reader.calls(1, "s");
        QCOMPARE(*calls[0].source, cascade::ReplySource::Live);
        QCOMPARE(*calls[1].source, cascade::ReplySource::Recorded);
        QCOMPARE(*reader.calls(2, "s")[0].source, cascade::ReplySource::Live);
        // Run 1 made one of two calls from recordings, and run 2 reused that stage.
        QCOMPARE(reader.stages(1)[0].counters.recorded_calls, std::int64_t(1));
        QCOMPARE(reader.stages(2)[0].counters.recorded_calls, std::int64_t(1));
        QCOMPARE(q(cascade::reply_sources_text(*reader.run(2))), QStringLiteral("recorded 1/2"));
    }

    void runReaderIsReadOnly() {
        const auto path = fresh_path();
        { RunStore create(path); }
        RunReader reader(path);
        QVERIFY(!error_of([&] { reader.db().exec("DELETE FROM labels"); }).empty());
        QVERIFY(reader.runs().empty());
    }

    void responseCacheRoundTrip() {
        const auto path = fresh_path();
        RunStore store(path);
        SqliteResponseCache cache(store);
        QVERIFY(!cache.lookup("key-1").has_value());
        ModelConfig model;
        model.name = "frontier";
        model.base_url = "http://127.0.0.1:9/v1";
        model.model = "gpt-x";
        const Json body = {{"model", "gpt-x"}, {"messages", Json::array()}};
        cache.store("key-1", model, body.dump(), CachedResponse{R"({"id":"r1"})", "hello", 12, 34});
        auto hit = cache.lookup("key-1");
        QVERIFY(hit.has_value());
        QCOMPARE(q(hit->response_body), QStringLiteral(R"({"id":"r1"})"));
        QCOMPARE(q(hit->text), QStringLiteral("hello"));
        QCOMPARE(hit->tokens_in, std::int64_t(12));
        QCOMPARE(hit->tokens_out, std::int64_t(34));
        QVERIFY(!cache.lookup("key-2").has_value());

        // Replacing a key keeps one row with the newer reply.
        cache.store("key-1", model, body.dump(), CachedResponse{"{}", "bye", 1, 2});
        QCOMPARE(q(cache.lookup("key-1")->text), QStringLiteral("bye"));

        // A reply joins the run's write batch: the writer's connection sees it at once, and
        // other connections once the batch commits, together with the items written in it.
        const auto run = store.create_run("p", "", Json::object(), Json::object());
        store.add_item(run, make_item("s", "u0/s/0", ItemStatus::Kept, Json::object()));
        cache.store("key-2", model, body.dump(), CachedResponse{"{}", "two", 3, 4});
        QCOMPARE(q(cache.lookup("key-2")->text), QStringLiteral("two"));
        store.commit();
        RunReader reader(path);
        QCOMPARE(scalar(reader.db(), "SELECT COUNT(*) FROM response_cache"), std::int64_t(2));
        QCOMPARE(q(text_scalar(reader.db(), "SELECT provider || ' ' || base_url || ' ' || model || ' ' "
                                            "|| request FROM response_cache WHERE key = 'key-1'")),
                 q("openai http://127.0.0.1:9/v1 gpt-x " + body.dump()));
        QCOMPARE(reader.count_items(run, "s"), std::int64_t(1));

        // A second store on the same file (a later run) is served from the cache.
        RunStore again(path);
        SqliteResponseCache later(again);
        QCOMPARE(q(later.lookup("key-2")->text), QStringLiteral("two"));
    }

    void cacheServesBySourceAndNeverARejectedReply() {
        const auto path = fresh_path();
        RunStore store(path);
        ModelConfig model;
        model.name = "frontier";
        model.base_url = "http://127.0.0.1:9/v1";
        model.model = "gpt-x";
        {
            SqliteResponseCache live(store);
            live.store("live-key", model, "{}", CachedResponse{"{}", "paid for", 5, 6});
            live.store("bad-key", model, "{}", CachedResponse{"{}", "{not json", 5, 6});
        }
        store.commit();
        store.db().exec(
            "INSERT INTO response_cache (key, provider, base_url, model, request, "
            "response, text, created_at, source, stage) VALUES ('rec-key', 'openai', "
            "'u', 'gpt-x', '{}', '{}', 'authored', 'now', 'recorded', 'themes')");
        SqliteResponseCache live(store);
        QCOMPARE(live.lookup("live-key")->source, cascade::ReplySource::Live);
        // A live run is never served a recorded reply.
        QVERIFY(!live.lookup("rec-key").has_value());
        SqliteResponseCache replay(store, {true, false});
        QCOMPARE(q(replay.lookup("rec-key")->text), QStringLiteral("authored"));
        QCOMPARE(replay.lookup("rec-key")->source, cascade::ReplySource::Recorded);
        // A rejected reply stays, with why, but is served to no run.
        live.reject("bad-key", "the reply is not valid JSON");
        QVERIFY(!live.lookup("bad-key").has_value());
        QVERIFY(!replay.lookup("bad-key").has_value());
        QCOMPARE(q(text_scalar(store.db(),
                               "SELECT rejected FROM response_cache WHERE key = "
                               "'bad-key'")),
                 QStringLiteral("the reply is not valid JSON"));
        // A new live reply under the key is served again.
        live.store("bad-key", model, "{}", CachedResponse{"{}", "{\"ok\": 1}", 5, 6});
        QCOMPARE(q(live.lookup("bad-key")->text), QStringLiteral("{\"ok\": 1}"));
        // Refresh serves nothing.
        SqliteResponseCache refresh(store, {false, true});
        QVERIFY(!refresh.lookup("live-key").has_value());
        store.commit();

        cascade::CacheCatalog catalog(path);
        QCOMPARE(catalog.count({}), std::int64_t(3));
        QCOMPARE(catalog.count({}, cascade::ReplySource::Recorded), std::int64_t(1));
        QCOMPARE(catalog.count({"themes", "", std::nullopt}), std::int64_t(1));
        QCOMPARE(catalog.count({"", "gpt-x", cascade::ReplySource::Live}), std::int64_t(2));
        const auto listed = catalog.list({"", "", cascade::ReplySource::Recorded});
        QCOMPARE(listed.size(), std::size_t(1));
        QCOMPARE(q(listed[0].stage), QStringLiteral("themes"));
        QCOMPARE(catalog.clear({"", "", cascade::ReplySource::Live}), std::int64_t(2));
        QCOMPARE(catalog.count({}), std::int64_t(1));
    }

    void cacheStagesComeFromTheCallsThatUsedThem() {
        const auto path = fresh_path();
        RunStore store(path);
        ModelConfig model;
        model.name = "frontier";
        model.model = "gpt-x";
        const auto run = store.create_run("p", "", Json::object(), Json::object());
        CallRecord call;
        call.run_id = run;
        call.stage = "judge";
        call.item_key = "u0";
        call.model = "frontier";
        call.cache_key = "k1";
        call.request = Json::object();
        call.ok = true;
        call.source = cascade::ReplySource::Live;
        store.add_call(call);
        SqliteResponseCache(store).store("k1", model, "{}", CachedResponse{"{}", "t", 1, 1});
        SqliteResponseCache(store).store("k2", model, "{}", CachedResponse{"{}", "t", 1, 1});
        store.commit();
        cascade::CacheCatalog catalog(path);
        QCOMPARE(catalog.count({"judge", "", std::nullopt}), std::int64_t(1));
        QCOMPARE(catalog.count({"", "frontier", std::nullopt}), std::int64_t(1));  // the alias
        QCOMPARE(q(catalog.list({"judge", "", std::nullopt})[0].key), QStringLiteral("k1"));
        for (const auto& entry : catalog.list({}))
            QCOMPARE(q(entry.stage), entry.key == "k1" ? QStringLiteral("judge") : QString());
        QCOMPARE(*RunReader(path).calls(run, "judge")[0].source, cascade::ReplySource::Live);
    }

    // --- crash recovery ---------------------------------------------------------------------

    void killedRunIsMarkedInterrupted() {
        const auto path = fresh_path();
        { RunStore create(path); }  // schema in place before the child writes
        const int written = 120;
        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            // The child plays a run that gets `kill -9`ed midway through its second stage.
            int code = 0;
            try {
                RunStore store(path);
                const auto run = store.create_run("crash", "", Json{{"name", "crash"}}, Json::object());
                store.begin_stage(run, "gen", 0, "generate", "fp-gen");
                for (int i = 0; i < written; ++i)
                    store.add_item(run, make_item("gen", "u" + std::to_string(i) + "/gen/0",
                                                  ItemStatus::Kept, Json{{"i", i}}));
                store.finish_stage(run, "gen", "finished", counters(written, written, 0, 1.0), Json::array());
                store.begin_stage(run, "judge", 1, "judge", "fp-judge");
                for (int i = 0; i < 10; ++i)
                    store.add_item(run, make_item("judge", "u" + std::to_string(i) + "/gen/0",
                                                  ItemStatus::Kept, Json{{"i", i}}));
                store.commit();
            } catch (...) {
                code = 3;
            }
            if (code == 0) raise(SIGKILL);
            _exit(code);
        }
        int status = 0;
        QCOMPARE(waitpid(child, &status, 0), child);
        QVERIFY2(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "the child did not die by SIGKILL");
        errno = 0;
        QCOMPARE(kill(child, 0), -1);  // the pid names no process now
        QCOMPARE(errno, ESRCH);

        // Before any writer opens the file, the run still says "running".
        {
            RunReader before(path);
            const auto runs = before.runs();
            QCOMPARE(runs.size(), std::size_t(1));
            QCOMPARE(q(runs[0].status), QStringLiteral("running"));
        }

        // A live run of this very process must not be touched by the recovery.
        std::int64_t live = 0;
        {
            RunStore other(path);  // this open already recovers the child's run
            live = other.create_run("live", "", Json::object(), Json::object());
            other.begin_stage(live, "gen", 0, "generate", "x");
        }
        // A row left by a process that does exist (pid 1) is also left alone.
        {
            Database db(path);
            db.exec("INSERT INTO runs (project, status, started_at, config, pid) VALUES "
                    "('init', 'running', 'now', '{}', 1)");
            db.exec("INSERT INTO runs (project, status, started_at, config, pid) VALUES "
                    "('nopid', 'running', 'now', '{}', NULL)");
        }
        RunStore store(path);
        RunReader reader(path);
        const auto runs = reader.runs();
        QCOMPARE(runs.size(), std::size_t(4));
        std::optional<cascade::RunRecord> crashed, init, nopid, alive;
        for (const auto& r : runs) {
            if (r.project == "crash") crashed = r;
            if (r.project == "init") init = r;
            if (r.project == "nopid") nopid = r;
            if (r.id == live) alive = r;
        }
        QVERIFY(crashed && init && nopid && alive);
        QCOMPARE(q(crashed->status), QStringLiteral("interrupted"));
        QCOMPARE(q(crashed->message),
                 QStringLiteral("the process running it stopped before it finished"));
        QCOMPARE(q(init->status), QStringLiteral("running"));
        QCOMPARE(q(nopid->status), QStringLiteral("interrupted"));
        QCOMPARE(q(alive->status), QStringLiteral("running"));
        QCOMPARE(q(reader.stages(live)[0].status), QStringLiteral("running"));

        const auto stages = reader.stages(crashed->id);
        QCOMPARE(stages.size(), std::size_t(2));
        QCOMPARE(q(stages[0].stage), QStringLiteral("gen"));
        QCOMPARE(q(stages[0].status), QStringLiteral("finished"));  // finished stays finished
        QCOMPARE(stages[0].counters.kept, std::int64_t(written));
        QCOMPARE(q(stages[1].stage), QStringLiteral("judge"));
        QCOMPARE(q(stages[1].status), QStringLiteral("interrupted"));

        // Everything the killed run committed is readable, in order.
        QCOMPARE(reader.count_items(crashed->id, "gen"), std::int64_t(written));
        QCOMPARE(reader.count_items(crashed->id, "judge"), std::int64_t(10));
        const auto items = reader.items(crashed->id, "gen", {}, written - 1, 1);
        QCOMPARE(items.size(), std::size_t(1));
        QCOMPARE(q(items[0].key), q("u" + std::to_string(written - 1) + "/gen/0"));
        QVERIFY(items[0].data == (Json{{"i", written - 1}}));
        // An interrupted stage is never offered for reuse; the finished one is.
        QVERIFY(!store.find_reusable_stage("judge", "fp-judge").has_value());
        QCOMPARE(store.find_reusable_stage("gen", "fp-gen")->run_id, crashed->id);
        QCOMPARE(RunStore::mark_interrupted_runs(store.db()), 0);  // already recovered
    }
};

QTEST_APPLESS_MAIN(TestStore)
#include "test_store.moc"
