#pragma once

#include <QChartView>

class QBarCategoryAxis;
class QBarSet;
class QHorizontalStackedBarSeries;
class QValueAxis;
class StageSummaryModel;

// Kept, filtered and errors per stage as horizontal stacked bars, first stage on top: the funnel
// of a run at a glance. It reads the StageSummaryModel's Kept/Filtered/Errors columns on every
// model signal, so it moves with the live run exactly like the cards do. (Not a
// QVBarModelMapper: that maps rows bottom-up, and QBarCategoryAxis::setReverse does not flip
// horizontal bars in Qt 6.4.)
class FunnelChart : public QChartView {
    Q_OBJECT

public:
    explicit FunnelChart(StageSummaryModel* model, QWidget* parent = nullptr);

    QHorizontalStackedBarSeries* series() const { return series_; }
    // Stage names as the axis shows them, top to bottom (pipeline order).
    QStringList categories() const;
    // The bar value of `stage` in set 0 (kept), 1 (filtered) or 2 (errors); -1 if absent.
    double value(int set, const QString& stage) const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void refresh();
    void applyPalette();

    StageSummaryModel* model_;
    QHorizontalStackedBarSeries* series_;
    QBarSet* sets_[3];
    QBarCategoryAxis* categories_;
    QValueAxis* values_;
};
