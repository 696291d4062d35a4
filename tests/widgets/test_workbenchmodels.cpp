#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include "sampleprojectcopy.h"
#include "widgets/issuesmodel.h"
#include "widgets/runbridge.h"
#include "widgets/runhistorymodel.h"
#include "widgets/stagesummarymodel.h"
#include "widgets/workbenchsession.h"

using Mode = QAbstractItemModelTester::FailureReportingMode;

namespace {

// Runs the open project offline through a RunBridge the way the main window wires it.
qint64 runOffline(WorkbenchSession& session, StageSummaryModel* model = nullptr) {
    RunBridge bridge;
    QObject::connect(&bridge, &RunBridge::runStarted, &session, [&](qint64 id) {
        session.setCurrentRun(id);
        session.notifyRunsChanged();
    });
    if (model)
        QObject::connect(&bridge, &RunBridge::stagesProgressed, model,
                         &StageSummaryModel::applyStageEvents);
    QObject::connect(&bridge, &RunBridge::runEnded, &session, [&] { session.notifyRunsChanged(); });
    QSignalSpy ended(&bridge, &RunBridge::runEnded);
    cascade::RunOptions options;
    options.offline = true;
    if (!bridge.start(*session.project(), options)) return 0;
    if (!ended.wait(60000) && ended.isEmpty()) return 0;
    return ended.at(0).at(0).value<cascade::RunEnded>().run_id;
}

QVariant cell(const QAbstractItemModel& model, int row, int column, int role = Qt::DisplayRole) {
    return model.index(row, column).data(role);
}

}  // namespace

class TestWorkbenchModels : public QObject {
    Q_OBJECT

private slots:
    void stageSummaryFollowsProjectRunAndLiveEvents() {
        SampleProjectCopy copy(QStringLiteral("hello-cascade"));
        WorkbenchSession session;
        StageSummaryModel model(&session);
        QAbstractItemModelTester tester(&model, Mode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(session.openProject(copy.dir()));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.stageAt(0), QStringLiteral("features"));
        QCOMPARE(cell(model, 0, StageSummaryModel::Kind).toString(), QStringLiteral("generate"));
        QVERIFY(cell(model, 0, StageSummaryModel::Model).toString().contains(QStringLiteral("writer")));
        QCOMPARE(cell(model, 0, StageSummaryModel::Status).toString(), QStringLiteral("not run"));
        QVERIFY(!model.counters(0));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        const qint64 run = runOffline(session, &model);
        QVERIFY(run > 0);
        QVERIFY(changed.count() > 0);
        QCOMPARE(model.runId(), run);
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(cell(model, row, StageSummaryModel::In).toLongLong(), 5);
            QCOMPARE(cell(model, row, StageSummaryModel::Kept).toLongLong(), 5);
            QCOMPARE(cell(model, row, StageSummaryModel::Filtered).toLongLong(), 0);
            QCOMPARE(cell(model, row, StageSummaryModel::Errors).toLongLong(), 0);
            QCOMPARE(cell(model, row, StageSummaryModel::CacheHits).toLongLong(), 5);
            QCOMPARE(cell(model, row, StageSummaryModel::Status).toString(), QStringLiteral("finished"));
            QCOMPARE(cell(model, row, StageSummaryModel::Progress, StageSummaryModel::RawRole).toDouble(), 1.0);
        }

        // A live event of the run on show updates its row in place.
        cascade::StageEvent live{run, "tagline", 1, "generate"};
        live.counters.items_in = 5;
        live.counters.done = 2;
        live.counters.kept = 2;
        model.applyStageEvents({live});
        QCOMPARE(cell(model, 1, StageSummaryModel::Status).toString(), QStringLiteral("running"));
        QVERIFY(model.isRunning(1));
        QCOMPARE(cell(model, 1, StageSummaryModel::Progress).toString(), QStringLiteral("2/5"));
        // Events of another run are not this view's business.
        live.run_id = run + 100;
        live.counters.kept = 4;
        model.applyStageEvents({live});
        QCOMPARE(cell(model, 1, StageSummaryModel::Kept).toLongLong(), 2);

        // Selecting no run shows the stages without numbers.
        session.setCurrentRun(0);
        QVERIFY(!model.counters(0));
        QCOMPARE(cell(model, 0, StageSummaryModel::Kept).toLongLong(), 0);
        // The second run reuses both stages from the first.
        const qint64 second = runOffline(session, &model);
        QVERIFY(second > run);
        QCOMPARE(cell(model, 0, StageSummaryModel::Status).toString(), QStringLiteral("reused"));
        QCOMPARE(cell(model, 0, StageSummaryModel::ReusedFrom, StageSummaryModel::RawRole).toLongLong(), run);
    }

    void runHistoryListsRunsNewestFirst() {
        SampleProjectCopy copy(QStringLiteral("hello-cascade"));
        WorkbenchSession session;
        QVERIFY(session.openProject(copy.dir()));
        RunHistoryModel model;
        QAbstractItemModelTester tester(&model, Mode::QtTest);
        model.load(session.storePath());  // no store yet
        QCOMPARE(model.rowCount(), 0);
        const qint64 first = runOffline(session);
        const qint64 second = runOffline(session);
        QVERIFY(first > 0 && second > first);
        model.load(session.storePath());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.runAt(0), second);
        QCOMPARE(model.rowOfRun(first), 1);
        QCOMPARE(cell(model, 0, RunHistoryModel::Status).toString(), QStringLiteral("finished"));
        QCOMPARE(cell(model, 0, RunHistoryModel::Inputs).toLongLong(), 5);
        QCOMPARE(cell(model, 0, RunHistoryModel::Kept).toLongLong(), 5);
        QCOMPARE(cell(model, 0, RunHistoryModel::Variant).toString(), QStringLiteral("(base)"));
        QVERIFY(!cell(model, 0, RunHistoryModel::Started).toString().isEmpty());
        QCOMPARE(cell(model, 1, RunHistoryModel::Run, RunHistoryModel::RunIdRole).toLongLong(), first);
        // Both were made from the sample's recordings (the second reused the first's stages),
        // and the history says so.
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(cell(model, row, RunHistoryModel::Replies).toString(),
                     QStringLiteral("recorded"));
            QVERIFY(cell(model, row, RunHistoryModel::Status, Qt::ToolTipRole)
                        .toString()
                        .contains(QStringLiteral("Made from recordings: 10 of 10 calls")));
        }
        model.load(QString());
        QCOMPARE(model.rowCount(), 0);
    }

    void issuesHoldDiagnosticsThenRunIssues() {
        IssuesModel model;
        QAbstractItemModelTester tester(&model, Mode::QtTest);
        cascade::Diagnostics diagnostics;
        diagnostics.error("cascade.json", "/stages/1/model", "unknown model \"x\"");
        diagnostics.warning("prompts/a.md", "line 3", "unused variable");
        model.setDiagnostics(diagnostics);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(cell(model, 0, IssuesModel::Where).toString(), QStringLiteral("cascade.json"));
        QCOMPARE(cell(model, 0, IssuesModel::Item).toString(), QStringLiteral("/stages/1/model"));
        QCOMPARE(cell(model, 0, IssuesModel::Severity).toString(), QStringLiteral("error"));
        QVERIFY(!cell(model, 0, 0, IssuesModel::IsRunIssueRole).toBool());

        model.addRunIssues({{cascade::RunIssue::Severity::Error, "judge", "u1/themes/0", "offline miss"},
                            {cascade::RunIssue::Severity::Info, "dedup", "", "note"}});
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.errorCount(), 2);
        QCOMPARE(cell(model, 2, 0, IssuesModel::StageRole).toString(), QStringLiteral("judge"));
        QCOMPARE(cell(model, 2, 0, IssuesModel::ItemKeyRole).toString(), QStringLiteral("u1/themes/0"));
        QCOMPARE(cell(model, 3, IssuesModel::Severity).toString(), QStringLiteral("info"));

        // Diagnostics are replaced without touching the run issues, and the other way round.
        model.setDiagnostics(cascade::Diagnostics{});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.runIssueCount(), 2);
        model.clearRunIssues();
        QCOMPARE(model.rowCount(), 0);

        // A flood of item errors is capped, and the header says how many were left out.
        QList<cascade::RunIssue> flood;
        for (int i = 0; i < IssuesModel::kMaxRunIssues + 7; ++i)
            flood.push_back({cascade::RunIssue::Severity::Error, "s", std::to_string(i), "boom"});
        model.addRunIssues(flood);
        QCOMPARE(model.rowCount(), IssuesModel::kMaxRunIssues);
        QVERIFY(model.headerData(IssuesModel::Message, Qt::Horizontal).toString().contains(QStringLiteral("7")));
    }
};

QTEST_MAIN(TestWorkbenchModels)
#include "test_workbenchmodels.moc"
