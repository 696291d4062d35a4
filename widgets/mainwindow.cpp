#include "widgets/mainwindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QUndoStack>

#include "widgets/artefactinspector.h"
#include "widgets/compareview.h"
#include "widgets/displayformat.h"
#include "widgets/estimatedialog.h"
#include "widgets/exportdialog.h"
#include "widgets/funnelchart.h"
#include "widgets/historydock.h"
#include "widgets/issuesdock.h"
#include "widgets/itemtablemodel.h"
#include "widgets/livecallview.h"
#include "widgets/pipelinestrip.h"
#include "widgets/reviewview.h"
#include "widgets/runbridge.h"
#include "widgets/runcontrolbar.h"
#include "widgets/sampleprojects.h"
#include "widgets/settingsdialog.h"
#include "widgets/stageeditor.h"
#include "widgets/stagesummarymodel.h"
#include "widgets/sweepview.h"
#include "widgets/startpage.h"
#include "widgets/workbenchsession.h"
#include "widgets/workbenchresources.h"
#include "widgets/workbenchsettings.h"

namespace {

// Panels keep their own minimum sizes inside a scroll area, so one wide panel never forces
// the whole window past the screen: it scrolls instead.
QScrollArea* scrollable(QWidget* panel) {
    auto* area = new QScrollArea;
    area->setWidget(panel);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

}  // namespace

MainWindow::MainWindow(WorkbenchSettings* settings, const QStringList& sample_dirs, QWidget* parent)
    : QMainWindow(parent), settings_(settings), sample_dirs_(sample_dirs),
      session_(new WorkbenchSession(this)), bridge_(new RunBridge(this)),
      stages_(new StageSummaryModel(session_, this)), undo_stack_(new QUndoStack(this)) {
    initWorkbenchResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));
    setDockNestingEnabled(true);
    buildCentral();
    buildDocks();
    buildMenus();

    connect(bridge_, &RunBridge::stagesProgressed, stages_, &StageSummaryModel::applyStageEvents);
    connect(bridge_, &RunBridge::runStarted, this, &MainWindow::onRunStarted);
    connect(bridge_, &RunBridge::runEnded, this, [this](const cascade::RunEnded& ended) {
        session_->notifyRunsChanged();
        statusBar()->showMessage(
            tr("Run %1 %2%3")
                .arg(ended.run_id)
                .arg(DisplayFormat::qstr(ended.status),
                     ended.message.empty() ? QString() : QStringLiteral(": ") + DisplayFormat::qstr(ended.message)));
    });
    connect(session_, &WorkbenchSession::projectOpened, this, [this] {
        settings_->addRecentProject(session_->projectDir());
        setStartPageVisible(false);
        updateTitle();
    });
    connect(session_, &WorkbenchSession::variantChanged, this, &MainWindow::updateTitle);
    connect(editor_, &StageEditor::dirtyChanged, this, &QWidget::setWindowModified);
    connect(editor_, &StageEditor::errorOccurred, this, [this](const QString& message) {
        QMessageBox::warning(this, tr("Stage editor"), message);
    });
    // A breadcrumb, review row or issue asked to show an item: bring the inspector forward.
    connect(session_, &WorkbenchSession::itemActivated, this, [this] { panels_->setCurrentIndex(0); });
    connect(issues_, &IssuesDock::errorsAppeared, this, [this] {
        issues_->show();
        issues_->raise();
    });

    resize(1400, 900);
    restoreGeometry(settings_->windowGeometry());
    layout_pending_ = !restoreState(settings_->windowState());
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildCentral() {
    controls_ = new RunControlBar(session_, bridge_, settings_, this);
    auto* toolbar = addToolBar(tr("Run"));
    toolbar->setObjectName(QStringLiteral("runToolBar"));
    toolbar->setMovable(false);
    toolbar->addWidget(controls_);

    panels_ = new QTabWidget(this);
    panels_->setDocumentMode(true);
    inspector_ = new ArtefactInspector(session_);
    compare_ = new CompareView(session_);
    panels_->addTab(scrollable(inspector_), tr("Inspector"));
    panels_->addTab(scrollable(new ReviewView(session_)), tr("Filtered review"));
    panels_->addTab(scrollable(compare_), tr("Compare"));

    start_ = new StartPage(settings_, sample_dirs_, this);
    connect(start_, &StartPage::openRequested, this, &MainWindow::openProject);
    connect(start_, &StartPage::browseRequested, this, &MainWindow::browseForProject);
    pages_ = new QStackedWidget(this);
    pages_->addWidget(start_);
    pages_->addWidget(panels_);
    pages_->setCurrentWidget(panels_);
    setCentralWidget(pages_);
}

void MainWindow::buildDocks() {
    // The pipeline strip spans the whole width above the side docks.
    setCorner(Qt::TopLeftCorner, Qt::TopDockWidgetArea);
    setCorner(Qt::TopRightCorner, Qt::TopDockWidgetArea);
    strip_ = new PipelineStrip(session_, stages_, this);
    chart_ = new FunnelChart(stages_, this);
    auto* top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(strip_);
    top->addWidget(chart_);
    top->setStretchFactor(0, 4);
    top->setStretchFactor(1, 1);
    top->setChildrenCollapsible(false);
    auto* pipelineDock = new QDockWidget(tr("Pipeline"), this);
    pipelineDock->setObjectName(QStringLiteral("pipelineDock"));
    pipelineDock->setWidget(top);
    addDockWidget(Qt::TopDockWidgetArea, pipelineDock);

    // History, issues and the live call share the bottom: wide tables, one shown at a time.
    history_ = new HistoryDock(session_, this);
    addDockWidget(Qt::BottomDockWidgetArea, history_);
    issues_ = new IssuesDock(session_, bridge_, this);
    addDockWidget(Qt::BottomDockWidgetArea, issues_);
    tabifyDockWidget(history_, issues_);
    live_ = new LiveCallView(bridge_, this);
    auto* liveDock = new QDockWidget(tr("Live call"), this);
    liveDock->setObjectName(QStringLiteral("liveCallDock"));
    liveDock->setWidget(live_);
    addDockWidget(Qt::BottomDockWidgetArea, liveDock);
    tabifyDockWidget(issues_, liveDock);
    history_->raise();
    auto* editorDock = new QDockWidget(tr("Stage editor"), this);
    editorDock->setObjectName(QStringLiteral("stageEditorDock"));
    editor_ = new StageEditor(session_, undo_stack_, editorDock);
    editorDock->setWidget(scrollable(editor_));
    addDockWidget(Qt::RightDockWidgetArea, editorDock);
    // The sweep sits beside the inspector, whose table it recolours while the slider moves.
    sweep_ = new SweepView(session_, this);
    auto* sweepDock = new QDockWidget(tr("Threshold sweep"), this);
    sweepDock->setObjectName(QStringLiteral("sweepDock"));
    sweepDock->setWidget(scrollable(sweep_));
    addDockWidget(Qt::RightDockWidgetArea, sweepDock);
    tabifyDockWidget(editorDock, sweepDock);
    editorDock->raise();
    connect(sweep_, &SweepView::statusOverrideChanged, inspector_->model(),
            &ItemTableModel::setStatusOverride);
    connect(sweep_, &SweepView::applyThresholdRequested, editor_, &StageEditor::applyThreshold);
}

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* open = file->addAction(QIcon::fromTheme(QStringLiteral("document-open")),
                                 tr("&Open Project…"), this, &MainWindow::browseForProject);
    open->setShortcut(QKeySequence::Open);
    recent_menu_ = file->addMenu(tr("Open &Recent"));
    connect(recent_menu_, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    sample_menu_ = file->addMenu(tr("Open &Sample"));
    connect(sample_menu_, &QMenu::aboutToShow, this, &MainWindow::fillSampleMenu);
    auto* reload = file->addAction(tr("Re&load Project"), this, [this] {
        if (session_->hasProject() && !bridge_->isRunning()) session_->reloadProject();
    });
    reload->setShortcut(QKeySequence::Refresh);
    file->addSeparator();
    auto* save = file->addAction(QIcon::fromTheme(QStringLiteral("document-save")), tr("&Save"),
                                 editor_, &StageEditor::save);
    save->setShortcut(QKeySequence::Save);
    file->addAction(tr("Save as &Variant…"), editor_, &StageEditor::saveAsVariantInteractive);
    auto* exportAction = file->addAction(tr("&Export…"), this, &MainWindow::showExport);
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addSeparator();
    auto* prefs = file->addAction(tr("Se&ttings…"), this, &MainWindow::showSettings);
    prefs->setMenuRole(QAction::PreferencesRole);
    file->addSeparator();
    auto* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    auto* edit = menuBar()->addMenu(tr("&Edit"));
    auto* undo = undo_stack_->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    auto* redo = undo_stack_->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("&Variants…"), editor_, &StageEditor::showVariantsDialog);

    auto* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(controls_->runAction());
    run->addAction(controls_->runFromAction());
    run->addSeparator();
    run->addAction(controls_->cancelAction());
    run->addSeparator();
    run->addAction(tr("&Estimate Cost…"), this, &MainWindow::showEstimate);

    view_menu_ = menuBar()->addMenu(tr("&View"));
    for (auto* dock : findChildren<QDockWidget*>()) view_menu_->addAction(dock->toggleViewAction());
    for (auto* bar : findChildren<QToolBar*>()) view_menu_->addAction(bar->toggleViewAction());
    view_menu_->addSeparator();
    view_menu_->addAction(tr("&Start Page"), this, [this] {
        if (start_visible_ && session_->hasProject()) setStartPageVisible(false);
        else showStartPage();
    });

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Cascade Workbench"), this, &MainWindow::showAbout)
        ->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::fillRecentMenu() {
    recent_menu_->clear();
    for (const auto& dir : settings_->recentProjects())
        recent_menu_->addAction(QDir::toNativeSeparators(dir), this, [this, dir] { openProject(dir); });
    if (recent_menu_->isEmpty()) recent_menu_->addAction(tr("(none)"))->setEnabled(false);
    else {
        recent_menu_->addSeparator();
        recent_menu_->addAction(tr("Clear List"), this, [this] {
            for (const auto& dir : settings_->recentProjects()) settings_->removeRecentProject(dir);
            start_->refresh();
        });
    }
}

void MainWindow::fillSampleMenu() {
    sample_menu_->clear();
    for (const auto& sample : SampleProjects::find(sample_dirs_)) {
        auto* action = sample_menu_->addAction(sample.id, this, [this, dir = sample.dir] { openProject(dir); });
        action->setToolTip(sample.description);
        action->setStatusTip(sample.dir);
    }
    if (sample_menu_->isEmpty())
        sample_menu_->addAction(tr("(no samples found: set CASCADE_PROJECTS_DIR)"))->setEnabled(false);
}

bool MainWindow::openProject(const QString& dir) {
    if (bridge_->isRunning()) {
        statusBar()->showMessage(tr("Cancel the run before opening another project."), 5000);
        return false;
    }
    if (!settleUnsavedEdits()) return false;
    if (session_->openProject(dir)) {
        statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(session_->projectDir())), 5000);
        return true;
    }
    // The diagnostics are in the Issues dock; the start page says why when nothing is open.
    const QString why = tr("Could not open %1: see the Issues panel (%2 problems).")
                            .arg(QDir::toNativeSeparators(dir))
                            .arg(session_->diagnostics().all().size());
    statusBar()->showMessage(why, 10000);
    issues_->show();
    issues_->raise();
    if (!session_->hasProject()) showStartPage(why);
    return false;
}

void MainWindow::openLastOrStart() {
    const QString last = settings_->lastProject();
    if (!last.isEmpty() && QFileInfo::exists(last + QStringLiteral("/cascade.json")) &&
        openProject(last))
        return;
    showStartPage();
}

void MainWindow::showStartPage(const QString& message) {
    start_->refresh();
    start_->setMessage(message);
    setStartPageVisible(true);
}

void MainWindow::setStartPageVisible(bool visible) {
    if (visible == start_visible_) return;
    start_visible_ = visible;
    if (visible) {
        workbench_state_ = saveState();
        for (auto* dock : findChildren<QDockWidget*>()) dock->hide();
        for (auto* bar : findChildren<QToolBar*>()) bar->hide();
        pages_->setCurrentWidget(start_);
    } else {
        pages_->setCurrentWidget(panels_);
        restoreState(workbench_state_);
        applyDefaultLayoutOnce();
    }
}

void MainWindow::browseForProject() {
    const QString start = session_->hasProject() ? session_->projectDir() : QDir::homePath();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Cascade Project"), start);
    if (!dir.isEmpty()) openProject(dir);
}

void MainWindow::showSettings() {
    SettingsDialog dialog(settings_, session_->project(), this);
    dialog.exec();
}

void MainWindow::showAbout() {
    QMessageBox about(this);
    about.setWindowTitle(tr("About Cascade Workbench"));
    about.setIconPixmap(QIcon(QStringLiteral(":/icons/app.svg")).pixmap(64, 64));
    about.setText(tr("<h3>Cascade Workbench %1</h3>"
                     "<p>Build, run, inspect and tune cascaded LLM generation pipelines.</p>"
                     "<p>Engine %2 · Qt %3</p>")
                      .arg(QStringLiteral(CASCADE_WORKBENCH_VERSION),
                           DisplayFormat::qstr(cascade::Engine::version()), QString::fromLatin1(qVersion())));
    about.exec();
}

void MainWindow::showExport() {
    if (!session_->hasProject()) return;
    ExportDialog dialog(session_, this);
    dialog.setProjectEditor(editor_->projectEditor());
    dialog.setComparisonRuns(compare_->runA(), compare_->runB());
    dialog.exec();
}

void MainWindow::showEstimate() {
    if (!session_->hasProject()) return;
    // Non-modal, so it can stay open beside the run controls; it refreshes itself.
    auto* dialog = new EstimateDialog(session_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setLimit(controls_->options().limit);
    dialog->show();
}

void MainWindow::updateTitle() {
    QString title = tr("Cascade Workbench");
    if (const auto* project = session_->project()) {
        QString name = DisplayFormat::qstr(project->name);
        if (!session_->variant().isEmpty()) name += QStringLiteral(" [%1]").arg(session_->variant());
        title = name + QStringLiteral("[*] — ") + title;
    }
    setWindowTitle(title);
}

void MainWindow::onRunStarted(qint64 run_id) {
    // The live run becomes the run on show, so every panel follows it as it fills.
    session_->setCurrentRun(run_id);
    session_->notifyRunsChanged();
    statusBar()->showMessage(tr("Run %1 started").arg(run_id));
}

bool MainWindow::settleUnsavedEdits() {
    if (!editor_->isDirty()) return true;
    const auto answer = QMessageBox::question(
        this, tr("Unsaved changes"), tr("The stage edits are not saved. Save them first?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel) return false;
    if (answer == QMessageBox::Save) return editor_->save();
    return true;  // discarded: the editor drops them when another project opens
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    applyDefaultLayoutOnce();
}

void MainWindow::applyDefaultLayoutOnce() {
    if (!layout_pending_ || start_visible_ || !isVisible()) return;
    layout_pending_ = false;
    // Default proportions for the size the window is shown at: the editor gets 45% of the
    // width beside the inspector, the pipeline and bottom tabs just what they need.
    auto* pipelineDock = findChild<QDockWidget*>(QStringLiteral("pipelineDock"));
    auto* editorDock = findChild<QDockWidget*>(QStringLiteral("stageEditorDock"));
    resizeDocks({editorDock}, {width() * 45 / 100}, Qt::Horizontal);
    resizeDocks({pipelineDock, history_}, {190, 150}, Qt::Vertical);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (bridge_->isRunning()) {
        const auto answer = QMessageBox::question(
            this, tr("Run in progress"), tr("A run is in progress. Cancel it and quit?"),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        bridge_->cancel();  // the bridge waits for the worker when it is destroyed
    }
    if (!settleUnsavedEdits()) {
        event->ignore();
        return;
    }
    settings_->setWindowGeometry(saveGeometry());
    settings_->setWindowState(start_visible_ ? workbench_state_ : saveState());
    event->accept();
}
