#include "widgets/sweepchart.h"

#include <QChart>
#include <QEvent>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include "widgets/statusbadge.h"
#include "widgets/sweepmodel.h"

namespace {

// Mid-tones that read on light and dark backgrounds alike.
const QColor kPrecision(0xb0, 0x6a, 0xd9);
const QColor kRecall(0x1f, 0xa8, 0xb8);

}  // namespace

SweepChart::SweepChart(SweepModel* model, QWidget* parent) : QChartView(parent), model_(model) {
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);  // the marker follows a dragged slider
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    kept_ = new QLineSeries(chart);
    kept_->setName(tr("Kept"));
    // Not parented to the chart: they are added and removed with the labels.
    precision_ = new QLineSeries(this);
    precision_->setName(tr("Precision"));
    recall_ = new QLineSeries(this);
    recall_->setName(tr("Recall"));
    marker_ = new QLineSeries(chart);
    marker_->setName(tr("Slider"));
    run_marker_ = new QLineSeries(chart);
    run_marker_->setName(tr("Run's value"));
    x_ = new QValueAxis(chart);
    count_ = new QValueAxis(chart);
    count_->setLabelFormat(QStringLiteral("%d"));
    count_->setTitleText(tr("kept items"));
    ratio_ = new QValueAxis(chart);
    ratio_->setRange(0.0, 1.0);
    ratio_->setLabelFormat(QStringLiteral("%.1f"));
    ratio_->setTitleText(tr("precision, recall"));
    chart->addAxis(x_, Qt::AlignBottom);
    chart->addAxis(count_, Qt::AlignLeft);
    chart->addAxis(ratio_, Qt::AlignRight);
    for (auto* series : {kept_, marker_, run_marker_}) {
        chart->addSeries(series);
        series->attachAxis(x_);
        series->attachAxis(count_);
    }
    kept_->setPointsVisible(true);  // the sweep's grid: values between points were not computed
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 220);
    connect(model_, &QAbstractItemModel::modelReset, this, &SweepChart::rebuild);
    applyPalette();
    rebuild();
}

void SweepChart::setAxisTitle(const QString& title) {
    x_->setTitleText(title);
}

void SweepChart::rebuild() {
    QList<QPointF> kept, precision, recall;
    for (const auto& p : model_->points()) {
        kept << QPointF(p.value, double(p.kept));
        if (p.precision) precision << QPointF(p.value, *p.precision);
        if (p.recall) recall << QPointF(p.value, *p.recall);
    }
    kept_->replace(kept);
    precision_->replace(precision);
    recall_->replace(recall);
    // Precision and recall join the chart (and its legend) only when there are labels.
    const bool labels = model_->hasLabels();
    for (auto* series : {precision_, recall_}) {
        const bool shown = chart()->series().contains(series);
        if (labels && !shown) {
            chart()->addSeries(series);
            series->attachAxis(x_);
            series->attachAxis(ratio_);
        } else if (!labels && shown) {
            chart()->removeSeries(series);
        }
    }
    ratio_->setVisible(labels);
    if (!kept.isEmpty()) {
        x_->setRange(kept.front().x(), std::max(kept.back().x(), kept.front().x() + 1e-9));
        x_->applyNiceNumbers();  // 0.5, 0.6 ... rather than 0.63, 0.88
        count_->setRange(0, std::max<qint64>(1, model_->maxCount()));
        count_->applyNiceNumbers();
        ratio_->setTickCount(count_->tickCount());  // one grid for both axes
    }
    applyPalette();
    placeVertical(marker_, marker_value_);
    if (run_value_)
        placeVertical(run_marker_, *run_value_);
    else
        run_marker_->clear();
}

void SweepChart::placeVertical(QLineSeries* series, double value) {
    series->replace(QList<QPointF>{QPointF(value, count_->min()), QPointF(value, count_->max())});
}

void SweepChart::setMarker(double value) {
    marker_value_ = value;
    placeVertical(marker_, value);
}

void SweepChart::setRunValue(std::optional<double> value) {
    run_value_ = value;
    if (value)
        placeVertical(run_marker_, *value);
    else
        run_marker_->clear();
    for (auto* marker : chart()->legend()->markers(run_marker_))
        marker->setVisible(value.has_value());
}

void SweepChart::applyPalette() {
    const QPalette pal = palette();
    chart()->setBackgroundBrush(pal.color(QPalette::Base));
    chart()->setBackgroundPen(QPen(pal.color(QPalette::Mid)));
    chart()->setTitleBrush(pal.color(QPalette::Text));
    chart()->legend()->setLabelColor(pal.color(QPalette::Text));
    for (auto* axis : chart()->axes()) {
        axis->setLabelsColor(pal.color(QPalette::Text));
        axis->setTitleBrush(pal.color(QPalette::Text));
        axis->setGridLineColor(pal.color(QPalette::Midlight));
        axis->setLinePenColor(pal.color(QPalette::Mid));
    }
    kept_->setPen(QPen(StatusBadge::color(cascade::ItemStatus::Kept), 2.5));
    precision_->setPen(QPen(kPrecision, 1.8));
    recall_->setPen(QPen(kRecall, 1.8));
    marker_->setPen(QPen(pal.color(QPalette::Highlight), 2.0));
    run_marker_->setPen(QPen(pal.color(QPalette::PlaceholderText), 1.5, Qt::DashLine));
}

void SweepChart::changeEvent(QEvent* event) {
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) applyPalette();
}
