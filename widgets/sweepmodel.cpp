#include "widgets/sweepmodel.h"

#include <cmath>

SweepModel::SweepModel(QObject* parent) : QAbstractTableModel(parent) {}

void SweepModel::setPoints(std::vector<cascade::SweepPoint> points, bool labelled) {
    beginResetModel();
    points_ = std::move(points);
    labelled_ = labelled;
    endResetModel();
}

int SweepModel::rowNearest(double value) const {
    int best = -1;
    double distance = 0.0;
    for (size_t i = 0; i < points_.size(); ++i) {
        const double d = std::fabs(points_[i].value - value);
        if (best < 0 || d < distance) {
            best = static_cast<int>(i);
            distance = d;
        }
    }
    return best;
}

qint64 SweepModel::maxCount() const {
    qint64 top = 0;
    for (const auto& p : points_) top = std::max<qint64>(top, p.kept + p.filtered);
    return top;
}

int SweepModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(points_.size());
}

int SweepModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SweepModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& p = points_[static_cast<size_t>(index.row())];
    const auto ratio = [](const std::optional<double>& v) { return v ? QVariant(*v) : QVariant(); };
    if (role == Qt::TextAlignmentRole) return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case ValueColumn:
            return p.value;
        case KeptColumn:
            return static_cast<qlonglong>(p.kept);
        case FilteredColumn:
            return static_cast<qlonglong>(p.filtered);
        case PrecisionColumn:
            return labelled_ ? ratio(p.precision) : QVariant();
        case RecallColumn:
            return labelled_ ? ratio(p.recall) : QVariant();
        case AgreementColumn:
            return labelled_ ? ratio(p.agreement) : QVariant();
        default:
            return {};
    }
}

QVariant SweepModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
        case ValueColumn:
            return tr("Value");
        case KeptColumn:
            return tr("Kept");
        case FilteredColumn:
            return tr("Filtered");
        case PrecisionColumn:
            return tr("Precision");
        case RecallColumn:
            return tr("Recall");
        case AgreementColumn:
            return tr("Agreement");
        default:
            return {};
    }
}
