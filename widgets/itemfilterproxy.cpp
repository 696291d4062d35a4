#include "widgets/itemfilterproxy.h"

#include <cmath>

#include "widgets/itemtablemodel.h"

ItemFilterProxy::ItemFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {}

void ItemFilterProxy::setSourceModel(QAbstractItemModel* model) {
    items_ = qobject_cast<ItemTableModel*>(model);
    QSortFilterProxyModel::setSourceModel(model);
}

void ItemFilterProxy::setStatusFilter(std::optional<cascade::ItemStatus> status) {
    if (status == status_) return;
    status_ = status;
    refilter();
}

void ItemFilterProxy::setTextFilter(const QString& text) {
    if (text == text_) return;
    text_ = text;
    folded_text_ = text.toCaseFolded();
    refilter();
}

void ItemFilterProxy::refilter() {
    // invalidate() drops the mapping in one layout change; invalidateFilter() would emit a
    // remove/insert pair for every run of hidden rows, thousands of them on a big stage.
    invalidate();
}

bool ItemFilterProxy::filterAcceptsRow(int source_row, const QModelIndex& source_parent) const {
    if (!items_ || source_parent.isValid()) return true;
    if (status_ && items_->status(source_row) != *status_) return false;
    if (folded_text_.isEmpty()) return true;
    return items_->itemRow(source_row).folded.contains(folded_text_);
}

bool ItemFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    if (!items_) return QSortFilterProxyModel::lessThan(left, right);
    const ItemRow& a = items_->itemRow(left.row());
    const ItemRow& b = items_->itemRow(right.row());
    switch (left.column()) {
        case ItemTableModel::StatusColumn:
            return items_->status(left.row()) < items_->status(right.row());
        case ItemTableModel::ScoreColumn:
            // NaN (no score) compares as the largest, so unscored items come last ascending.
            if (std::isnan(a.score) || std::isnan(b.score))
                return !std::isnan(a.score) && std::isnan(b.score);
            return a.score < b.score;
        case ItemTableModel::KeyColumn:
            return a.key.compare(b.key, Qt::CaseInsensitive) < 0;
        case ItemTableModel::SummaryColumn:
            return a.summary.compare(b.summary, Qt::CaseInsensitive) < 0;
        case ItemTableModel::ReasonColumn:
            return a.reason.compare(b.reason, Qt::CaseInsensitive) < 0;
    }
    return false;
}
