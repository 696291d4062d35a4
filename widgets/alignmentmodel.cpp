#include "widgets/alignmentmodel.h"

#include <QApplication>
#include <QPalette>
#include <QScopedValueRollback>

#include "cascade/store/runreader.h"
#include "widgets/diffcolors.h"
#include "widgets/statusbadge.h"

using cascade::AlignedItem;
using cascade::ItemChange;

namespace {

QString oneLine(const std::optional<cascade::Item>& item) {
    if (!item) return {};
    QString text = QString::fromStdString(cascade::ItemAlignment::display_text(*item));
    text = text.simplified();
    if (text.size() > 240) text = text.left(240) + QStringLiteral("…");
    return text;
}

}  // namespace

AlignmentModel::AlignmentModel(QObject* parent) : QAbstractTableModel(parent) {}

void AlignmentModel::setAlignment(std::shared_ptr<cascade::RunReader> reader,
                                  std::shared_ptr<const cascade::ItemAlignment> alignment) {
    beginResetModel();
    rows_.clear();
    texts_.clear();
    alignment_.reset();  // before the reader it reads through
    reader_ = std::move(reader);
    alignment_ = std::move(alignment);
    total_ = 0;
    endResetSignalled();
    reload();
}

void AlignmentModel::setOnlyDifferences(bool only) {
    if (only == only_differences_) return;
    only_differences_ = only;
    reload();
}

void AlignmentModel::reload() {
    beginResetModel();
    rows_.clear();
    texts_.clear();
    total_ = 0;
    if (alignment_) {
        auto page = alignment_->page(only_differences_, 0, kPageSize);
        total_ = page.total;
        rows_ = std::move(page.rows);
        for (const auto& row : rows_) texts_.emplace_back(oneLine(row.a), oneLine(row.b));
    }
    endResetSignalled();
}

void AlignmentModel::endResetSignalled() {
    // Slots of modelReset may call fetchMore (the model tester does); rows inserted from
    // inside the reset's notification would reach its other slots out of order.
    const QScopedValueRollback guard(notifying_, true);
    endResetModel();
}

bool AlignmentModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && alignment_ && !notifying_ &&
           static_cast<qint64>(rows_.size()) < total_;
}

void AlignmentModel::fetchMore(const QModelIndex& parent) {
    if (!canFetchMore(parent)) return;
    auto page = alignment_->page(only_differences_, static_cast<qint64>(rows_.size()), kPageSize);
    if (page.rows.empty()) return;
    // Slots of the insert signals may call fetchMore (the model tester does): no nesting.
    const QScopedValueRollback guard(notifying_, true);
    const int first = static_cast<int>(rows_.size());
    beginInsertRows({}, first, first + static_cast<int>(page.rows.size()) - 1);
    for (auto& row : page.rows) {
        texts_.emplace_back(oneLine(row.a), oneLine(row.b));
        rows_.push_back(std::move(row));
    }
    endInsertRows();
}

const AlignedItem* AlignmentModel::itemAt(int row) const {
    if (row < 0 || row >= static_cast<int>(rows_.size())) return nullptr;
    return &rows_[static_cast<size_t>(row)];
}

int AlignmentModel::rowOfKey(const QString& key) {
    const std::string wanted = key.toStdString();
    size_t row = 0;
    while (true) {
        for (; row < rows_.size(); ++row)
            if (rows_[row].key == wanted) return static_cast<int>(row);
        const size_t before = rows_.size();
        if (canFetchMore({})) fetchMore({});
        if (rows_.size() == before) return -1;
    }
}

QString AlignmentModel::changeText(ItemChange change) {
    switch (change) {
        case ItemChange::Same:
            return tr("same");
        case ItemChange::Changed:
            return tr("changed");
        case ItemChange::Added:
            return tr("added");
        case ItemChange::Removed:
            return tr("removed");
    }
    return {};
}

QString AlignmentModel::whatChanged(const AlignedItem& item) {
    if (item.change == ItemChange::Added) return tr("only in B");
    if (item.change == ItemChange::Removed) return tr("only in A");
    QStringList parts;
    if (item.status_changed) parts << tr("status");
    if (item.reason_changed) parts << tr("reason");
    if (item.data_changed) parts << tr("data");
    if (item.scores_changed) parts << tr("scores");
    return parts.join(QStringLiteral(", "));
}

int AlignmentModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int AlignmentModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlignmentModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AlignedItem& item = rows_[static_cast<size_t>(index.row())];
    const QPalette palette = QApplication::palette();
    switch (role) {
        case Qt::DisplayRole:
            return display(item, index.column());
        case ChangeRole:
            return static_cast<int>(item.change);
        case KeyRole:
            return QString::fromStdString(item.key);
        case Qt::DecorationRole:
            if (index.column() == StatusAColumn && item.a) return StatusBadge::icon(item.a->status);
            if (index.column() == StatusBColumn && item.b) return StatusBadge::icon(item.b->status);
            return {};
        case Qt::BackgroundRole:
            if (item.change == ItemChange::Added)
                return DiffColors::tint(palette, DiffColors::better(palette));
            if (item.change == ItemChange::Removed)
                return DiffColors::tint(palette, DiffColors::worse(palette));
            if (item.change == ItemChange::Changed)
                return DiffColors::tint(palette, DiffColors::changed(palette), 0.12);
            return {};
        case Qt::ForegroundRole:
            if (index.column() != ChangeColumn) return {};
            if (item.change == ItemChange::Added) return DiffColors::better(palette);
            if (item.change == ItemChange::Removed) return DiffColors::worse(palette);
            if (item.change == ItemChange::Changed) return DiffColors::changed(palette);
            return palette.color(QPalette::PlaceholderText);
        case Qt::ToolTipRole:
            if (index.column() == TextAColumn && item.a) return texts_[size_t(index.row())].first;
            if (index.column() == TextBColumn && item.b) return texts_[size_t(index.row())].second;
            if (index.column() == StatusAColumn && item.a)
                return QString::fromStdString(item.a->reason);
            if (index.column() == StatusBColumn && item.b)
                return QString::fromStdString(item.b->reason);
            return {};
        default:
            return {};
    }
}

QVariant AlignmentModel::display(const AlignedItem& item, int column) const {
    const auto& texts = texts_[static_cast<size_t>(&item - rows_.data())];
    switch (column) {
        case ChangeColumn:
            return changeText(item.change);
        case KeyColumn:
            return QString::fromStdString(item.key);
        case StatusAColumn:
            return item.a ? StatusBadge::text(item.a->status) : QString();
        case StatusBColumn:
            return item.b ? StatusBadge::text(item.b->status) : QString();
        case TextAColumn:
            return texts.first;
        case TextBColumn:
            return texts.second;
        case WhatColumn:
            return whatChanged(item);
        default:
            return {};
    }
}

QVariant AlignmentModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
        case ChangeColumn:
            return tr("Change");
        case KeyColumn:
            return tr("Key");
        case StatusAColumn:
            return tr("A status");
        case StatusBColumn:
            return tr("B status");
        case TextAColumn:
            return tr("A");
        case TextBColumn:
            return tr("B");
        case WhatColumn:
            return tr("What differs");
        default:
            return {};
    }
}
