#pragma once

#include <QDockWidget>

class IssuesModel;
class QLabel;
class QTableView;
class RunBridge;
class WorkbenchSession;

// Errors where a person sees them: the project's diagnostics, and the issues of the run on show
// (live from the bridge while it runs; for a stored run, its failed stages and error items).
// Double-clicking an item's issue shows that item in the inspector (session->activateItem).
class IssuesDock : public QDockWidget {
    Q_OBJECT

public:
    IssuesDock(WorkbenchSession* session, RunBridge* bridge, QWidget* parent = nullptr);

    IssuesModel* model() const { return model_; }
    QTableView* view() const { return view_; }

signals:
    // New errors arrived, so the main window can raise the dock.
    void errorsAppeared();

private:
    void loadStoredIssues(qint64 run_id);
    void activate(const QModelIndex& index);
    void updateTitle();

    WorkbenchSession* session_;
    RunBridge* bridge_;
    IssuesModel* model_;
    QTableView* view_;
    qint64 live_run_ = 0;
};
