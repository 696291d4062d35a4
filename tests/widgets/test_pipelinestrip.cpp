#include <QBarSet>
#include <QSignalSpy>
#include <QHorizontalStackedBarSeries>
#include <QtTest>

#include "sampleprojectcopy.h"
#include "widgets/funnelchart.h"
#include "widgets/pipelinestrip.h"
#include "widgets/runbridge.h"
#include "widgets/stagecard.h"
#include "widgets/stagesummarymodel.h"
#include "widgets/workbenchsession.h"

// The pipeline strip and funnel chart on the real engine: hello-cascade run offline through
// RunBridge, then the cards' counts per stage, selection, and the chart's bars.
class TestPipelineStrip : public QObject {
    Q_OBJECT

private slots:
    void showsCountsPerStageAfterAnOfflineRun() {
        SampleProjectCopy copy(QStringLiteral("hello-cascade"));
        WorkbenchSession session;
        StageSummaryModel model(&session);
        PipelineStrip strip(&session, &model);
        FunnelChart chart(&model);
        strip.resize(900, 220);
        strip.show();

        QVERIFY(session.openProject(copy.dir()));
        QCOMPARE(strip.cards().size(), 2);
        QCOMPARE(strip.cards()[0]->stage(), QStringLiteral("features"));
        QCOMPARE(strip.cards()[0]->countsText(), QStringLiteral("not run yet"));
        QVERIFY(strip.cards()[0]->isSelected());  // the session selects the first stage
        QCOMPARE(chart.categories(), QStringList({"features", "tagline"}));

        RunBridge bridge;
        connect(&bridge, &RunBridge::runStarted, &session, [&](qint64 id) {
            session.setCurrentRun(id);
            session.notifyRunsChanged();
        });
        connect(&bridge, &RunBridge::stagesProgressed, &model, &StageSummaryModel::applyStageEvents);
        connect(&bridge, &RunBridge::runEnded, &session, &WorkbenchSession::notifyRunsChanged);
        QSignalSpy ended(&bridge, &RunBridge::runEnded);
        cascade::RunOptions options;
        options.offline = true;
        QVERIFY(bridge.start(*session.project(), options));
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);

        for (auto* card : strip.cards()) {
            QCOMPARE(card->countsText(), QStringLiteral("5 in → 5 kept · 0 filtered · 0 err"));
            QVERIFY2(card->statsText().contains(QStringLiteral("5/5 cached")),
                     qPrintable(card->statsText()));
        }

        // The chart's bar sets are the model's kept / filtered / errors columns.
        const auto sets = chart.series()->barSets();
        QCOMPARE(sets.size(), 3);
        QCOMPARE(sets[0]->label(), QStringLiteral("Kept"));
        QCOMPARE(sets[0]->count(), 2);
        QCOMPARE(chart.categories(), QStringList({"features", "tagline"}));  // top to bottom
        QCOMPARE(chart.value(0, QStringLiteral("features")), 5.0);
        QCOMPARE(chart.value(0, QStringLiteral("tagline")), 5.0);
        QCOMPARE(chart.value(1, QStringLiteral("features")), 0.0);
        QCOMPARE(chart.value(2, QStringLiteral("tagline")), 0.0);

        // Clicking a card selects its stage everywhere; the highlight follows the session.
        QSignalSpy selected(&session, &WorkbenchSession::stageSelected);
        QTest::mouseClick(strip.cards()[1], Qt::LeftButton);
        QCOMPARE(session.currentStage(), QStringLiteral("tagline"));
        QCOMPARE(selected.count(), 1);
        QVERIFY(strip.cards()[1]->isSelected());
        QVERIFY(!strip.cards()[0]->isSelected());
        session.setCurrentStage(QStringLiteral("features"));
        QVERIFY(strip.cards()[0]->isSelected());

        // A re-run reuses both stages and says so on the cards.
        QVERIFY(bridge.start(*session.project(), options));
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 2, 60000);
        const qint64 first = ended.at(0).at(0).value<cascade::RunEnded>().run_id;
        QVERIFY2(strip.cards()[0]->statsText().contains(QStringLiteral("reused from run %1").arg(first)),
                 qPrintable(strip.cards()[0]->statsText()));
    }
};

QTEST_MAIN(TestPipelineStrip)
#include "test_pipelinestrip.moc"
