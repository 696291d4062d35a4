#include "widgets/funnelchart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QEvent>
#include <QHorizontalStackedBarSeries>
#include <QLegend>
#include <QValueAxis>

#include "widgets/stagesummarymodel.h"

namespace {
constexpr int kColumns[3] = {StageSummaryModel::Kept, StageSummaryModel::Filtered,
                             StageSummaryModel::Errors};
}

FunnelChart::FunnelChart(StageSummaryModel* model, QWidget* parent)
    : QChartView(parent), model_(model) {
    auto* chart = new QChart;
    // No title: the dock says what it is, and every pixel of height goes to the bars.
    chart->setAnimationOptions(QChart::NoAnimation);  // live updates arrive every 40 ms
    chart->legend()->setAlignment(Qt::AlignRight);      // height goes to the stage rows
    chart->setMargins(QMargins(2, 2, 2, 2));
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    chart->legend()->setFont(small);

    series_ = new QHorizontalStackedBarSeries(chart);
    for (int i = 0; i < 3; ++i) {
        sets_[i] = new QBarSet(model_->headerData(kColumns[i], Qt::Horizontal).toString(), series_);
        series_->append(sets_[i]);
    }
    chart->addSeries(series_);

    categories_ = new QBarCategoryAxis(chart);
    categories_->setTruncateLabels(false);  // stage ids are short; "..." helps nobody
    categories_->setLabelsFont(small);
    values_ = new QValueAxis(chart);
    values_->setLabelFormat(QStringLiteral("%d"));
    values_->setLabelsFont(small);
    chart->addAxis(categories_, Qt::AlignLeft);
    chart->addAxis(values_, Qt::AlignBottom);
    series_->attachAxis(categories_);
    series_->attachAxis(values_);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(330, 150);
    setToolTip(tr("Kept, filtered and errors per stage"));

    connect(model_, &QAbstractItemModel::modelReset, this, &FunnelChart::refresh);
    connect(model_, &QAbstractItemModel::dataChanged, this, &FunnelChart::refresh);
    connect(model_, &QAbstractItemModel::rowsInserted, this, &FunnelChart::refresh);
    connect(model_, &QAbstractItemModel::rowsRemoved, this, &FunnelChart::refresh);
    connect(model_, &QAbstractItemModel::layoutChanged, this, &FunnelChart::refresh);
    applyPalette();
    refresh();
}

QStringList FunnelChart::categories() const {
    QStringList names = categories_->categories();
    std::reverse(names.begin(), names.end());
    return names;
}

double FunnelChart::value(int set, const QString& stage) const {
    const int index = categories_->categories().indexOf(stage);
    return set >= 0 && set < 3 && index >= 0 && index < sets_[set]->count() ? sets_[set]->at(index)
                                                                           : -1.0;
}

void FunnelChart::refresh() {
    // Horizontal bars grow upwards from index 0, so rows go in reversed: first stage on top.
    const int rows = model_->rowCount();
    QStringList names;
    qint64 top = 0;
    for (int i = 0; i < 3; ++i)
        if (sets_[i]->count() != rows) sets_[i]->remove(0, sets_[i]->count());
    for (int slot = 0; slot < rows; ++slot) {
        const int row = rows - 1 - slot;
        names << model_->stageAt(row);
        qint64 total = 0;
        for (int i = 0; i < 3; ++i) {
            const qint64 v = model_->index(row, kColumns[i]).data(StageSummaryModel::RawRole).toLongLong();
            total += v;
            if (sets_[i]->count() == rows) sets_[i]->replace(slot, double(v));
            else sets_[i]->append(double(v));
        }
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
    for (int i = 0; i < 3; ++i) {
        sets_[i]->setColor(outcome[i]);
        sets_[i]->setBorderColor(outcome[i].darker(115));
    }
}

void FunnelChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) applyPalette();
    QChartView::changeEvent(event);
}
