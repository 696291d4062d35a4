#include "widgets/itemrowloader.h"

#include <QFileInfo>
#include <QThreadPool>

#include <QThread>

#include <algorithm>
#include <exception>
#include <future>
#include <iterator>
#include <string>

#include "cascade/store/runreader.h"
#include "cascade/store/statement.h"
#include "widgets/itemsummary.h"

namespace {

// "CASE WHEN <column> has a member <field> of one of these JSON types THEN its value END". The
// instr() pre-check is a cheap substring search that spares a JSON parse when the field is
// absent (SQLite 3.40 re-parses the document for every JSON function call).
std::string member_if(const std::string& column, const std::string& field, const std::string& types,
                      const std::string& value = {}) {
    const std::string path = "'$." + field + "'";
    return "CASE WHEN instr(" + column + ", '\"" + field + "\"') > 0 AND json_type(" + column +
           ", " + path + ") IN (" + types + ") THEN " +
           (value.empty() ? column + " ->> " + path : value) + " END";
}

// The summary (ItemSummary rules 1-3) and the main score in SQL: cheap member lookups first,
// one json_each pass only for objects without any preferred member. Other shapes get a NULL
// summary and go to ItemSummary::of().
std::string rows_sql() {
    std::string summary = "COALESCE(" + member_if("data", "candidates", "'array'",
                                                  "json_array_length(data, '$.candidates') || "
                                                  "' candidates'");
    for (const char* field : ItemSummary::kPreferredFields)
        summary += ", " + member_if("data", field, "'text'");
    const std::string array_summary =
        "e.key || ': ' || COALESCE((SELECT group_concat(v, ', ') || CASE WHEN "
        "json_array_length(e.value) > count(*) THEN ', …' ELSE '' END FROM (SELECT a.value AS v "
        "FROM json_each(e.value) a WHERE a.type = 'text' LIMIT 8)), json_array_length(e.value) "
        "|| ' elements')";
    summary += ", (SELECT CASE WHEN e.type = 'text' THEN e.value ELSE " + array_summary +
               " END FROM json_each(items.data) e WHERE typeof(e.key) = 'text' AND e.type IN "
               "('text', 'array') ORDER BY e.type = 'array', e.id LIMIT 1))";
    std::string score = "COALESCE(";
    for (const char* field : ItemSummary::kScoreFields)
        score += member_if("scores", field, "'integer', 'real'") + ", ";
    score +=
        "(SELECT e.value FROM json_each(items.scores) e WHERE e.type IN ('integer', "
        "'real') ORDER BY e.id LIMIT 1))";
    return "SELECT key, status, reason, substr(" + summary + ", 1, 400), " + score +
           ", data FROM items WHERE run_id = ?1 AND stage = ?2 AND id BETWEEN ?3 AND ?4 "
           "ORDER BY id";
}

QString qstring(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// Case folding for the text filter. Most text is ASCII, where folding is lowering, done here
// far faster than the Unicode tables; the filter folds its needle with toCaseFolded() too.
QString fold(const QString& text) {
    QString out(text.size(), Qt::Uninitialized);
    QChar* to = out.data();
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if (u >= 0x80) return text.toCaseFolded();
        *to++ = QChar(u >= 'A' && u <= 'Z' ? u + 32 : u);
    }
    return out;
}

QString summary_of_data(std::string_view text) {
    const auto data = cascade::Json::parse(text, nullptr, false);
    return data.is_discarded() ? ItemSummary::tidy(qstring(text)) : ItemSummary::of(data);
}

}  // namespace

ItemRowLoader::ItemRowLoader(const QString& store_path, qint64 run_id, const QString& stage,
                             quint64 generation)
    : store_path_(store_path), run_id_(run_id), stage_(stage), generation_(generation) {}

void ItemRowLoader::start() {
    QThreadPool::globalInstance()->start([this, store_path = store_path_, run_id = run_id_,
                                          stage = stage_, generation = generation_] {
        auto rows = std::make_shared<std::vector<ItemRow>>();
        QString error;
        try {
            // A missing store means "no runs yet", not an error; don't create one by reading.
            if (run_id > 0 && !stage.isEmpty() && QFileInfo::exists(store_path)) {
                *rows = readParallel(store_path.toStdString(), run_id, stage.toStdString());
            }
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        emit finished(generation, std::move(rows), error);
        deleteLater();
    });
}

std::vector<ItemRow> ItemRowLoader::read(cascade::RunReader& reader, qint64 run_id,
                                         const std::string& stage, qint64 first_id,
                                         qint64 last_id) {
    cascade::Statement q(reader.db(), rows_sql());
    q.bind(1, static_cast<std::int64_t>(run_id))
        .bind(2, stage)
        .bind(3, static_cast<std::int64_t>(first_id))
        .bind(4, static_cast<std::int64_t>(last_id));
    std::vector<ItemRow> rows;
    while (q.step()) {
        ItemRow row;
        row.key = qstring(q.text_view(0));
        row.status = cascade::item_status_from_string(q.text(1));
        row.reason = qstring(q.text_view(2));
        if (!q.is_null(3))
            row.summary = ItemSummary::tidy(qstring(q.text_view(3)));
        else
            row.summary = summary_of_data(q.text_view(5));
        if (!q.is_null(4)) row.score = q.real(4);
        row.folded = fold(row.key + QChar('\n') + row.summary + QChar('\n') + row.reason);
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<ItemRow> ItemRowLoader::readParallel(const std::string& store_path, qint64 run_id,
                                                 const std::string& stage) {
    cascade::RunReader reader(store_path);
    cascade::Statement range(reader.db(),
                             "SELECT COUNT(*), MIN(id), MAX(id) FROM items WHERE run_id = ? AND "
                             "stage = ?");
    range.bind(1, static_cast<std::int64_t>(run_id)).bind(2, stage);
    range.step();
    const qint64 count = range.int64(0);
    if (count == 0) return {};
    const qint64 first = range.int64(1);
    const qint64 last = range.int64(2);
    // Big stages are read in id slices on every core, each on its own connection: the JSON
    // functions dominate and parallelise. A stage's ids are near-contiguous, so slices balance.
    const int slices = count < 20000 ? 1 : std::clamp(QThread::idealThreadCount(), 1, 4);
    const qint64 width = (last - first) / slices + 1;
    std::vector<std::future<std::vector<ItemRow>>> others;
    for (int i = 1; i < slices; ++i)
        others.push_back(std::async(std::launch::async, [&, i] {
            cascade::RunReader own(store_path);
            return read(own, run_id, stage, first + i * width,
                        std::min(last, first + (i + 1) * width - 1));
        }));
    std::vector<ItemRow> rows =
        read(reader, run_id, stage, first, std::min(last, first + width - 1));
    rows.reserve(static_cast<size_t>(count));
    for (auto& other : others) {
        auto slice = other.get();
        std::move(slice.begin(), slice.end(), std::back_inserter(rows));
    }
    return rows;
}
