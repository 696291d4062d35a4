#pragma once

#include <QAbstractTableModel>
#include <QList>

#include <vector>

#include "cascade/core/eventsink.h"
#include "cascade/project/diagnostics.h"

// What went wrong, in one list: the project's diagnostics (file, JSON path, message) first, then
// the issues of the run on show (severity, stage, item key, message). Run issues are capped so
// that a run where every item fails cannot flood the view.
class IssuesModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Severity, Where, Item, Message, ColumnCount };
    enum Role { StageRole = Qt::UserRole + 1, ItemKeyRole, IsRunIssueRole };
    static constexpr int kMaxRunIssues = 5000;

    explicit IssuesModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setDiagnostics(const cascade::Diagnostics& diagnostics);
    void setRunIssues(const std::vector<cascade::RunIssue>& issues);
    void addRunIssues(const QList<cascade::RunIssue>& issues);
    void clearRunIssues() { setRunIssues({}); }

    int projectIssueCount() const { return static_cast<int>(project_.size()); }
    int runIssueCount() const { return static_cast<int>(run_.size()); }
    int errorCount() const;

private:
    struct Entry {
        cascade::RunIssue::Severity severity;
        QString where;  // file for diagnostics, stage for run issues
        QString item;   // JSON path for diagnostics, item key for run issues
        QString message;
        bool run_issue = false;
    };
    static Entry fromIssue(const cascade::RunIssue& issue);
    const Entry& entry(int row) const;

    std::vector<Entry> project_;
    std::vector<Entry> run_;
    qint64 dropped_ = 0;  // run issues beyond the cap
};
