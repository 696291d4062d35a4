#pragma once

#include <QWidget>

class ComparisonModel;
class QAbstractBarSeries;
class QChart;
class QChartView;

// The comparison's charts, read from the same ComparisonModel as the table (RawRole): cost per
// stage A vs B (grouped bars), kept / filtered / errors per stage for A and B (stacked bars,
// one bar per run and stage), and p50 latency per stage A vs B. Rebuilt on every model reset.
class CompareCharts : public QWidget {
    Q_OBJECT

public:
    explicit CompareCharts(ComparisonModel* model, QWidget* parent = nullptr);

    QAbstractBarSeries* costSeries() const { return cost_; }
    QAbstractBarSeries* outcomeSeries() const { return outcome_; }
    QAbstractBarSeries* latencySeries() const { return latency_; }
    QChartView* costView() const { return cost_view_; }
    QChartView* outcomeView() const { return outcome_view_; }
    QChartView* latencyView() const { return latency_view_; }

public slots:
    void rebuild();

protected:
    void changeEvent(QEvent* event) override;

private:
    // A vs B of one metric per stage; returns the largest value.
    double fillPairs(QAbstractBarSeries* series, const QString& metric);
    QStringList categoryNames() const;
    void fillOutcomes();
    void styleChart(QChart* chart) const;

    ComparisonModel* model_;
    QChartView* cost_view_;
    QChartView* outcome_view_;
    QChartView* latency_view_;
    QAbstractBarSeries* cost_;
    QAbstractBarSeries* outcome_;
    QAbstractBarSeries* latency_;
};
