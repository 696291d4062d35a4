#include "widgets/issuesdock.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QTableView>

#include "cascade/store/runreader.h"
#include "widgets/issuesmodel.h"
#include "widgets/runbridge.h"
#include "widgets/workbenchsession.h"

namespace {
constexpr std::int64_t kStoredErrorsPerStage = 500;
}

IssuesDock::IssuesDock(WorkbenchSession* session, RunBridge* bridge, QWidget* parent)
    : QDockWidget(tr("Issues"), parent), session_(session), bridge_(bridge),
      model_(new IssuesModel(this)), view_(new QTableView(this)) {
    setObjectName(QStringLiteral("issuesDock"));
    view_->setModel(model_);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setAlternatingRowColors(true);
    view_->setWordWrap(false);
    view_->verticalHeader()->hide();
    view_->horizontalHeader()->setStretchLastSection(true);
    view_->setColumnWidth(IssuesModel::Severity, 90);
    view_->setColumnWidth(IssuesModel::Where, 120);
    view_->setColumnWidth(IssuesModel::Item, 180);
    setWidget(view_);

    connect(view_, &QAbstractItemView::doubleClicked, this, &IssuesDock::activate);
    connect(view_, &QAbstractItemView::activated, this, &IssuesDock::activate);
    connect(session_, &WorkbenchSession::diagnosticsChanged, this, [this] {
        model_->setDiagnostics(session_->diagnostics());
        updateTitle();
        if (session_->diagnostics().has_errors()) emit errorsAppeared();
    });
    connect(session_, &WorkbenchSession::runSelected, this, [this](qint64 run_id) {
        // The live run's issues come from the bridge; only stored runs are read back.
        if (run_id != live_run_ || !bridge_->isRunning()) loadStoredIssues(run_id);
    });
    connect(bridge_, &RunBridge::runStarted, this, [this](qint64 run_id) {
        live_run_ = run_id;
        model_->clearRunIssues();
        updateTitle();
    });
    connect(bridge_, &RunBridge::issuesRaised, this, [this](const QList<cascade::RunIssue>& issues) {
        if (session_->currentRun() != live_run_) return;
        const int errors = model_->errorCount();
        model_->addRunIssues(issues);
        updateTitle();
        if (model_->errorCount() > errors) emit errorsAppeared();
    });
    connect(bridge_, &RunBridge::runEnded, this, [this](const cascade::RunEnded& ended) {
        if (ended.status == "failed" && session_->currentRun() == ended.run_id) emit errorsAppeared();
    });
    model_->setDiagnostics(session_->diagnostics());
    updateTitle();
}

void IssuesDock::loadStoredIssues(qint64 run_id) {
    std::vector<cascade::RunIssue> issues;
    if (run_id > 0 && session_->hasProject() && QFileInfo::exists(session_->storePath())) {
        cascade::RunReader reader(session_->storePath().toStdString());
        if (const auto run = reader.run(run_id); run && run->status != "finished") {
            const auto severity = run->status == "failed" ? cascade::RunIssue::Severity::Error
                                                          : cascade::RunIssue::Severity::Warning;
            issues.push_back({severity, "", "",
                              "run " + run->status + (run->message.empty() ? "" : ": " + run->message)});
        }
        cascade::ItemFilter errors;
        errors.status = cascade::ItemStatus::Error;
        for (const auto& stage : reader.stages(run_id)) {
            if (stage.status == "failed")
                issues.push_back({cascade::RunIssue::Severity::Error, stage.stage, "", "stage failed"});
            for (const auto& item : reader.items(run_id, stage.stage, errors, 0, kStoredErrorsPerStage))
                issues.push_back({cascade::RunIssue::Severity::Error, stage.stage, item.key, item.reason});
        }
    }
    model_->setRunIssues(issues);
    updateTitle();
}

void IssuesDock::activate(const QModelIndex& index) {
    if (!index.isValid()) return;
    const QString stage = index.data(IssuesModel::StageRole).toString();
    const QString key = index.data(IssuesModel::ItemKeyRole).toString();
    if (!key.isEmpty())
        session_->activateItem(stage, key);
    else if (!stage.isEmpty())
        session_->setCurrentStage(stage);
}

void IssuesDock::updateTitle() {
    const int count = model_->rowCount();
    setWindowTitle(count ? tr("Issues (%1)").arg(count) : tr("Issues"));
}
