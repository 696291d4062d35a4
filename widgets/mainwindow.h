#pragma once

#include <QMainWindow>

class ArtefactInspector;
class CompareView;
class FunnelChart;
class HistoryDock;
class IssuesDock;
class LiveCallView;
class PipelineStrip;
class QMenu;
class QStackedWidget;
class QTabWidget;
class QUndoStack;
class StageEditor;
class SweepView;
class RunBridge;
class RunControlBar;
class StageSummaryModel;
class StartPage;
class WorkbenchSession;
class WorkbenchSettings;

// The workbench's frame: menus, the run control toolbar, the pipeline strip and funnel chart
// on top, the panels (inspector, review, stage editor) below and in docks. It composes; the
// panels do the work and follow the session.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    // `sample_dirs`: extra folders to find the bundled samples in (e.g. the source tree's).
    MainWindow(WorkbenchSettings* settings, const QStringList& sample_dirs = {},
               QWidget* parent = nullptr);
    ~MainWindow() override;

    WorkbenchSession* session() const { return session_; }
    RunBridge* bridge() const { return bridge_; }
    RunControlBar* runControls() const { return controls_; }
    PipelineStrip* pipelineStrip() const { return strip_; }
    StageSummaryModel* stageModel() const { return stages_; }
    IssuesDock* issuesDock() const { return issues_; }
    HistoryDock* historyDock() const { return history_; }
    StageEditor* stageEditor() const { return editor_; }
    SweepView* sweepView() const { return sweep_; }
    QTabWidget* panels() const { return panels_; }

    bool openProject(const QString& dir);
    // With no project argument: the last project, else the start page.
    void openLastOrStart();
    void showStartPage(const QString& message = {});

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void buildCentral();
    void buildDocks();
    void buildMenus();
    void fillRecentMenu();
    void fillSampleMenu();
    void browseForProject();
    void showSettings();
    void showAbout();
    void showExport();
    void showEstimate();
    void updateTitle();
    // The start page stands alone: docks and toolbar hide while it shows, and come back as left.
    void setStartPageVisible(bool visible);
    void applyDefaultLayoutOnce();
    void onRunStarted(qint64 run_id);
    // False when the user keeps unsaved stage edits (Cancel); saves or discards otherwise.
    bool settleUnsavedEdits();

    WorkbenchSettings* settings_;
    QStringList sample_dirs_;
    WorkbenchSession* session_;
    RunBridge* bridge_;
    StageSummaryModel* stages_;
    RunControlBar* controls_ = nullptr;
    PipelineStrip* strip_ = nullptr;
    FunnelChart* chart_ = nullptr;
    QStackedWidget* pages_ = nullptr;
    StartPage* start_ = nullptr;
    QTabWidget* panels_ = nullptr;
    QUndoStack* undo_stack_;
    StageEditor* editor_ = nullptr;
    ArtefactInspector* inspector_ = nullptr;
    CompareView* compare_ = nullptr;
    SweepView* sweep_ = nullptr;
    HistoryDock* history_ = nullptr;
    IssuesDock* issues_ = nullptr;
    LiveCallView* live_ = nullptr;
    QMenu* view_menu_ = nullptr;
    QMenu* recent_menu_ = nullptr;
    QMenu* sample_menu_ = nullptr;
    bool start_visible_ = false;
    bool layout_pending_ = true;  // default dock sizes wait for the first show (final size)
    QByteArray workbench_state_;  // dock layout while the start page hides it
};
