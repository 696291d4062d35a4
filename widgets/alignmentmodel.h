#pragma once

#include <QAbstractTableModel>
#include <QString>

#include <memory>
#include <vector>

#include "cascade/compare/itemalignment.h"

namespace cascade {
class RunReader;
}

// One stage's items of two runs aligned by key (cascade::ItemAlignment), paged in with
// fetchMore so a 100,000-item stage shows at once: change, key, both statuses, both texts and
// what differs. Added, removed and changed rows are tinted; "only differences" hides the rest.
class AlignmentModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        ChangeColumn,
        KeyColumn,
        StatusAColumn,
        StatusBColumn,
        TextAColumn,
        TextBColumn,
        WhatColumn,
        ColumnCount
    };
    enum Role {
        ChangeRole = Qt::UserRole + 1,  // int(cascade::ItemChange)
        KeyRole,
    };
    static constexpr int kPageSize = 200;

    explicit AlignmentModel(QObject* parent = nullptr);

    // The alignment reads its pages through `reader`, which must outlive it; the model keeps
    // both. Null clears the model.
    void setAlignment(std::shared_ptr<cascade::RunReader> reader,
                      std::shared_ptr<const cascade::ItemAlignment> alignment);
    const cascade::ItemAlignment* alignment() const { return alignment_.get(); }
    cascade::RunReader* reader() const { return reader_.get(); }
    std::shared_ptr<cascade::RunReader> readerShared() const { return reader_; }

    void setOnlyDifferences(bool only);
    bool onlyDifferences() const { return only_differences_; }
    // Rows matching the filter, loaded or not.
    qint64 totalRows() const { return total_; }

    const cascade::AlignedItem* itemAt(int row) const;
    // Loads pages until the key is in (or the rows end); -1 when it is not there.
    int rowOfKey(const QString& key);

    static QString changeText(cascade::ItemChange change);
    // "status, reason, data": what differs in a changed item.
    static QString whatChanged(const cascade::AlignedItem& item);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

private:
    void reload();
    void endResetSignalled();
    QVariant display(const cascade::AlignedItem& item, int column) const;

    // Declared before the alignment, which refers to it, so it is destroyed after it.
    std::shared_ptr<cascade::RunReader> reader_;
    std::shared_ptr<const cascade::ItemAlignment> alignment_;
    std::vector<cascade::AlignedItem> rows_;
    // One-line texts of both sides, cut once per row rather than on every paint.
    std::vector<std::pair<QString, QString>> texts_;
    qint64 total_ = 0;
    bool only_differences_ = false;
    bool notifying_ = false;  // inside a reset's or an insert's notification
};
