#include "widgets/issuesmodel.h"

#include <QApplication>
#include <QStyle>

#include "widgets/displayformat.h"

using DisplayFormat::qstr;
using Sev = cascade::RunIssue::Severity;

IssuesModel::IssuesModel(QObject* parent) : QAbstractTableModel(parent) {}

int IssuesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(project_.size() + run_.size());
}

int IssuesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

int IssuesModel::errorCount() const {
    int errors = 0;
    for (const auto* list : {&project_, &run_})
        for (const auto& e : *list) errors += e.severity == Sev::Error;
    return errors;
}

IssuesModel::Entry IssuesModel::fromIssue(const cascade::RunIssue& issue) {
    return Entry{issue.severity, qstr(issue.stage), qstr(issue.item_key), qstr(issue.message), true};
}

const IssuesModel::Entry& IssuesModel::entry(int row) const {
    const int projects = static_cast<int>(project_.size());
    return row < projects ? project_[row] : run_[row - projects];
}

void IssuesModel::setDiagnostics(const cascade::Diagnostics& diagnostics) {
    beginResetModel();
    project_.clear();
    for (const auto& d : diagnostics.all())
        project_.push_back(Entry{d.severity == cascade::Diagnostic::Severity::Error ? Sev::Error
                                                                                    : Sev::Warning,
                                 qstr(d.file), qstr(d.path), qstr(d.message), false});
    endResetModel();
}

void IssuesModel::setRunIssues(const std::vector<cascade::RunIssue>& issues) {
    beginResetModel();
    run_.clear();
    dropped_ = 0;
    for (const auto& issue : issues) {
        if (run_.size() >= kMaxRunIssues) {
            ++dropped_;
            continue;
        }
        run_.push_back(fromIssue(issue));
    }
    endResetModel();
}

void IssuesModel::addRunIssues(const QList<cascade::RunIssue>& issues) {
    const qsizetype room = std::max<qsizetype>(0, kMaxRunIssues - qsizetype(run_.size()));
    const qsizetype taken = std::min(room, issues.size());
    if (taken < issues.size()) {
        dropped_ += issues.size() - taken;
        emit headerDataChanged(Qt::Horizontal, Message, Message);
    }
    if (taken == 0) return;
    const int first = rowCount();
    beginInsertRows({}, first, first + int(taken) - 1);
    for (qsizetype i = 0; i < taken; ++i) run_.push_back(fromIssue(issues[i]));
    endInsertRows();
}

QVariant IssuesModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry& e = entry(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Severity:
            return e.severity == Sev::Error     ? tr("error")
                   : e.severity == Sev::Warning ? tr("warning")
                                                : tr("info");
        case Where: return e.where.isEmpty() ? (e.run_issue ? tr("run") : QString()) : e.where;
        case Item: return e.item;
        case Message: return e.message;
        }
        return {};
    case Qt::ToolTipRole: return e.message;
    case Qt::DecorationRole:
        if (index.column() != Severity) return {};
        return QApplication::style()->standardIcon(e.severity == Sev::Error ? QStyle::SP_MessageBoxCritical
                                                   : e.severity == Sev::Warning
                                                       ? QStyle::SP_MessageBoxWarning
                                                       : QStyle::SP_MessageBoxInformation);
    case StageRole: return e.run_issue ? e.where : QString();
    case ItemKeyRole: return e.run_issue ? e.item : QString();
    case IsRunIssueRole: return e.run_issue;
    }
    return {};
}

QVariant IssuesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal) return {};
    switch (section) {
    case Severity: return tr("Severity");
    case Where: return tr("File / stage");
    case Item: return tr("Path / item");
    case Message:
        return dropped_ > 0 ? tr("Message (%1 more not shown)").arg(dropped_) : tr("Message");
    }
    return {};
}
