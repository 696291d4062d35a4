#include "cascade/store/runreader.h"

#include "cascade/store/itemrow.h"
#include "cascade/store/statement.h"
#include "cascade/store/storeschema.h"

namespace cascade {

namespace {

// The WHERE clause for a filter; binds start at index 4 (1-3 are run, stage, status).
std::string filter_sql(const ItemFilter& filter) {
    std::string sql = " WHERE run_id = ?1 AND stage = ?2 AND (?3 IS NULL OR status = ?3)";
    if (!filter.text.empty())
        sql += " AND (key LIKE ?4 ESCAPE '\\' OR reason LIKE ?4 ESCAPE '\\' OR data LIKE ?4 "
               "ESCAPE '\\')";
    return sql;
}

void bind_filter(Statement& q, std::int64_t run_id, const std::string& stage,
                 const ItemFilter& filter) {
    q.bind(1, run_id).bind(2, stage);
    if (filter.status) q.bind(3, to_string(*filter.status));
    else q.bind_null(3);
    if (!filter.text.empty()) {
        std::string pattern = "%";
        for (char c : filter.text) {
            if (c == '%' || c == '_' || c == '\\') pattern += '\\';
            pattern += c;
        }
        q.bind(4, pattern + "%");
    }
}

CallRecord read_call(Statement& q) {
    CallRecord c;
    c.id = q.int64(0);
    c.run_id = q.int64(1);
    c.stage = q.text(2);
    c.item_key = q.text(3);
    c.model = q.text(4);
    c.cache_key = q.text(5);
    c.request = Json::parse(q.text_view(6));
    c.response = q.text(7);
    c.text = q.text(8);
    c.ok = q.int64(9) != 0;
    c.error = q.text(10);
    c.http_status = static_cast<long>(q.int64(11));
    c.attempts = static_cast<int>(q.int64(12));
    c.repairs = static_cast<int>(q.int64(13));
    c.cache_hit = q.int64(14) != 0;
    c.tokens_in = q.int64(15);
    c.tokens_out = q.int64(16);
    c.cost = q.real(17);
    c.saved_cost = q.real(18);
    c.latency_ms = q.real(19);
    if (!q.is_null(20)) c.source = reply_source_from_string(q.text(20));
    return c;
}

const char* kCallColumns =
    "id, run_id, stage, item_key, model, cache_key, request, response, text, ok, error, "
    "http_status, attempts, repairs, cache_hit, tokens_in, tokens_out, cost, saved_cost, "
    "latency_ms, source";

}  // namespace

namespace {

// Creates or upgrades the store on a short-lived writer connection, then reads through a
// read-only one.
Database open_read_only(const std::string& path) {
    {
        Database writer(path);
        StoreSchema::migrate(writer);
    }
    return Database(path, Database::Mode::ReadOnly);
}

}  // namespace

RunReader::RunReader(const std::string& path) : db_(open_read_only(path)) {}

std::vector<RunRecord> RunReader::runs() {
    std::vector<RunRecord> out;
    Statement q(db_,
                "SELECT r.id, r.project, r.variant, r.status, r.started_at, "
                "COALESCE(r.finished_at, ''), r.message, r.config, r.options, "
                "COALESCE(SUM(s.cost), 0), COALESCE(SUM(s.saved_cost), 0), "
                "COALESCE(SUM(s.tokens_in), 0), COALESCE(SUM(s.tokens_out), 0), "
                "(SELECT COUNT(*) FROM items i WHERE i.run_id = r.id AND i.stage = 'input'), "
                "COALESCE((SELECT s2.kept FROM stage_runs s2 WHERE s2.run_id = r.id "
                "ORDER BY s2.position DESC LIMIT 1), 0), "
                "COALESCE(SUM(s.calls), 0), COALESCE(SUM(s.recorded_calls), 0), "
                "COALESCE(SUM(s.imported_calls), 0) "
                "FROM runs r LEFT JOIN stage_runs s ON s.run_id = r.id "
                "GROUP BY r.id ORDER BY r.id DESC");
    while (q.step()) {
        RunRecord r;
        r.id = q.int64(0);
        r.project = q.text(1);
        r.variant = q.text(2);
        r.status = q.text(3);
        r.started_at = q.text(4);
        r.finished_at = q.text(5);
        r.message = q.text(6);
        r.config = Json::parse(q.text_view(7));
        r.options = Json::parse(q.text_view(8));
        r.cost = q.real(9);
        r.saved_cost = q.real(10);
        r.tokens_in = q.int64(11);
        r.tokens_out = q.int64(12);
        r.inputs = q.int64(13);
        r.final_kept = q.int64(14);
        r.calls = q.int64(15);
        r.recorded_calls = q.int64(16);
        r.imported_calls = q.int64(17);
        out.push_back(std::move(r));
    }
    return out;
}

std::optional<RunRecord> RunReader::run(std::int64_t run_id) {
    for (auto& r : runs())
        if (r.id == run_id) return r;
    return std::nullopt;
}

std::vector<StageRunRecord> RunReader::stages(std::int64_t run_id) {
    std::vector<StageRunRecord> out;
    Statement q(db_,
                "SELECT stage, position, kind, fingerprint, status, reused_from, items_in, kept, "
                "filtered, errors, calls, cache_hits, tokens_in, tokens_out, cost, saved_cost, "
                "latency_p50_ms, latency_p95_ms, COALESCE(started_at, ''), "
                "COALESCE(finished_at, ''), notes, recorded_calls, imported_calls FROM stage_runs "
                "WHERE run_id = ? "
                "ORDER BY position");
    q.bind(1, run_id);
    while (q.step()) {
        StageRunRecord s;
        s.run_id = run_id;
        s.stage = q.text(0);
        s.position = static_cast<int>(q.int64(1));
        s.kind = q.text(2);
        s.fingerprint = q.text(3);
        s.status = q.text(4);
        if (!q.is_null(5)) s.reused_from = q.int64(5);
        auto& c = s.counters;
        c.items_in = q.int64(6);
        c.done = c.items_in;
        c.kept = q.int64(7);
        c.filtered = q.int64(8);
        c.errors = q.int64(9);
        c.calls = q.int64(10);
        c.cache_hits = q.int64(11);
        c.tokens_in = q.int64(12);
        c.tokens_out = q.int64(13);
        c.cost = q.real(14);
        c.saved_cost = q.real(15);
        c.latency_p50_ms = q.real(16);
        c.latency_p95_ms = q.real(17);
        s.started_at = q.text(18);
        s.finished_at = q.text(19);
        s.notes = Json::parse(q.text_view(20));
        c.recorded_calls = q.int64(21);
        c.imported_calls = q.int64(22);
        out.push_back(std::move(s));
    }
    return out;
}

std::int64_t RunReader::count_items(std::int64_t run_id, const std::string& stage,
                                    const ItemFilter& filter) {
    Statement q(db_, "SELECT COUNT(*) FROM items" + filter_sql(filter));
    bind_filter(q, run_id, stage, filter);
    q.step();
    return q.int64(0);
}

std::vector<Item> RunReader::items(std::int64_t run_id, const std::string& stage,
                                   const ItemFilter& filter, std::int64_t offset,
                                   std::int64_t limit) {
    Statement q(db_, std::string("SELECT ") + kItemColumns + " FROM items" + filter_sql(filter) +
                         " ORDER BY id LIMIT ?5 OFFSET ?6");
    bind_filter(q, run_id, stage, filter);
    q.bind(5, limit).bind(6, offset);
    std::vector<Item> out;
    while (q.step()) out.push_back(read_item_row(q));
    return out;
}

std::optional<Item> RunReader::item(std::int64_t run_id, const std::string& stage,
                                    const std::string& key) {
    Statement q(db_, std::string("SELECT ") + kItemColumns +
                         " FROM items WHERE run_id = ? AND stage = ? AND key = ?");
    q.bind(1, run_id).bind(2, stage).bind(3, key);
    if (!q.step()) return std::nullopt;
    return read_item_row(q);
}

std::vector<Item> RunReader::filtered_items(std::int64_t run_id) {
    Statement q(db_, std::string("SELECT ") + kItemColumns +
                         " FROM items i WHERE run_id = ? AND status = 'filtered' ORDER BY "
                         "(SELECT position FROM stage_runs s WHERE s.run_id = i.run_id AND "
                         "s.stage = i.stage), reason, id");
    q.bind(1, run_id);
    std::vector<Item> out;
    while (q.step()) out.push_back(read_item_row(q));
    return out;
}

std::optional<CallRecord> RunReader::call(std::int64_t call_id) {
    Statement q(db_, std::string("SELECT ") + kCallColumns + " FROM calls WHERE id = ?");
    q.bind(1, call_id);
    if (!q.step()) return std::nullopt;
    return read_call(q);
}

std::vector<CallRecord> RunReader::calls(std::int64_t run_id, const std::string& stage) {
    Statement q(db_, std::string("SELECT ") + kCallColumns +
                         " FROM calls WHERE run_id = ? AND stage = ? ORDER BY id");
    q.bind(1, run_id).bind(2, stage);
    std::vector<CallRecord> out;
    while (q.step()) out.push_back(read_call(q));
    return out;
}

}  // namespace cascade
