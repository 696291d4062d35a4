#include "widgets/comparisonmodel.h"

#include <QApplication>
#include <QFont>
#include <QHash>
#include <QPalette>

#include <cmath>
#include <limits>

#include "cascade/compare/money.h"
#include "widgets/diffcolors.h"
#include "widgets/displayformat.h"

using cascade::Better;
using cascade::MetricDelta;
using cascade::StageComparison;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const MetricDelta* findMetric(const StageComparison& row, const QString& name) {
    const std::string wanted = name.toStdString();
    for (const auto& m : row.metrics)
        if (m.name == wanted) return &m;
    return nullptr;
}

bool isMoney(const QString& metric) {
    return metric == QLatin1String("cost") || metric == QLatin1String("paid");
}

}  // namespace

ComparisonModel::ComparisonModel(QObject* parent) : QAbstractTableModel(parent) {}

void ComparisonModel::setComparison(std::shared_ptr<const cascade::RunComparison> comparison) {
    beginResetModel();
    comparison_ = std::move(comparison);
    endResetModel();
}

const QStringList& ComparisonModel::metrics() {
    static const QStringList names = [] {
        QStringList out;
        for (const auto& name : cascade::RunComparison::stage_metrics())
            out << QString::fromStdString(name);
        return out;
    }();
    return names;
}

QString ComparisonModel::metricLabel(const QString& metric) {
    static const QHash<QString, QString> labels = {
        {"items_in", tr("In")},         {"kept", tr("Kept")},
        {"filtered", tr("Filtered")},   {"errors", tr("Errors")},
        {"calls", tr("Calls")},         {"cache_hits", tr("Cache hits")},
        {"tokens_in", tr("Tokens in")}, {"tokens_out", tr("Tokens out")},
        {"cost", tr("Cost")},           {"paid", tr("Paid")},
        {"latency_p50_ms", tr("p50")},  {"latency_p95_ms", tr("p95")}};
    return labels.value(metric, metric);
}

QString ComparisonModel::formatValue(const QString& metric, double value) {
    if (std::isnan(value)) return QStringLiteral("—");
    if (isMoney(metric)) return QString::fromStdString(cascade::format_money(value));
    if (metric.startsWith(QLatin1String("latency"))) return DisplayFormat::latency(value);
    return DisplayFormat::count(std::llround(value));
}

QString ComparisonModel::formatDelta(const QString& metric, double delta) {
    if (std::isnan(delta)) return QStringLiteral("—");
    if (delta == 0.0) return QStringLiteral("0");
    const QString sign = delta > 0 ? QStringLiteral("+") : QStringLiteral("−");
    const double size = std::fabs(delta);
    if (metric.startsWith(QLatin1String("latency")))
        return sign + (size < 1000 ? QString::number(qRound(size)) + QStringLiteral(" ms")
                                   : QString::number(size / 1000.0, 'f', 1) + QStringLiteral(" s"));
    return sign + formatValue(metric, size);
}

int ComparisonModel::column(const QString& metric, Part part) {
    const int index = metrics().indexOf(metric);
    return index < 0 ? -1 : 1 + index * PartCount + part;
}

QString ComparisonModel::metricOfColumn(int column) {
    if (column <= StageColumn) return {};
    return metrics().value((column - 1) / PartCount);
}

ComparisonModel::Part ComparisonModel::partOfColumn(int column) {
    return static_cast<Part>((std::max(column, 1) - 1) % PartCount);
}

QString ComparisonModel::stageAt(int row) const {
    if (!comparison_ || row < 0 || row >= rowCount()) return {};
    return QString::fromStdString(comparison_->stages()[static_cast<size_t>(row)].stage);
}

int ComparisonModel::rowOfStage(const QString& stage) const {
    for (int row = 0; row < rowCount(); ++row)
        if (stageAt(row) == stage) return row;
    return -1;
}

double ComparisonModel::value(int row, const QString& metric, Part part) const {
    const QVariant raw = data(index(row, column(metric, part)), RawRole);
    return raw.isValid() ? raw.toDouble() : kNaN;
}

QString ComparisonModel::verdict() const {
    return comparison_ ? QString::fromStdString(comparison_->verdict()) : QString();
}

int ComparisonModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || !comparison_) return 0;
    return static_cast<int>(comparison_->stages().size());
}

int ComparisonModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : 1 + static_cast<int>(metrics().size()) * PartCount;
}

QVariant ComparisonModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& row = comparison_->stages()[static_cast<size_t>(index.row())];
    if (role == PresenceRole) return static_cast<int>(row.presence);
    if (role == MetricRole) return metricOfColumn(index.column());
    if (index.column() == StageColumn) return stageData(row, role);
    return metricData(row, index.column(), role);
}

QVariant ComparisonModel::stageData(const StageComparison& row, int role) const {
    const QString stage = QString::fromStdString(row.stage);
    const QPalette palette = QApplication::palette();
    switch (role) {
        case Qt::DisplayRole:
            if (row.presence == StageComparison::Presence::OnlyA)
                return tr("%1 (removed)").arg(stage);
            if (row.presence == StageComparison::Presence::OnlyB)
                return tr("%1 (added)").arg(stage);
            return stage;
        case RawRole:
            return stage;
        case Qt::DecorationRole:
            return DisplayFormat::stageKindIcon(
                QString::fromStdString(row.kind_b.empty() ? row.kind_a : row.kind_b));
        case Qt::ForegroundRole:
            if (row.presence == StageComparison::Presence::OnlyA) return DiffColors::worse(palette);
            if (row.presence == StageComparison::Presence::OnlyB)
                return DiffColors::better(palette);
            return {};
        case Qt::ToolTipRole:
            if (row.presence == StageComparison::Presence::OnlyA)
                return tr("Only in run A: B's pipeline has no stage \"%1\"").arg(stage);
            if (row.presence == StageComparison::Presence::OnlyB)
                return tr("Only in run B: added to the pipeline");
            if (row.kind_a != row.kind_b)
                return tr("%1 in A, %2 in B")
                    .arg(QString::fromStdString(row.kind_a), QString::fromStdString(row.kind_b));
            return QString::fromStdString(row.kind_a);
        default:
            return {};
    }
}

QVariant ComparisonModel::metricData(const StageComparison& row, int column, int role) const {
    const QString metric = metricOfColumn(column);
    const Part part = partOfColumn(column);
    const MetricDelta* m = findMetric(row, metric);
    if (!m) return {};
    // The side a stage is missing from has no value, not a zero.
    const bool absent = (part == A && row.presence == StageComparison::Presence::OnlyB) ||
                        (part == B && row.presence == StageComparison::Presence::OnlyA);
    // A latency of 0 means every call was a cache hit: there is nothing to subtract.
    const bool no_latency =
        metric.startsWith(QLatin1String("latency")) && (m->a == 0.0 || m->b == 0.0);
    const bool one_sided = row.presence != StageComparison::Presence::Both || no_latency;
    double raw = kNaN;
    if (part == A && !absent) raw = m->a;
    if (part == B && !absent) raw = m->b;
    if (part == Delta && !one_sided) raw = m->abs;
    if (part == Percent && !one_sided && m->percent) raw = *m->percent;
    const QPalette palette = QApplication::palette();
    // A stage only one run has is not better or worse than nothing.
    const bool b_better = !one_sided && m->better == Better::B;
    const bool a_better = !one_sided && m->better == Better::A;
    switch (role) {
        case Qt::DisplayRole:
            if (part == Percent)
                return std::isnan(raw) ? QStringLiteral("—")
                                       : (raw > 0 ? QStringLiteral("+") : QString()) +
                                             QString::number(raw, 'f', 1) + QStringLiteral("%");
            if (part == Delta) return formatDelta(metric, raw);
            return formatValue(metric, raw);
        case RawRole:
            return std::isnan(raw) ? QVariant() : QVariant(raw);
        case BetterRole:
            return static_cast<int>(m->better);
        case Qt::TextAlignmentRole:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        case Qt::ForegroundRole:
            if (std::isnan(raw)) return palette.color(QPalette::PlaceholderText);
            if ((part == A && a_better) || (part == B && b_better) ||
                ((part == Delta || part == Percent) && b_better))
                return DiffColors::better(palette);
            if ((part == Delta || part == Percent) && a_better) return DiffColors::worse(palette);
            return {};
        case Qt::FontRole:
            if ((part == A && a_better) || (part == B && b_better)) {
                QFont font;
                font.setBold(true);
                return font;
            }
            return {};
        case Qt::ToolTipRole:
            if (a_better) return tr("%1: A is better").arg(metricLabel(metric));
            if (b_better) return tr("%1: B is better").arg(metricLabel(metric));
            if (m->better == Better::Neither)
                return tr("%1: neither side is better by this count alone")
                    .arg(metricLabel(metric));
            return tr("%1: the same").arg(metricLabel(metric));
        default:
            return {};
    }
}

QVariant ComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Vertical)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section == StageColumn) return role == Qt::DisplayRole ? tr("Stage") : QVariant();
    const QString metric = metricOfColumn(section);
    static const char* parts[] = {"A", "B", "Δ", "Δ%"};
    if (role == Qt::DisplayRole)
        return metricLabel(metric) + QLatin1Char(' ') +
               QString::fromUtf8(parts[partOfColumn(section)]);
    if (role == MetricRole) return metric;
    if (role == Qt::ToolTipRole)
        return partOfColumn(section) == Delta     ? tr("B − A")
               : partOfColumn(section) == Percent ? tr("(B − A) / A")
                                                  : tr("Run %1").arg(parts[partOfColumn(section)]);
    return {};
}
