#pragma once

#include <QChartView>

class QBarCategoryAxis;
class QHorizontalStackedBarSeries;
class QVBarModelMapper;
class QValueAxis;
class StageSummaryModel;

// Kept, filtered and errors per stage as horizontal stacked bars, first stage on top: the funnel
// of a run at a glance. The bar
// sets are mapped straight from the StageSummaryModel's columns (QVBarModelMapper), so it moves
// with the live run exactly like the cards do.
class FunnelChart : public QChartView {
    Q_OBJECT

public:
    explicit FunnelChart(StageSummaryModel* model, QWidget* parent = nullptr);

    QHorizontalStackedBarSeries* series() const { return series_; }
    QStringList categories() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateAxes();
    void applyPalette();

    StageSummaryModel* model_;
    QHorizontalStackedBarSeries* series_;
    QVBarModelMapper* mapper_;
    QBarCategoryAxis* categories_;
    QValueAxis* values_;
};
