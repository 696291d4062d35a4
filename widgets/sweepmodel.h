#pragma once

#include <QAbstractTableModel>

#include <vector>

#include "cascade/compare/thresholdsweep.h"

// The points of a threshold sweep as a table: value, kept, filtered, and (when the stage has
// review labels) precision, recall and agreement of "filtered" against the labels. The sweep
// chart is drawn from it. DisplayRole gives plain numbers (invalid where a ratio is undefined);
// the view formats them.
class SweepModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        ValueColumn,
        KeptColumn,
        FilteredColumn,
        PrecisionColumn,
        RecallColumn,
        AgreementColumn,
        ColumnCount
    };

    explicit SweepModel(QObject* parent = nullptr);

    void setPoints(std::vector<cascade::SweepPoint> points, bool labelled);
    void clear() { setPoints({}, false); }
    const std::vector<cascade::SweepPoint>& points() const { return points_; }
    bool hasLabels() const { return labelled_; }
    // The row whose value is nearest to `value`; -1 when empty.
    int rowNearest(double value) const;
    // The largest kept + filtered count, for the chart's axis.
    qint64 maxCount() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<cascade::SweepPoint> points_;
    bool labelled_ = false;
};
