#include "widgets/runhistorymodel.h"

#include <QApplication>
#include <QFileInfo>
#include <QFont>
#include <QStyle>

#include "cascade/store/runreader.h"
#include "widgets/displayformat.h"

using DisplayFormat::qstr;

RunHistoryModel::RunHistoryModel(QObject* parent) : QAbstractTableModel(parent) {}

int RunHistoryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(runs_.size());
}

int RunHistoryModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

void RunHistoryModel::load(const QString& store_path) {
    std::vector<cascade::RunRecord> runs;
    if (!store_path.isEmpty() && QFileInfo::exists(store_path))
        runs = cascade::RunReader(store_path.toStdString()).runs();
    beginResetModel();
    runs_ = std::move(runs);
    endResetModel();
}

int RunHistoryModel::rowOfRun(qint64 run_id) const {
    for (size_t i = 0; i < runs_.size(); ++i)
        if (runs_[i].id == run_id) return static_cast<int>(i);
    return -1;
}

qint64 RunHistoryModel::runAt(int row) const {
    return row >= 0 && row < rowCount() ? runs_[row].id : 0;
}

QVariant RunHistoryModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& run = runs_[index.row()];
    const QString status = qstr(run.status);
    if (role == RunIdRole) return qint64(run.id);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Run: return qint64(run.id);
        case Started: return DisplayFormat::localTime(run.started_at);
        case Variant: return run.variant.empty() ? tr("(base)") : qstr(run.variant);
        case Status: return status;
        case Replies:
            return qstr(cascade::reply_sources_text(run));
        case Cost: return DisplayFormat::cost(run.cost);
        case Inputs: return qint64(run.inputs);
        case Kept: return qint64(run.final_kept);
        case Message: return qstr(run.message);
        }
    }
    if (role == Qt::ToolTipRole) {
        QString tip = tr("Run %1: %2").arg(run.id).arg(status);
        if (!run.message.empty()) tip += QStringLiteral("\n") + qstr(run.message);
        if (run.saved_cost > 0) tip += tr("\n%1 saved by the cache").arg(DisplayFormat::cost(run.saved_cost));
        if (run.recorded_calls > 0)
            tip += tr("\nMade from recordings: %1 of %2 calls were answered from the project's "
                      "recordings/ (example replies, not live model output)")
                       .arg(run.recorded_calls)
                       .arg(run.calls);
        if (run.imported_calls > 0)
            tip += tr("\n%1 of %2 calls were answered from an imported file")
                       .arg(run.imported_calls)
                       .arg(run.calls);
        return tip;
    }
    if (role == Qt::FontRole && index.column() == Replies && run.recorded_calls > 0) {
        QFont italic;
        italic.setItalic(true);
        return italic;
    }
    if (role == Qt::DecorationRole && index.column() == Status) {
        // Runs that did not finish stand out: interrupted ones were cut off by a crash or quit.
        auto* style = QApplication::style();
        if (status == QLatin1String("failed"))
            return style->standardIcon(QStyle::SP_MessageBoxCritical);
        if (status == QLatin1String("interrupted") || status == QLatin1String("cancelled"))
            return style->standardIcon(QStyle::SP_MessageBoxWarning);
        if (status == QLatin1String("running")) return QIcon(QStringLiteral(":/icons/run.svg"));
    }
    if (role == Qt::TextAlignmentRole &&
        (index.column() == Run || index.column() == Cost || index.column() == Inputs ||
         index.column() == Kept))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant RunHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal) return {};
    switch (section) {
    case Run: return tr("Run");
    case Started: return tr("Started");
    case Variant: return tr("Variant");
    case Status: return tr("Status");
    case Replies:
        return tr("Replies");
    case Cost: return tr("Cost");
    case Inputs: return tr("Inputs");
    case Kept: return tr("Kept");
    case Message: return tr("Message");
    }
    return {};
}
