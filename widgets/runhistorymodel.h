#pragma once

#include <QAbstractTableModel>

#include <vector>

#include "cascade/store/storerecords.h"

// Every run of the project's store, newest first (RunReader::runs()). Runs are few (one per
// click of Run), so the list is read whole; items never are.
class RunHistoryModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        Run,
        Started,
        Variant,
        Status,
        Replies,
        Cost,
        Inputs,
        Kept,
        Message,
        ColumnCount
    };
    static constexpr int RunIdRole = Qt::UserRole + 1;

    explicit RunHistoryModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Re-reads the runs of the store at `store_path`; an empty or missing store gives no rows.
    void load(const QString& store_path);
    int rowOfRun(qint64 run_id) const;
    qint64 runAt(int row) const;

private:
    std::vector<cascade::RunRecord> runs_;
};
