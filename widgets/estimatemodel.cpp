#include "widgets/estimatemodel.h"

#include <QFont>

#include "cascade/compare/money.h"
#include "widgets/displayformat.h"

EstimateModel::EstimateModel(QObject* parent) : QAbstractTableModel(parent) {}

void EstimateModel::setEstimate(const cascade::CostEstimate& estimate) {
    beginResetModel();
    estimate_ = estimate;
    actual_.clear();
    has_actual_ = false;
    endResetModel();
}

void EstimateModel::setVersusActual(const cascade::EstimateVsActual& versus) {
    beginResetModel();
    estimate_ = versus.estimate;
    actual_ = versus.rows;
    has_actual_ = true;
    endResetModel();
}

void EstimateModel::clear() {
    setEstimate({});
}

int EstimateModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || estimate_.stages.empty()) return 0;
    return static_cast<int>(estimate_.stages.size()) + 1;
}

int EstimateModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EstimateModel::raw(int row, int column) const {
    const bool total = isTotalRow(row);
    const auto& e = estimate_;
    const cascade::StageEstimate* s = total ? nullptr : &e.stages[static_cast<size_t>(row)];
    const cascade::EstimateVsActualRow* a = nullptr;
    if (has_actual_ && !total)
        for (const auto& r : actual_)
            if (r.estimate.stage == s->stage && r.ran) a = &r;
    // Totals of the actual figures, over the stages that ran.
    const auto actualSum = [this](auto field) {
        double sum = 0.0;
        for (const auto& r : actual_)
            if (r.ran) sum += field(r.actual);
        return sum;
    };
    const auto actual = [&](auto field) -> QVariant {
        if (!has_actual_) return {};
        if (total) return actualSum(field);
        return a ? QVariant(field(a->actual)) : QVariant();
    };
    const auto error = [](const QVariant& estimate, const QVariant& act) -> QVariant {
        if (!act.isValid() || act.toDouble() <= 0.0) return {};
        return (estimate.toDouble() - act.toDouble()) / act.toDouble() * 100.0;
    };
    switch (column) {
        case ItemsColumn:
            return total ? QVariant() : QVariant(s->items_in);
        case CallsColumn:
            return total ? e.calls : s->calls;
        case TokensInColumn:
            return total ? e.tokens_in : s->tokens_in;
        case TokensOutColumn:
            return total ? e.tokens_out : s->tokens_out;
        case CostColumn:
            return total ? e.cost : s->cost;
        case CachedColumn:
            if (total) return e.cost > 0.0 ? QVariant(1.0 - e.cost_to_pay / e.cost) : QVariant();
            return s->model.empty() ? QVariant() : QVariant(s->cached_share);
        case ToPayColumn:
            return total ? e.cost_to_pay : s->cost_to_pay;
        case ActualCallsColumn:
            return actual([](const auto& c) { return double(c.calls); });
        case ActualTokensInColumn:
            return actual([](const auto& c) { return double(c.tokens_in); });
        case ActualTokensOutColumn:
            return actual([](const auto& c) { return double(c.tokens_out); });
        case ActualCostColumn:
            return actual([](const auto& c) { return c.cost + c.saved_cost; });
        case TokensInErrorColumn:
            return error(raw(row, TokensInColumn), raw(row, ActualTokensInColumn));
        case TokensOutErrorColumn:
            return error(raw(row, TokensOutColumn), raw(row, ActualTokensOutColumn));
        default:
            return {};
    }
}

QString EstimateModel::text(int row, int column, const QVariant& value) const {
    if (column == StageColumn)
        return isTotalRow(row) ? tr("Total")
                               : QString::fromStdString(estimate_.stages[size_t(row)].stage);
    if (column == ModelColumn) {
        if (isTotalRow(row)) return {};
        const auto& s = estimate_.stages[size_t(row)];
        return s.model.empty() ? QStringLiteral("–") : QString::fromStdString(s.model);
    }
    if (!value.isValid()) return QStringLiteral("–");
    const double v = value.toDouble();
    switch (column) {
        case ItemsColumn: {
            const bool exact = estimate_.stages[size_t(row)].items_exact;
            return DisplayFormat::count(qRound64(v)) + (exact ? QString() : QStringLiteral("~"));
        }
        case CostColumn:
        case ToPayColumn:
        case ActualCostColumn:
            return QString::fromStdString(cascade::format_money(v));
        case CachedColumn: {
            const bool exact = isTotalRow(row) || estimate_.stages[size_t(row)].cache_exact;
            return QString::number(qRound(v * 100.0)) + QStringLiteral("%") +
                   (exact ? QString() : QStringLiteral("~"));
        }
        case TokensInErrorColumn:
        case TokensOutErrorColumn:
            return (v > 0 ? QStringLiteral("+") : QString()) + QString::number(qRound(v)) +
                   QStringLiteral("%");
        default:
            return DisplayFormat::count(qRound64(v));
    }
}

QVariant EstimateModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    switch (role) {
        case Qt::DisplayRole:
            return text(row, column, raw(row, column));
        case RawRole:
            return raw(row, column);
        case Qt::TextAlignmentRole:
            return int((column <= ModelColumn ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
        case Qt::FontRole:
            if (isTotalRow(row)) {
                QFont font;
                font.setBold(true);
                return font;
            }
            return {};
        case Qt::ToolTipRole:
            if (isTotalRow(row)) return {};
            return QString::fromStdString(estimate_.stages[size_t(row)].basis);
        case Qt::DecorationRole:
            if (column != StageColumn || isTotalRow(row)) return {};
            return DisplayFormat::stageKindIcon(
                QString::fromStdString(estimate_.stages[size_t(row)].kind));
        default:
            return {};
    }
}

QVariant EstimateModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char* names[] = {"Stage",
                                  "Model",
                                  "Items",
                                  "Calls",
                                  "Tokens in",
                                  "Tokens out",
                                  "Cost",
                                  "Cached",
                                  "To pay",
                                  "Calls (actual)",
                                  "Tokens in (actual)",
                                  "Error in",
                                  "Tokens out (actual)",
                                  "Error out",
                                  "Cost (actual)"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}
