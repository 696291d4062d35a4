#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include <functional>
#include <optional>

#include "cascade/store/labelstore.h"
#include "cascade/store/runreader.h"
#include "cascade/store/runstore.h"
#include "widgets/reasongrouper.h"
#include "widgets/reviewmodel.h"
#include "widgets/reviewview.h"
#include "widgets/syntheticrun.h"
#include "widgets/workbenchsession.h"

namespace {

// In store order (stage, reason, id): "judge score 1 < 3" comes before "judge score 2 < 3".
const QString kFirst = QStringLiteral("u2/themes/0/candidates/keywords/0");
const QString kSecond = QStringLiteral("u1/themes/0/candidates/keywords/0");

void shoot(QWidget& widget, const QString& name) {
    const QString dir = qEnvironmentVariable("CASCADE_WIDGET_SHOTS");
    if (dir.isEmpty()) return;
    QCoreApplication::processEvents();  // pending layout requests
    widget.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    // And once in a dark palette, to see that every colour comes from palette roles.
    const QPalette light = QApplication::palette();
    QPalette dark(QColor(0x2b, 0x2b, 0x2b), QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    dark.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
    QApplication::setPalette(dark);
    QCoreApplication::processEvents();
    widget.grab().save(dir + QLatin1Char('/') + name + QStringLiteral("-dark.png"));
    QApplication::setPalette(light);
    QCoreApplication::processEvents();
}

// The stored label of a judge item of `run`, found by the item's content.
std::optional<cascade::Label> stored_label(const QString& store, qint64 run, const QString& key) {
    cascade::RunReader reader(store.toStdString());
    const auto item = reader.item(run, "judge", key.toStdString());
    if (!item) return std::nullopt;
    return cascade::LabelStore(store.toStdString())
        .find("judge", cascade::LabelStore::content_hash(item->data));
}

// A copy of a run's judge stage (and what it needs) as a new run; `change` may edit each item.
qint64 copy_run(const QString& store, qint64 run,
                const std::function<void(cascade::Item&)>& change) {
    cascade::RunReader reader(store.toStdString());
    cascade::RunStore writer(store.toStdString());
    const auto copy =
        writer.create_run("Synthetic", "", cascade::Json::object(), cascade::Json::object());
    for (const auto& stage : reader.stages(run)) {
        writer.begin_stage(copy, stage.stage, stage.position, stage.kind, stage.fingerprint);
        for (auto item : reader.items(run, stage.stage)) {
            change(item);
            writer.add_item(copy, item);
        }
        writer.finish_stage(copy, stage.stage, "finished", stage.counters, cascade::Json::array());
    }
    writer.finish_run(copy, "finished", "");
    return copy;
}

}  // namespace

class TestReviewView : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void groupsReasons_data();
    void groupsReasons();
    void modelGroupsByStageAndReason();
    void keyboardLabelsAndAdvances();
    void labelsPersistAcrossReopenAndReruns();
    void keysBecomeGroundTruthThatFollowsContent();
    void clearsALabel();
    void noteWaitsForAVerdict();

private:
    void waitLoaded(ReviewView& view);

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<WorkbenchSession> session_;
    qint64 run_ = 0;
};

void TestReviewView::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    synthetic::write_project(dir_->path().toStdString());
    session_ = std::make_unique<WorkbenchSession>();
    QVERIFY(session_->openProject(dir_->path()));
    run_ = synthetic::write_small_run(session_->storePath().toStdString());
    session_->selectLatestRun();
}

void TestReviewView::cleanup() {
    session_.reset();
    dir_.reset();
}

void TestReviewView::waitLoaded(ReviewView& view) {
    QTRY_VERIFY(!view.model()->isLoading());
}

void TestReviewView::groupsReasons_data() {
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("group");
    QTest::newRow("judge") << "judge score 2 < 3: too generic for this shopper"
                           << "judge score < 3";
    QTest::newRow("dedup") << "near-duplicate of 'Weeknight flavor builders' at cosine 0.93 >= 0.90"
                           << "near-duplicate of … at cosine >= 0.90";
    QTest::newRow("rule") << "rule title-length: 71 > 60 chars"
                          << "rule title-length: > 60 chars";
    QTest::newRow("terms") << "rule alcohol-title: denied term \"wine\" in /title"
                           << "rule alcohol-title: denied term … in /title";
    QTest::newRow("counts") << "rank 57 of 100, below top 20"
                            << "rank N of N, below top N";
    QTest::newRow("apostrophe") << "doesn't fit the shopper's week"
                                << "doesn't fit the shopper's week";
    QTest::newRow("empty") << ""
                           << "(no reason given)";
}

void TestReviewView::groupsReasons() {
    QFETCH(QString, reason);
    QFETCH(QString, group);
    QCOMPARE(ReasonGrouper::group(reason), group);
}

void TestReviewView::modelGroupsByStageAndReason() {
    ReviewModel model(session_.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &ReviewModel::loaded);
    model.load(run_);
    QVERIFY(loaded.wait(5000));
    QCOMPARE(model.itemCount(), 2);
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex stage = model.index(0, 0);
    QCOMPARE(stage.data().toString(), QString("judge"));
    QCOMPARE(model.rowCount(stage), 1);
    const QModelIndex group = model.index(0, 0, stage);
    QCOMPARE(group.data().toString(), QString("judge score < 3"));
    QCOMPARE(group.siblingAtColumn(ReviewModel::VerdictColumn).data().toString(),
             QString("0 of 2 reviewed"));
    QCOMPARE(model.rowCount(group), 2);
    const QModelIndex first = model.index(0, 0, group);
    QCOMPARE(first.data().toString(), kFirst);
    QCOMPARE(first.siblingAtColumn(ReviewModel::ScoreColumn).data().toString(), QString("1"));
    QCOMPARE(first.siblingAtColumn(ReviewModel::SummaryColumn).data().toString(),
             QString("Cozy soup season"));
    QCOMPARE(first.siblingAtColumn(ReviewModel::ScoreColumn).data(Qt::ToolTipRole).toString(),
             QString("score 1 · min_score 3"));
    QCOMPARE(model.firstItem(), first);
    QCOMPARE(model.nextItem(first).data().toString(), kSecond);
    QVERIFY(!model.nextItem(model.nextItem(first)).isValid());
    QCOMPARE(model.previousItem(model.nextItem(first)), first);
    QCOMPARE(model.nextItem(group), first);
    QCOMPARE(model.indexOf("judge", kSecond), model.nextItem(first));
    QVERIFY(model.setLabel(first, ReviewModel::kWrong, "fine for kids"));
    QCOMPARE(first.siblingAtColumn(ReviewModel::VerdictColumn).data().toString(),
             QString("✗ wrong"));
    QCOMPARE(model.label(first)->truth, cascade::Truth::Keep);  // wrongly dropped: keep it
    QCOMPARE(group.siblingAtColumn(ReviewModel::VerdictColumn).data().toString(),
             QString("1 of 2 reviewed"));
    QVERIFY(!model.setLabel(group, ReviewModel::kWrong));  // groups take no label
}

void TestReviewView::keyboardLabelsAndAdvances() {
    ReviewView view(session_.get());
    view.resize(1100, 600);
    view.show();
    waitLoaded(view);
    QCOMPARE(view.progressText(), QString("0 of 2 reviewed"));
    QCOMPARE(view.currentIndex().data().toString(), kFirst);  // the first unreviewed item
    QSignalSpy labels(session_.get(), &WorkbenchSession::labelsChanged);
    QTest::keyClick(view.view(), Qt::Key_1);
    QCOMPARE(labels.count(), 1);
    QCOMPARE(view.progressText(), QString("1 of 2 reviewed"));
    QCOMPARE(view.currentIndex().data().toString(), kSecond);  // moved on
    QTest::keyClick(view.view(), Qt::Key_Up);
    QCOMPARE(view.currentIndex().data().toString(), kFirst);
    QCOMPARE(view.findChild<QLineEdit*>()->text(), QString());
    QTest::keyClick(view.view(), Qt::Key_Down);
    view.findChild<QLineEdit*>()->setText("season is right, the judge is wrong");
    QTest::keyClick(view.view(), Qt::Key_2);
    QCOMPARE(view.progressText(), QString("2 of 2 reviewed"));
    const auto second = view.model()->label(view.model()->indexOf("judge", kSecond));
    QVERIFY(second.has_value());
    QCOMPARE(second->truth, cascade::Truth::Keep);
    QCOMPARE(view.model()->verdict(view.model()->indexOf("judge", kSecond)), ReviewModel::kWrong);
    QCOMPARE(second->note, std::string("season is right, the judge is wrong"));
    shoot(view, QStringLiteral("review"));
}

void TestReviewView::labelsPersistAcrossReopenAndReruns() {
    {
        ReviewView view(session_.get());
        waitLoaded(view);
        QTest::keyClick(view.view(), Qt::Key_1);
        QCOMPARE(view.progressText(), QString("1 of 2 reviewed"));
    }
    // The store has it, for any reader: the gate was right to drop it, so it should be dropped.
    const auto stored = stored_label(session_->storePath(), run_, kFirst);
    QVERIFY(stored.has_value());
    QCOMPARE(stored->truth, cascade::Truth::Drop);
    QCOMPARE(stored->item_key, kFirst.toStdString());
    QCOMPARE(*stored->run_id, run_);
    // A new session and a new view, on a new run of the same pipeline: the label is there.
    synthetic::write_small_run(session_->storePath().toStdString());
    WorkbenchSession reopened;
    QVERIFY(reopened.openProject(dir_->path()));
    QVERIFY(reopened.currentRun() > run_);
    ReviewView view(&reopened);
    waitLoaded(view);
    QCOMPARE(view.model()->runId(), reopened.currentRun());
    QCOMPARE(view.progressText(), QString("1 of 2 reviewed"));
    QCOMPARE(view.currentIndex().data().toString(), kSecond);  // the first unreviewed
    const QModelIndex first = view.model()->indexOf("judge", kFirst);
    QCOMPARE(first.siblingAtColumn(ReviewModel::VerdictColumn).data().toString(),
             QString("✓ correct"));
}

// Issue 8.3: the one-key flow stays, and what it stores is the truth about the item's content,
// translated with the decision of the run on screen; the label then means the same in a run
// that decided otherwise, and a changed item does not inherit it.
void TestReviewView::keysBecomeGroundTruthThatFollowsContent() {
    const QString store = session_->storePath();
    {
        ReviewView view(session_.get());
        waitLoaded(view);
        QTest::keyClick(view.view(), Qt::Key_1);  // kFirst: the gate was right to drop it
        QTest::keyClick(view.view(), Qt::Key_2);  // kSecond: it should have been kept
    }
    QCOMPARE(stored_label(store, run_, kFirst)->truth, cascade::Truth::Drop);
    QCOMPARE(stored_label(store, run_, kSecond)->truth, cascade::Truth::Keep);

    // A run where the gate kept kFirst and dropped the rest as before: kFirst is not in its
    // review, and the label still says "drop" (it is the judge that is wrong there now).
    const auto kept_first = copy_run(store, run_, [](cascade::Item& item) {
        if (item.stage == "judge" && item.key == kFirst.toStdString()) {
            item.status = cascade::ItemStatus::Kept;
            item.reason.clear();
        }
    });
    QCOMPARE(stored_label(store, kept_first, kFirst)->truth, cascade::Truth::Drop);
    session_->setCurrentRun(kept_first);
    ReviewView view(session_.get());
    waitLoaded(view);
    QCOMPARE(view.model()->itemCount(), 1);
    QCOMPARE(view.progressText(), QString("1 of 1 reviewed"));
    QCOMPARE(view.model()->verdict(view.model()->indexOf("judge", kSecond)), ReviewModel::kWrong);

    // A run whose upstream changed kSecond's content: same key, no label.
    const auto changed = copy_run(store, run_, [](cascade::Item& item) {
        if (item.key == kSecond.toStdString()) item.data["title"] = "Cozy soup season, revised";
    });
    session_->setCurrentRun(changed);
    QTRY_VERIFY(view.model()->runId() == changed && !view.model()->isLoading());
    QCOMPARE(view.model()->itemCount(), 2);
    QCOMPARE(view.progressText(), QString("1 of 2 reviewed"));
    QVERIFY(!view.model()->label(view.model()->indexOf("judge", kSecond)).has_value());
    QCOMPARE(view.model()->verdict(view.model()->indexOf("judge", kFirst)), ReviewModel::kCorrect);
}

void TestReviewView::clearsALabel() {
    ReviewView view(session_.get());
    waitLoaded(view);
    QTest::keyClick(view.view(), Qt::Key_1);
    QTest::keyClick(view.view(), Qt::Key_Up);
    QTest::keyClick(view.view(), Qt::Key_0);
    QCOMPARE(view.progressText(), QString("0 of 2 reviewed"));
    QVERIFY(!stored_label(session_->storePath(), run_, kFirst).has_value());
    // A label written elsewhere reaches the view through the session.
    cascade::RunReader reader(session_->storePath().toStdString());
    cascade::LabelStore(session_->storePath().toStdString())
        .set({"judge",
              cascade::LabelStore::content_hash(
                  reader.item(run_, "judge", kSecond.toStdString())->data),
              cascade::Truth::Drop, "", kSecond.toStdString(), run_, ""});
    session_->notifyLabelsChanged();
    QCOMPARE(view.progressText(), QString("1 of 2 reviewed"));
}

void TestReviewView::noteWaitsForAVerdict() {
    ReviewView view(session_.get());
    waitLoaded(view);
    auto* note = view.findChild<QLineEdit*>();
    note->setText("check later");
    QTest::keyClick(note, Qt::Key_Return);  // nothing to attach it to yet
    QCOMPARE(view.progressText(), QString("0 of 2 reviewed"));
    view.markCorrect();
    const auto label = view.model()->label(view.model()->indexOf("judge", kFirst));
    QCOMPARE(label->note, std::string("check later"));
    // Editing the note of a labelled item saves it with the same verdict.
    view.setCurrentIndex(view.model()->indexOf("judge", kFirst));
    QCOMPARE(note->text(), QString("check later"));
    note->setText("checked");
    QTest::keyClick(note, Qt::Key_Return);
    const auto edited = view.model()->label(view.model()->indexOf("judge", kFirst));
    QCOMPARE(edited->truth, cascade::Truth::Drop);
    QCOMPARE(view.model()->verdict(view.model()->indexOf("judge", kFirst)), ReviewModel::kCorrect);
    QCOMPARE(edited->note, std::string("checked"));
}

QTEST_MAIN(TestReviewView)
#include "test_reviewview.moc"
