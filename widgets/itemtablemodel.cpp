#include "widgets/itemtablemodel.h"

#include <QDebug>

#include "widgets/itemsummary.h"
#include "widgets/statusbadge.h"
#include "widgets/workbenchsession.h"

using cascade::ItemStatus;

ItemTableModel::ItemTableModel(WorkbenchSession* session, QObject* parent)
    : QAbstractTableModel(parent),
      session_(session),
      rows_(std::make_shared<const std::vector<ItemRow>>()) {}

void ItemTableModel::load(qint64 run_id, const QString& stage) {
    run_id_ = run_id;
    stage_ = stage;
    loading_ = true;
    emit loadStarted();
    // Every load gets a new generation, so a slow, stale load can never overwrite a newer one.
    auto* loader = new ItemRowLoader(session_->storePath(), run_id, stage, ++generation_);
    connect(loader, &ItemRowLoader::finished, this, &ItemTableModel::onFinished);
    loader->start();
}

void ItemTableModel::onFinished(quint64 generation, ItemRowLoader::Rows rows,
                                const QString& error) {
    if (generation != generation_) return;
    beginResetModel();
    rows_ = std::move(rows);
    override_.reset();
    error_ = error;
    loading_ = false;
    recount();
    endResetModel();
    emit statusCountsChanged();
    emit loaded();
}

int ItemTableModel::rowOfKey(const QString& key) const {
    const auto& rows = *rows_;
    for (size_t i = 0; i < rows.size(); ++i)
        if (rows[i].key == key) return static_cast<int>(i);
    return -1;
}

ItemStatus ItemTableModel::status(int row) const {
    const ItemStatus stored = itemRow(row).status;
    if (!override_ || stored == ItemStatus::Error) return stored;
    return (*override_)[static_cast<size_t>(row)] ? ItemStatus::Kept : ItemStatus::Filtered;
}

void ItemTableModel::setStatusOverride(std::optional<std::vector<bool>> kept) {
    if (kept && kept->size() != rows_->size()) {
        qWarning() << "ItemTableModel: status override of" << kept->size() << "rows for"
                   << rows_->size() << "items ignored";
        return;
    }
    override_ = std::move(kept);
    recount();
    if (!rows_->empty())
        emit dataChanged(index(0, StatusColumn), index(rowCount() - 1, StatusColumn));
    emit statusCountsChanged();
}

void ItemTableModel::recount() {
    counts_ = {};
    for (int row = 0; row < rowCount(); ++row) ++counts_[static_cast<int>(status(row))];
}

int ItemTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_->size());
}

int ItemTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ItemTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ItemRow& row = itemRow(index.row());
    switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
                case StatusColumn:
                    return StatusBadge::text(status(index.row()));
                case KeyColumn:
                    return row.key;
                case SummaryColumn:
                    return row.summary;
                case ScoreColumn:
                    return ItemSummary::formatScore(row.score);
                case ReasonColumn:
                    return row.reason;
            }
            break;
        case Qt::ToolTipRole:
            if (index.column() == SummaryColumn) return row.summary;
            if (index.column() == ReasonColumn && !row.reason.isEmpty()) return row.reason;
            break;
        case Qt::DecorationRole:
            if (index.column() == StatusColumn) return StatusBadge::icon(status(index.row()));
            break;
        case Qt::TextAlignmentRole:
            if (index.column() == ScoreColumn)
                return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
            break;
        case StatusRole:
            return static_cast<int>(status(index.row()));
        case ScoreRole:
            return row.score;
        case KeyRole:
            return row.key;
    }
    return {};
}

QVariant ItemTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case StatusColumn:
            return tr("Status");
        case KeyColumn:
            return tr("Key");
        case SummaryColumn:
            return tr("Summary");
        case ScoreColumn:
            return tr("Score");
        case ReasonColumn:
            return tr("Reason");
    }
    return {};
}
