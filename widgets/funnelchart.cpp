#include "widgets/funnelchart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QEvent>
#include <QLegendMarker>
#include <QHorizontalStackedBarSeries>
#include <QVBarModelMapper>
#include <QValueAxis>

#include "widgets/stagesummarymodel.h"

FunnelChart::FunnelChart(StageSummaryModel* model, QWidget* parent)
    : QChartView(parent), model_(model) {
    auto* chart = new QChart;
    // No title: the dock says what it is, and every pixel of height goes to the bars.
    chart->setAnimationOptions(QChart::NoAnimation);  // live updates arrive every 40 ms
    chart->legend()->setAlignment(Qt::AlignRight);  // height goes to the stage rows
    chart->setMargins(QMargins(2, 2, 2, 2));
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    chart->legend()->setFont(small);
    series_ = new QHorizontalStackedBarSeries(chart);
    mapper_ = new QVBarModelMapper(this);
    mapper_->setFirstBarSetColumn(StageSummaryModel::Kept);
    mapper_->setLastBarSetColumn(StageSummaryModel::Errors);
    mapper_->setSeries(series_);
    mapper_->setModel(model_);
    chart->addSeries(series_);

    categories_ = new QBarCategoryAxis(chart);
    values_ = new QValueAxis(chart);
    values_->setLabelFormat(QStringLiteral("%d"));
    categories_->setLabelsFont(small);
    values_->setLabelsFont(small);
    categories_->setReverse(true);  // pipeline order reads top to bottom
    chart->addAxis(categories_, Qt::AlignLeft);
    chart->addAxis(values_, Qt::AlignBottom);
    series_->attachAxis(categories_);
    series_->attachAxis(values_);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(360, 150);
    setToolTip(tr("Kept, filtered and errors per stage"));

    connect(model_, &QAbstractItemModel::modelReset, this, &FunnelChart::updateAxes);
    connect(model_, &QAbstractItemModel::dataChanged, this, &FunnelChart::updateAxes);
    connect(model_, &QAbstractItemModel::rowsInserted, this, &FunnelChart::updateAxes);
    connect(model_, &QAbstractItemModel::rowsRemoved, this, &FunnelChart::updateAxes);
    // The mapper recreates its bar sets on reset; colour them once they exist.
    connect(series_, &QAbstractBarSeries::barsetsAdded, this, &FunnelChart::applyPalette);
    applyPalette();
    updateAxes();
}

QStringList FunnelChart::categories() const { return categories_->categories(); }

void FunnelChart::updateAxes() {
    QStringList names;
    qint64 top = 0;
    for (int row = 0; row < model_->rowCount(); ++row) {
        names << model_->stageAt(row);
        qint64 total = 0;
        for (int column : {StageSummaryModel::Kept, StageSummaryModel::Filtered,
                           StageSummaryModel::Errors})
            total += model_->index(row, column).data(StageSummaryModel::RawRole).toLongLong();
        top = std::max(top, total);
    }
    if (names != categories_->categories()) {
        categories_->clear();
        categories_->append(names);
    }
    // Whole-number ticks at a 1-2-5 step, about four of them, however small the counts.
    qint64 step = 1;
    for (qint64 magnitude = 1; step * 4 < top; magnitude *= 10)
        for (qint64 factor : {1, 2, 5})
            if (step * 4 < top) step = factor * magnitude;
    values_->setTickType(QValueAxis::TicksDynamic);
    values_->setTickAnchor(0);
    values_->setTickInterval(double(step));
    values_->setRange(0, double(std::max<qint64>(1, (top + step - 1) / step) * step));
    values_->setMinorTickCount(0);
}

void FunnelChart::applyPalette() {
    // Background and text follow the system palette; the three outcome colours are mid-tones
    // that read on light and dark backgrounds alike.
    const QPalette pal = palette();
    chart()->setBackgroundBrush(pal.color(QPalette::Base));
    chart()->setBackgroundPen(QPen(pal.color(QPalette::Mid)));
    chart()->legend()->setLabelColor(pal.color(QPalette::Text));
    for (auto* axis : {static_cast<QAbstractAxis*>(categories_), static_cast<QAbstractAxis*>(values_)}) {
        axis->setLabelsColor(pal.color(QPalette::Text));
        axis->setLinePenColor(pal.color(QPalette::Mid));
        axis->setGridLineColor(pal.color(QPalette::Midlight));
    }
    static const QColor outcome[] = {QColor(0x3f, 0xa3, 0x6b), QColor(0xe0, 0x9a, 0x2f),
                                     QColor(0xd0, 0x4f, 0x45)};
    const auto sets = series_->barSets();
    for (int i = 0; i < sets.size() && i < 3; ++i) {
        sets[i]->setColor(outcome[i]);
        sets[i]->setBorderColor(outcome[i].darker(115));
    }
}

void FunnelChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) applyPalette();
    QChartView::changeEvent(event);
}
