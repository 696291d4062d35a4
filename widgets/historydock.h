#pragma once

#include <QDockWidget>

class QTableView;
class RunHistoryModel;
class WorkbenchSession;

// Run history: all runs of the project with time, variant, status, cost and items. Selecting a
// run loads it into every view through the session; it refreshes when the session says runs
// changed (a run started or ended).
class HistoryDock : public QDockWidget {
    Q_OBJECT

public:
    explicit HistoryDock(WorkbenchSession* session, QWidget* parent = nullptr);

    RunHistoryModel* model() const { return model_; }
    QTableView* view() const { return view_; }

private:
    void refresh();
    void selectRun(qint64 run_id);

    WorkbenchSession* session_;
    RunHistoryModel* model_;
    QTableView* view_;
    bool syncing_ = false;
};
