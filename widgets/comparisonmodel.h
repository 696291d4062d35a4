#pragma once

#include <QAbstractTableModel>
#include <QString>
#include <QStringList>

#include <memory>

#include "cascade/compare/runcomparison.h"

// The per-stage table of a RunComparison: a Stage column, then for every metric of
// RunComparison::stage_metrics() four columns: A, B, Δ (B - A) and Δ%. The better side of a
// metric is marked by colour and bold type, and Δ / Δ% are coloured by which run they favour.
// Stages only in one run are marked added (only B) or removed (only A). The comparison charts
// read the same model through RawRole, so table and charts always agree.
class ComparisonModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Part { A, B, Delta, Percent, PartCount };
    enum Role {
        RawRole = Qt::UserRole + 1,  // double: the value, Δ or Δ%; invalid where there is none
        BetterRole,                  // int(cascade::Better) of the cell's metric
        PresenceRole,                // int(StageComparison::Presence), on every column
        MetricRole,                  // QString: the metric name of the column ("" for Stage)
    };
    static constexpr int StageColumn = 0;

    explicit ComparisonModel(QObject* parent = nullptr);

    // Shows a comparison; nullptr empties the model.
    void setComparison(std::shared_ptr<const cascade::RunComparison> comparison);
    const cascade::RunComparison* comparison() const { return comparison_.get(); }

    static const QStringList& metrics();
    static QString metricLabel(const QString& metric);  // "cost" -> "Cost"
    // Value text in the metric's unit: money, milliseconds, counts.
    static QString formatValue(const QString& metric, double value);
    static QString formatDelta(const QString& metric, double delta);
    static int column(const QString& metric, Part part);  // -1 for an unknown metric
    static QString metricOfColumn(int column);
    static Part partOfColumn(int column);

    QString stageAt(int row) const;
    int rowOfStage(const QString& stage) const;
    // The value of a metric for a stage row (RawRole), NaN where there is none.
    double value(int row, const QString& metric, Part part) const;
    QString verdict() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant stageData(const cascade::StageComparison& row, int role) const;
    QVariant metricData(const cascade::StageComparison& row, int column, int role) const;

    std::shared_ptr<const cascade::RunComparison> comparison_;
};
