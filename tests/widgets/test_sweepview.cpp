#include <QAbstractItemModelTester>
#include <QChart>
#include <QDoubleSpinBox>
#include <QLineSeries>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

#include "cascade/store/labelstore.h"
#include "cascade/store/runreader.h"
#include "cascade/store/runstore.h"
#include "screenshot.h"
#include "syntheticrun.h"
#include "widgets/itemtablemodel.h"
#include "widgets/sweepchart.h"
#include "widgets/sweepmodel.h"
#include "widgets/sweepview.h"
#include "widgets/workbenchsession.h"

using cascade::Item;
using cascade::ItemStatus;
using cascade::Json;
using Override = std::optional<std::vector<bool>>;

namespace {

// A judge stage of n items, scores 1..5 in turn, min_score 3; every tenth item is an error.
bool isError(int i) {
    return i % 10 == 0;
}
int scoreOf(int i) {
    return 1 + i % 5;
}

qint64 writeJudgeRun(const std::string& store_path, int n) {
    cascade::RunStore store(store_path);
    const Json config = {{"stages", Json::array({Json{{"id", "judge"},
                                                      {"kind", "judge"},
                                                      {"model", "writer"},
                                                      {"prompt", "prompts/judge.md"},
                                                      {"min_score", 3}}})}};
    const auto run = store.create_run("Synthetic", "", config, Json::object());
    store.begin_stage(run, "judge", 0, "judge", "fp");
    for (int i = 0; i < n; ++i) {
        Item item;
        item.stage = "judge";
        item.key = "u" + std::to_string(i) + "/themes/0";
        item.input_id = "u" + std::to_string(i);
        item.parent_stage = "themes";
        item.parent_key = item.key;
        item.data = Json{{"title", "Theme " + std::to_string(i)}};
        if (isError(i)) {
            item.status = ItemStatus::Error;
            item.reason = "offline cache miss";
        } else {
            item.scores = Json{{"score", scoreOf(i)}};
            item.status = scoreOf(i) >= 3 ? ItemStatus::Kept : ItemStatus::Filtered;
            if (item.status == ItemStatus::Filtered) item.reason = "judge score < 3";
        }
        store.add_item(run, item);
        store.maybe_commit();
    }
    store.finish_stage(run, "judge", "finished", {}, Json::array());
    store.finish_run(run, "finished", "");
    store.commit();
    return run;
}

qint64 expectedKept(int n, double value) {
    qint64 kept = 0;
    for (int i = 0; i < n; ++i) kept += !isError(i) && scoreOf(i) >= value;
    return kept;
}

qint64 countTrue(const Override& kept) {
    return kept ? std::count(kept->begin(), kept->end(), true) : -1;
}

}  // namespace

// The sweep view on synthetic judge runs: the curve, the slider's live override (and the item
// table recoloured by it), Apply, Reset, review labels, and a stage big enough to be swept off
// the GUI thread.
class TestSweepView : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    WorkbenchSession session_;
    qint64 small_ = 0;
    qint64 big_ = 0;
    static constexpr int kSmall = 100;
    static constexpr int kBig = 25000;

private slots:
    void initTestCase() {
        const std::filesystem::path project = dir_.path().toStdString();
        synthetic::write_project(project);
        small_ = writeJudgeRun((project / "runs.sqlite").string(), kSmall);
        big_ = writeJudgeRun((project / "runs.sqlite").string(), kBig);
        QVERIFY(session_.openProject(dir_.path()));
    }

    void sliderDrivesTheOverride() {
        session_.setCurrentRun(small_);
        session_.setCurrentStage(QStringLiteral("judge"));
        SweepView view(&session_);
        QAbstractItemModelTester tester(view.model());
        view.resize(900, 520);
        view.show();
        QTRY_VERIFY(view.isReady());
        QCOMPARE(view.param(), QStringLiteral("min_score"));
        QCOMPARE(view.model()->rowCount(), 21);  // 0..10 by 0.5
        QCOMPARE(view.runValue().value_or(-1), 3.0);
        QCOMPARE(view.value(), 3.0);
        QCOMPARE(view.keptCount(), expectedKept(kSmall, 3));
        QCOMPARE(view.model()->index(6, SweepModel::KeptColumn).data().toLongLong(),
                 expectedKept(kSmall, 3));

        ItemTableModel table(&session_);
        QSignalSpy loaded(&table, &ItemTableModel::loaded);
        table.load(small_, QStringLiteral("judge"));
        QVERIFY(loaded.wait(10000));
        connect(&view, &SweepView::statusOverrideChanged, &table,
                &ItemTableModel::setStatusOverride);

        QSignalSpy overrides(&view, &SweepView::statusOverrideChanged);
        view.slider()->setValue(8);  // 4.0
        QTRY_COMPARE(overrides.count(), 1);
        auto kept = overrides.last().at(0).value<Override>();
        QCOMPARE(qint64(kept->size()), qint64(kSmall));
        QCOMPARE(countTrue(kept), expectedKept(kSmall, 4));
        QCOMPARE(view.keptCount(), expectedKept(kSmall, 4));
        QCOMPARE(view.spinBox()->value(), 4.0);
        QCOMPARE(view.chart()->markerValue(), 4.0);
        QCOMPARE(qint64(table.statusCounts()[0]), expectedKept(kSmall, 4));
        QVERIFY(view.statusText().contains(QStringLiteral("At 4.0")));

        view.spinBox()->setValue(2.0);
        QTRY_COMPARE(overrides.count(), 2);
        QCOMPARE(countTrue(overrides.last().at(0).value<Override>()), expectedKept(kSmall, 2));
        QVERIFY(view.keptCount() > expectedKept(kSmall, 3));
        QCOMPARE(qint64(table.statusCounts()[0]), expectedKept(kSmall, 2));
        saveScreenshot(&view, QStringLiteral("sweep"));

        QSignalSpy applied(&view, &SweepView::applyThresholdRequested);
        view.apply();
        QCOMPARE(applied.count(), 1);
        QCOMPARE(applied.at(0).at(0).toString(), QStringLiteral("judge"));
        QCOMPARE(applied.at(0).at(1).toString(), QStringLiteral("min_score"));
        QCOMPARE(applied.at(0).at(2).toDouble(), 2.0);

        view.resetToRun();
        QVERIFY(!overrides.last().at(0).value<Override>().has_value());
        QCOMPARE(view.keptCount(), expectedKept(kSmall, 3));
        QCOMPARE(view.value(), 3.0);
        QVERIFY(!table.hasStatusOverride());
    }

    void labelsAddPrecisionAndRecall() {
        session_.setCurrentRun(small_);
        session_.setCurrentStage(QStringLiteral("judge"));
        SweepView view(&session_);
        view.resize(900, 520);
        view.show();
        QTRY_VERIFY(view.isReady());
        QVERIFY(!view.model()->hasLabels());
        QVERIFY(!view.chart()->chart()->series().contains(view.chart()->precisionSeries()));
        {
            // Item 1 (score 2) and item 2 (score 3) should be dropped, item 3 (score 4) kept.
            cascade::LabelStore labels(session_.storePath().toStdString());
            for (const auto& [i, truth] :
                 {std::pair{1, cascade::Truth::Drop}, std::pair{2, cascade::Truth::Drop},
                  std::pair{3, cascade::Truth::Keep}})
                labels.set({"judge",
                            cascade::LabelStore::content_hash(
                                Json{{"title", "Theme " + std::to_string(i)}}),
                            truth, "", "u" + std::to_string(i) + "/themes/0", small_, ""});
        }
        view.setValue(4.0);
        QSignalSpy ready(&view, &SweepView::sweepReady);
        session_.notifyLabelsChanged();
        QVERIFY(ready.wait(5000));
        QVERIFY(view.model()->hasLabels());
        QVERIFY(view.chart()->chart()->series().contains(view.chart()->precisionSeries()));
        QVERIFY(view.chart()->precisionSeries()->count() > 0);
        QCOMPARE(view.value(), 4.0);  // new labels keep the slider where it was
        // At 3.5 item 2 (score 3) is filtered: precision 1/1 ... all three labelled decided right.
        view.setValue(3.5);
        const auto& p = view.model()->points()[size_t(view.model()->rowNearest(3.5))];
        QCOMPARE(p.agreement.value_or(-1), 1.0);
        QVERIFY(view.statusText().contains(QStringLiteral("precision")));
        saveScreenshot(&view, QStringLiteral("sweep-labels"));
    }

    void nonGateStageSaysSo() {
        session_.setCurrentRun(small_);
        session_.setCurrentStage(QStringLiteral("pitch"));
        SweepView view(&session_);
        view.show();
        QTRY_VERIFY(view.statusText().contains(QStringLiteral("no stage")));
        QVERIFY(!view.isReady());
        QVERIFY(!view.slider()->isEnabled());
    }

    void bigStageSweepsOffTheGuiThread() {
        session_.setCurrentRun(big_);
        session_.setCurrentStage(QStringLiteral("judge"));
        SweepView view(&session_);
        view.show();
        view.reload();
        QVERIFY(view.isBusy());  // over 20,000 items: computed on a worker thread
        QTRY_VERIFY_WITH_TIMEOUT(view.isReady(), 30000);
        QCOMPARE(view.keptCount(), expectedKept(kBig, 3));
        QSignalSpy overrides(&view, &SweepView::statusOverrideChanged);
        for (int step = 7; step <= 9; ++step) view.slider()->setValue(step);  // one drag
        QTRY_COMPARE(overrides.count(), 1);  // debounced: one recompute for the last value
        QCOMPARE(countTrue(overrides.last().at(0).value<Override>()), expectedKept(kBig, 4.5));
    }

    // Looks at a real project's gates in its latest run when CASCADE_SCREENSHOT_PROJECT names
    // its folder; skipped otherwise.
    void screenshotsOfAProject() {
        const QString dir = qEnvironmentVariable("CASCADE_SCREENSHOT_PROJECT");
        if (dir.isEmpty()) QSKIP("set CASCADE_SCREENSHOT_PROJECT to a project folder with runs");
        WorkbenchSession session;
        QVERIFY(session.openProject(dir));
        SweepView view(&session);
        view.resize(900, 520);
        view.show();
        for (const QString stage : {"dedup", "judge"}) {
            session.setCurrentStage(stage);
            QTRY_VERIFY(view.isReady() && view.stage() == stage);
            view.slider()->setValue(view.slider()->value() + 2);
            QTRY_VERIFY(view.statusOverride().has_value());
            saveScreenshot(&view, QStringLiteral("project-sweep-") + stage);
        }
    }
};

QTEST_MAIN(TestSweepView)
#include "test_sweepview.moc"
