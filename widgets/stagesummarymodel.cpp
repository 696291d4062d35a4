#include "widgets/stagesummarymodel.h"

#include <QFileInfo>

#include <algorithm>

#include "cascade/store/runreader.h"
#include "widgets/displayformat.h"
#include "widgets/workbenchsession.h"

using DisplayFormat::qstr;

namespace {

// "frontier (gpt-4.1)" for LLM stages, the embedder or corpus for the others.
QString modelLabel(const cascade::Project& project, const cascade::StageConfig& stage) {
    const auto& spec = stage.spec;
    if (spec.is_object() && spec.contains("model") && spec["model"].is_string()) {
        const auto alias = spec["model"].get<std::string>();
        const auto it = project.models.find(alias);
        if (it == project.models.end() || it->second.model.empty()) return qstr(alias);
        return qstr(alias + " (" + it->second.model + ")");
    }
    for (const char* key : {"embedder", "corpus", "reranker"})
        if (spec.is_object() && spec.contains(key) && spec[key].is_string())
            return QStringLiteral("%1: %2").arg(QLatin1String(key), qstr(spec[key].get<std::string>()));
    return {};
}

QStringList noteLines(const cascade::Json& notes) {
    QStringList lines;
    if (!notes.is_array()) return lines;
    for (const auto& note : notes)
        lines << (note.is_string() ? qstr(note.get<std::string>()) : qstr(note.dump()));
    return lines;
}

}  // namespace

StageSummaryModel::StageSummaryModel(WorkbenchSession* session, QObject* parent)
    : QAbstractTableModel(parent), session_(session) {
    connect(session_, &WorkbenchSession::projectOpened, this, &StageSummaryModel::reload);
    connect(session_, &WorkbenchSession::runSelected, this, &StageSummaryModel::reload);
    connect(session_, &WorkbenchSession::runsChanged, this, &StageSummaryModel::reload);
    reload();
}

int StageSummaryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int StageSummaryModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

void StageSummaryModel::buildRows(std::vector<Row>& rows) const {
    const auto* project = session_->project();
    if (!project) return;
    for (const auto& stage : project->stages)
        rows.push_back(Row{qstr(stage.id), qstr(stage.kind), modelLabel(*project, stage)});
    if (run_id_ <= 0 || !QFileInfo::exists(session_->storePath())) return;
    cascade::RunReader reader(session_->storePath().toStdString());
    for (const auto& record : reader.stages(run_id_)) {
        auto it = std::find_if(rows.begin(), rows.end(),
                               [&](const Row& r) { return r.stage == qstr(record.stage); });
        if (it == rows.end()) {  // the run had a stage the current config no longer has
            rows.push_back(Row{qstr(record.stage), qstr(record.kind), QString()});
            it = rows.end() - 1;
        }
        it->has_data = true;
        it->counters = record.counters;
        it->status = qstr(record.status);
        it->reused_from = record.reused_from;
        if (record.reused_from) it->status = QStringLiteral("reused");
        it->notes = noteLines(record.notes);
    }
}

void StageSummaryModel::reload() {
    std::vector<Row> rows;
    run_id_ = session_->currentRun();
    buildRows(rows);
    const bool same_shape = rows.size() == rows_.size() &&
                            std::equal(rows.begin(), rows.end(), rows_.begin(),
                                       [](const Row& a, const Row& b) { return a.stage == b.stage; });
    if (!same_shape) {
        beginResetModel();
        rows_ = std::move(rows);
        endResetModel();
        return;
    }
    // Same stages: update in place so cards and the chart keep their state (no flicker).
    rows_ = std::move(rows);
    if (!rows_.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void StageSummaryModel::applyStageEvents(const QList<cascade::StageEvent>& events) {
    for (const auto& event : events) {
        if (event.run_id != run_id_) continue;  // a live run that is not the one on show
        const int row = rowOfStage(qstr(event.stage));
        if (row < 0) continue;
        Row& r = rows_[row];
        r.has_data = true;
        r.counters = event.counters;
        r.reused_from = event.reused ? std::optional<qint64>(event.reused_from_run) : std::nullopt;
        r.status = event.reused ? QStringLiteral("reused") : QStringLiteral("running");
        // Stages run in order behind a barrier: a later stage's event means earlier ones ended.
        for (int i = 0; i < row; ++i)
            if (rows_[i].status == QLatin1String("running")) {
                rows_[i].status = QStringLiteral("finished");
                emit dataChanged(index(i, 0), index(i, ColumnCount - 1));
            }
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

int StageSummaryModel::rowOfStage(const QString& stage) const {
    for (size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].stage == stage) return static_cast<int>(i);
    return -1;
}

QString StageSummaryModel::stageAt(int row) const {
    return row >= 0 && row < rowCount() ? rows_[row].stage : QString();
}

const cascade::StageCounters* StageSummaryModel::counters(int row) const {
    return row >= 0 && row < rowCount() && rows_[row].has_data ? &rows_[row].counters : nullptr;
}

bool StageSummaryModel::isRunning(int row) const {
    return row >= 0 && row < rowCount() && rows_[row].status == QLatin1String("running");
}

QVariant StageSummaryModel::raw(const Row& row, int column) const {
    const auto& c = row.counters;
    switch (column) {
    case Stage: return row.stage;
    case Kind: return row.kind;
    case Model: return row.model;
    case In: return qint64(c.items_in);
    case Kept: return qint64(c.kept);
    case Filtered: return qint64(c.filtered);
    case Errors: return qint64(c.errors);
    case Calls: return qint64(c.calls);
    case CacheHits: return qint64(c.cache_hits);
    case Tokens: return qint64(c.tokens_in + c.tokens_out);
    case Cost: return c.cost;
    case LatencyP50: return c.latency_p50_ms;
    case Status: return row.status;
    case Progress: return c.items_in > 0 ? double(c.done) / double(c.items_in) : 0.0;
    case ReusedFrom: return row.reused_from ? QVariant(qint64(*row.reused_from)) : QVariant();
    case Notes: return row.notes;
    }
    return {};
}

QVariant StageSummaryModel::display(const Row& row, int column) const {
    const auto& c = row.counters;
    if (!row.has_data && column >= In && column <= Errors) return 0;  // the chart reads numbers
    if (!row.has_data && column > Errors && column != Status) return {};
    switch (column) {
    case Cost: return DisplayFormat::cost(c.cost);
    case LatencyP50: return DisplayFormat::latency(c.latency_p50_ms);
    case Tokens: return DisplayFormat::tokens(c.tokens_in + c.tokens_out);
    case Status: return row.status.isEmpty() ? tr("not run") : row.status;
    case Progress: return QStringLiteral("%1/%2").arg(c.done).arg(c.items_in);
    case ReusedFrom: return row.reused_from ? tr("run %1").arg(*row.reused_from) : QString();
    case Notes: return row.notes.join(QStringLiteral("; "));
    default: return raw(row, column);
    }
}

QVariant StageSummaryModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = rows_[index.row()];
    switch (role) {
    case Qt::DisplayRole: return display(row, index.column());
    case RawRole: return raw(row, index.column());
    case Qt::DecorationRole:
        return index.column() == Stage ? QVariant(DisplayFormat::stageKindIcon(row.kind)) : QVariant();
    case Qt::ToolTipRole:
        return index.column() == Notes || index.column() == Stage ? row.notes.join('\n') : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() >= In && index.column() <= Progress
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant();
    default: return {};
    }
}

QVariant StageSummaryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole) return {};
    if (orientation == Qt::Vertical) return stageAt(section);
    static const char* const names[ColumnCount] = {
        QT_TR_NOOP("Stage"),    QT_TR_NOOP("Kind"),    QT_TR_NOOP("Model"),
        QT_TR_NOOP("In"),       QT_TR_NOOP("Kept"),    QT_TR_NOOP("Filtered"),
        QT_TR_NOOP("Errors"),   QT_TR_NOOP("Calls"),   QT_TR_NOOP("Cache hits"),
        QT_TR_NOOP("Tokens"),   QT_TR_NOOP("Cost"),    QT_TR_NOOP("p50"),
        QT_TR_NOOP("Status"),   QT_TR_NOOP("Progress"), QT_TR_NOOP("Reused from"),
        QT_TR_NOOP("Notes")};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}
