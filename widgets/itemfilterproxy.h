#pragma once

#include <QSortFilterProxyModel>
#include <QString>

#include <optional>

#include "cascade/core/item.h"

class ItemTableModel;

// Status and text filter plus sorting over an ItemTableModel. It reads the source's compact
// rows directly instead of going through QVariant data(), which keeps a filter over 100,000
// rows in the tens of milliseconds. Scores sort numerically; items without one sort last.
class ItemFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit ItemFilterProxy(QObject* parent = nullptr);

    void setSourceModel(QAbstractItemModel* model) override;

    void setStatusFilter(std::optional<cascade::ItemStatus> status);
    std::optional<cascade::ItemStatus> statusFilter() const { return status_; }
    // Case-insensitive substring of key, summary or reason; empty shows everything.
    void setTextFilter(const QString& text);
    QString textFilter() const { return text_; }

protected:
    bool filterAcceptsRow(int source_row, const QModelIndex& source_parent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    void refilter();

    ItemTableModel* items_ = nullptr;
    std::optional<cascade::ItemStatus> status_;
    QString text_;
    QString folded_text_;
};
