#pragma once

#include <QAbstractTableModel>

#include <vector>

#include "cascade/cost/costestimator.h"

// A cost estimate per stage, plus a total row: items, calls, tokens in/out, cost, the share
// the cache will serve, and what is left to pay, with the basis of each figure as tooltip.
// After a run it also holds the actual figures and the estimate's error beside them.
class EstimateModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        StageColumn,
        ModelColumn,
        ItemsColumn,
        CallsColumn,
        TokensInColumn,
        TokensOutColumn,
        CostColumn,
        CachedColumn,
        ToPayColumn,
        // Estimated vs actual (hasActual() only):
        ActualCallsColumn,
        ActualTokensInColumn,
        TokensInErrorColumn,
        ActualTokensOutColumn,
        TokensOutErrorColumn,
        ActualCostColumn,
        ColumnCount
    };
    static constexpr int RawRole = Qt::UserRole + 1;  // double; invalid where there is none

    explicit EstimateModel(QObject* parent = nullptr);

    void setEstimate(const cascade::CostEstimate& estimate);
    void setVersusActual(const cascade::EstimateVsActual& versus);
    void clear();
    bool hasActual() const { return has_actual_; }
    const cascade::CostEstimate& estimate() const { return estimate_; }
    // The stage rows come first, then one "Total" row.
    bool isTotalRow(int row) const { return row == static_cast<int>(estimate_.stages.size()); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant raw(int row, int column) const;
    QString text(int row, int column, const QVariant& value) const;

    cascade::CostEstimate estimate_;
    std::vector<cascade::EstimateVsActualRow> actual_;
    bool has_actual_ = false;
};
