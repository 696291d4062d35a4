#pragma once

#include <QAbstractTableModel>
#include <QString>

#include <array>
#include <optional>
#include <vector>

#include "widgets/itemrowloader.h"

class WorkbenchSession;

// The items of one (run, stage) as a flat table: status badge, key, summary, score, reason.
// load() reads the whole stage as compact rows on a worker thread (see ItemRowLoader) and swaps
// them in with one reset, so even 100,000 items open without blocking the GUI.
class ItemTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { StatusColumn, KeyColumn, SummaryColumn, ScoreColumn, ReasonColumn, ColumnCount };
    enum Role {
        StatusRole = Qt::UserRole + 1,  // int(cascade::ItemStatus), override applied
        ScoreRole,                      // double, NaN when the item has no score
        KeyRole,
    };

    explicit ItemTableModel(WorkbenchSession* session, QObject* parent = nullptr);

    // Starts loading the stage's items (asynchronous; loaded() follows). A run id <= 0 or an
    // empty stage clears the model.
    void load(qint64 run_id, const QString& stage);
    void reload() { load(run_id_, stage_); }
    bool isLoading() const { return loading_; }
    qint64 runId() const { return run_id_; }
    QString stage() const { return stage_; }
    QString loadError() const { return error_; }

    const ItemRow& itemRow(int row) const { return (*rows_)[static_cast<size_t>(row)]; }
    int rowOfKey(const QString& key) const;
    // The status shown: the stored one, or the override's kept/filtered (errors stay errors).
    cascade::ItemStatus status(int row) const;
    // Items per status (kept, filtered, error), override applied.
    std::array<int, 3> statusCounts() const { return counts_; }

    // Recolours statuses without touching the store, e.g. while a threshold slider moves:
    // one bool per row, true = kept. std::nullopt goes back to the stored statuses. A vector
    // whose size is not rowCount() is ignored.
    void setStatusOverride(std::optional<std::vector<bool>> kept);
    bool hasStatusOverride() const { return override_.has_value(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    void loadStarted();
    // The rows are in (or the load failed: loadError() says why).
    void loaded();
    void statusCountsChanged();

private:
    void onFinished(quint64 generation, ItemRowLoader::Rows rows, const QString& error);
    void recount();

    WorkbenchSession* session_;
    ItemRowLoader::Rows rows_;
    std::optional<std::vector<bool>> override_;
    std::array<int, 3> counts_{};
    qint64 run_id_ = 0;
    QString stage_;
    QString error_;
    quint64 generation_ = 0;
    bool loading_ = false;
};
