#include "widgets/comparecharts.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QHorizontalStackedBarSeries>
#include <QLegend>
#include <QStringList>
#include <QValueAxis>

#include <cmath>

#include "widgets/comparisonmodel.h"
#include "widgets/statusbadge.h"

namespace {

// Mid-tones that read on light and dark backgrounds alike.
const QColor kColorA(0x5b, 0x8f, 0xd9);
const QColor kColorB(0xe0, 0x8a, 0x3c);

QChartView* makeView(QAbstractBarSeries* series, const QString& title, QWidget* parent) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->addSeries(series);
    auto* categories = new QBarCategoryAxis(chart);
    auto* values = new QValueAxis(chart);
    chart->addAxis(categories, Qt::AlignLeft);
    chart->addAxis(values, Qt::AlignBottom);
    series->attachAxis(categories);
    series->attachAxis(values);
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(260, 220);
    return view;
}

QBarCategoryAxis* categoryAxis(QChartView* view) {
    return qobject_cast<QBarCategoryAxis*>(view->chart()->axes(Qt::Vertical).value(0));
}

QValueAxis* valueAxis(QChartView* view) {
    return qobject_cast<QValueAxis*>(view->chart()->axes(Qt::Horizontal).value(0));
}

// Money axes get enough decimals for sub-cent stage costs ("$0.000047"), not "4.7e-05".
QString moneyFormat(double top) {
    int decimals = 2;
    while (decimals < 8 && top > 0.0 && top * std::pow(10.0, decimals) < 10.0) ++decimals;
    return QStringLiteral("$%.") + QString::number(decimals) + QStringLiteral("f");
}

void setAxes(QChartView* view, const QStringList& names, double top, const QString& format) {
    auto* categories = categoryAxis(view);
    categories->clear();
    categories->append(names);
    auto* values = valueAxis(view);
    values->setRange(0.0, top > 0.0 ? top : 1.0);
    values->setLabelFormat(format);
    values->setLabelsVisible(top > 0.0);  // an all-zero axis has nothing to read
    // Money labels are long ("$0.000094"): three ticks fit a narrow chart.
    values->setTickCount(format.startsWith(QLatin1Char('$')) ? 3 : 5);
    values->setMinorTickCount(0);
}

double orZero(double value) {
    return std::isnan(value) ? 0.0 : value;
}

}  // namespace

CompareCharts::CompareCharts(ComparisonModel* model, QWidget* parent)
    : QWidget(parent), model_(model) {
    cost_ = new QHorizontalBarSeries(this);
    outcome_ = new QHorizontalStackedBarSeries(this);
    latency_ = new QHorizontalBarSeries(this);
    cost_view_ = makeView(cost_, tr("Cost per stage"), this);
    outcome_view_ = makeView(outcome_, tr("Kept and filtered per stage"), this);
    latency_view_ = makeView(latency_, tr("Latency per stage (p50)"), this);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(cost_view_);
    layout->addWidget(outcome_view_);
    layout->addWidget(latency_view_);
    connect(model_, &QAbstractItemModel::modelReset, this, &CompareCharts::rebuild);
    connect(model_, &QAbstractItemModel::dataChanged, this, &CompareCharts::rebuild);
    rebuild();
}

void CompareCharts::rebuild() {
    const double cost = fillPairs(cost_, QStringLiteral("cost"));
    setAxes(cost_view_, categoryNames(), cost * 1.05, moneyFormat(cost));
    cost_view_->chart()->setTitle(cost > 0.0 ? tr("Cost per stage (list price)")
                                             : tr("Cost per stage: no calls"));
    fillOutcomes();
    const double latency = fillPairs(latency_, QStringLiteral("latency_p50_ms"));
    if (latency <= 0.0) latency_->clear();  // all-zero bars only draw elided labels
    setAxes(latency_view_, latency > 0.0 ? categoryNames() : QStringList(), latency * 1.05,
            QStringLiteral("%.0f ms"));
    // Cache hits take no time, so a replayed run has no latency to chart.
    latency_view_->chart()->setTitle(latency > 0.0
                                         ? tr("Latency per stage (p50)")
                                         : tr("Latency per stage (p50): none, every call cached"));
    for (auto* view : {cost_view_, outcome_view_, latency_view_}) styleChart(view->chart());
}

// Horizontal bars grow upwards from the first category, so rows go in last first: the
// pipeline then reads top to bottom. (QBarCategoryAxis::setReverse does not do it in Qt 6.4.)
QStringList CompareCharts::categoryNames() const {
    QStringList names;
    for (int row = model_->rowCount() - 1; row >= 0; --row) names << model_->stageAt(row);
    return names;
}

double CompareCharts::fillPairs(QAbstractBarSeries* series, const QString& metric) {
    series->clear();
    auto* a = new QBarSet(tr("A"));
    auto* b = new QBarSet(tr("B"));
    a->setColor(kColorA);
    b->setColor(kColorB);
    double top = 0.0;
    for (int row = model_->rowCount() - 1; row >= 0; --row) {
        const double va = orZero(model_->value(row, metric, ComparisonModel::A));
        const double vb = orZero(model_->value(row, metric, ComparisonModel::B));
        *a << va;
        *b << vb;
        top = std::max({top, va, vb});
    }
    series->append(QList<QBarSet*>{a, b});
    return top;
}

void CompareCharts::fillOutcomes() {
    outcome_->clear();
    struct Outcome {
        QString metric;
        QString label;
        cascade::ItemStatus status;
    };
    const Outcome outcomes[] = {
        {QStringLiteral("kept"), tr("Kept"), cascade::ItemStatus::Kept},
        {QStringLiteral("filtered"), tr("Filtered"), cascade::ItemStatus::Filtered},
        {QStringLiteral("errors"), tr("Errors"), cascade::ItemStatus::Error}};
    QList<QBarSet*> sets;
    for (const auto& outcome : outcomes) {
        auto* set = new QBarSet(outcome.label);
        set->setColor(StatusBadge::color(outcome.status));
        sets << set;
    }
    // One bar per stage and run: "themes · A" above "themes · B".
    QStringList names;
    double top = 0.0;
    for (int row = model_->rowCount() - 1; row >= 0; --row) {
        for (auto part : {ComparisonModel::B, ComparisonModel::A}) {  // A above B
            names << model_->stageAt(row) + (part == ComparisonModel::A ? QStringLiteral(" · A")
                                                                        : QStringLiteral(" · B"));
            double total = 0.0;
            for (int i = 0; i < 3; ++i) {
                const double v = orZero(model_->value(row, outcomes[i].metric, part));
                *sets[i] << v;
                total += v;
            }
            top = std::max(top, total);
        }
    }
    outcome_->append(sets);
    setAxes(outcome_view_, names, top, QStringLiteral("%.0f"));
    if (top > 0.0) valueAxis(outcome_view_)->applyNiceNumbers();
}

void CompareCharts::styleChart(QChart* chart) const {
    const QPalette pal = palette();
    chart->setBackgroundBrush(pal.color(QPalette::Base));
    chart->setBackgroundPen(QPen(pal.color(QPalette::Mid)));
    chart->setTitleBrush(pal.color(QPalette::Text));
    chart->legend()->setLabelColor(pal.color(QPalette::Text));
    for (auto* axis : chart->axes()) {
        axis->setLabelsColor(pal.color(QPalette::Text));
        axis->setGridLineColor(pal.color(QPalette::Midlight));
        axis->setLinePenColor(pal.color(QPalette::Mid));
    }
}

void CompareCharts::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        for (auto* view : {cost_view_, outcome_view_, latency_view_}) styleChart(view->chart());
}
