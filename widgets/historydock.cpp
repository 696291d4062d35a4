#include "widgets/historydock.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QTableView>

#include "widgets/runhistorymodel.h"
#include "widgets/workbenchsession.h"

HistoryDock::HistoryDock(WorkbenchSession* session, QWidget* parent)
    : QDockWidget(tr("Run history"), parent), session_(session),
      model_(new RunHistoryModel(this)), view_(new QTableView(this)) {
    setObjectName(QStringLiteral("historyDock"));
    view_->setModel(model_);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setAlternatingRowColors(true);
    view_->verticalHeader()->hide();
    view_->horizontalHeader()->setStretchLastSection(true);
    view_->setWordWrap(false);
    setWidget(view_);

    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!syncing_ && current.isValid())
                    session_->setCurrentRun(model_->runAt(current.row()));
            });
    connect(session_, &WorkbenchSession::projectOpened, this, &HistoryDock::refresh);
    connect(session_, &WorkbenchSession::runsChanged, this, &HistoryDock::refresh);
    connect(session_, &WorkbenchSession::runSelected, this, &HistoryDock::selectRun);
    refresh();
}

void HistoryDock::refresh() {
    syncing_ = true;
    model_->load(session_->hasProject() ? session_->storePath() : QString());
    view_->resizeColumnsToContents();
    syncing_ = false;
    selectRun(session_->currentRun());
}

void HistoryDock::selectRun(qint64 run_id) {
    // Mirrors the session's run without feeding it back.
    syncing_ = true;
    const int row = model_->rowOfRun(run_id);
    if (row >= 0)
        view_->setCurrentIndex(model_->index(row, 0));
    else
        view_->clearSelection();
    syncing_ = false;
}
