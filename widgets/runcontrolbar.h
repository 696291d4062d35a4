#pragma once

#include <QMap>
#include <QWidget>

#include "cascade/core/eventsink.h"
#include "cascade/run/runoptions.h"

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class RunBridge;
class WorkbenchSession;
class WorkbenchSettings;

// Run, Run from the selected stage, only the first N inputs, Offline, the variant, Cancel; live
// counters (calls, tokens, cost) of the run in flight. Warns next to Run when a model's API key
// variable is unset and offers an offline (recordings) run instead.
class RunControlBar : public QWidget {
    Q_OBJECT

public:
    RunControlBar(WorkbenchSession* session, RunBridge* bridge, WorkbenchSettings* settings,
                  QWidget* parent = nullptr);

    QAction* runAction() const { return run_; }
    QAction* runFromAction() const { return run_from_; }
    QAction* cancelAction() const { return cancel_; }

    // The options the controls describe (without rerun_from).
    cascade::RunOptions options() const;
    void setOffline(bool offline);
    void setLimit(int limit);
    // Starts a run; `from_selected` re-runs from the session's stage. False if none started.
    bool startRun(bool from_selected = false);

    QString countersText() const;
    QString keyWarningText() const;

private:
    void onProjectOpened();
    void updateActions();
    void updateKeyWarning();
    void onStagesProgressed(const QList<cascade::StageEvent>& events);
    void showTotals(const QString& prefix);

    WorkbenchSession* session_;
    RunBridge* bridge_;
    WorkbenchSettings* settings_;
    QAction* run_;
    QAction* run_from_;
    QAction* cancel_;
    QSpinBox* limit_;
    QCheckBox* offline_;
    QComboBox* variant_;
    QLabel* key_warning_;
    QPushButton* run_offline_;
    QLabel* counters_;
    QMap<QString, cascade::StageCounters> live_;  // latest counters per stage of the live run
};
