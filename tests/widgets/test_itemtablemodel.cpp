#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "cascade/core/json.h"
#include "widgets/itemfilterproxy.h"
#include "widgets/itemsummary.h"
#include "widgets/itemtablemodel.h"
#include "widgets/syntheticrun.h"
#include "widgets/workbenchsession.h"

using cascade::ItemStatus;
using cascade::Json;

namespace {

const QString kFilteredKey = QStringLiteral("u1/themes/0/candidates/keywords/0");

int row_of(const QAbstractItemModel& model, const QString& key) {
    for (int r = 0; r < model.rowCount(); ++r)
        if (model.index(r, ItemTableModel::KeyColumn).data().toString() == key) return r;
    return -1;
}

}  // namespace

class TestItemTableModel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void loadsAStageAsRows();
    void summarisesRetrieveItemsAsCandidates();
    void filtersByStatusAndText();
    void sortsScoresNumerically();
    void overridesStatuses();
    void loadsABigStage();
    void summarisesUnusualShapes();
    void clearsOnAMissingRun();

private:
    void load(ItemTableModel& model, qint64 run, const QString& stage);

    QTemporaryDir dir_;
    WorkbenchSession session_;
    qint64 run_ = 0;
};

void TestItemTableModel::initTestCase() {
    QVERIFY(dir_.isValid());
    synthetic::write_project(dir_.path().toStdString());
    QVERIFY(session_.openProject(dir_.path()));
    run_ = synthetic::write_small_run(session_.storePath().toStdString());
}

void TestItemTableModel::load(ItemTableModel& model, qint64 run, const QString& stage) {
    QSignalSpy loaded(&model, &ItemTableModel::loaded);
    model.load(run, stage);
    QVERIFY(model.isLoading());
    QVERIFY(loaded.wait(5000));
    QVERIFY(!model.isLoading());
    QCOMPARE(model.loadError(), QString());
}

void TestItemTableModel::loadsAStageAsRows() {
    ItemTableModel model(&session_);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    load(model, run_, QStringLiteral("judge"));
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.columnCount(), int(ItemTableModel::ColumnCount));
    const int row = row_of(model, kFilteredKey);
    QVERIFY(row >= 0);
    QCOMPARE(model.index(row, ItemTableModel::StatusColumn).data().toString(), QString("filtered"));
    QVERIFY(!model.index(row, ItemTableModel::StatusColumn)
                 .data(Qt::DecorationRole)
                 .value<QIcon>()
                 .isNull());
    QCOMPARE(model.index(row, ItemTableModel::SummaryColumn).data().toString(),
             QString("Weeknight flavor builders"));
    QCOMPARE(model.index(row, ItemTableModel::ScoreColumn).data().toString(), QString("2"));
    QVERIFY(model.index(row, ItemTableModel::ReasonColumn)
                .data()
                .toString()
                .startsWith("judge score 2 < 3"));
    QCOMPARE(model.statusCounts(), (std::array<int, 3>{1, 2, 1}));
    QCOMPARE(model.rowOfKey(kFilteredKey), row);
    QCOMPARE(model.headerData(ItemTableModel::ReasonColumn, Qt::Horizontal).toString(),
             QString("Reason"));
}

void TestItemTableModel::summarisesRetrieveItemsAsCandidates() {
    ItemTableModel model(&session_);
    load(model, run_, QStringLiteral("candidates"));
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.index(0, ItemTableModel::SummaryColumn).data().toString(),
             QString("2 candidates"));
    QVERIFY(std::isnan(model.index(0, 0).data(ItemTableModel::ScoreRole).toDouble()));
}

void TestItemTableModel::filtersByStatusAndText() {
    ItemTableModel model(&session_);
    ItemFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    load(model, run_, QStringLiteral("judge"));
    QCOMPARE(proxy.rowCount(), 4);
    proxy.setStatusFilter(ItemStatus::Filtered);
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setTextFilter(QStringLiteral("PEANUT"));  // the reason of one, case-insensitive
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, ItemTableModel::KeyColumn).data().toString(), kFilteredKey);
    proxy.setStatusFilter(std::nullopt);  // + the title "Peanut-free lunchbox"
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setTextFilter(QStringLiteral("u2/themes/1"));  // keys too
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, ItemTableModel::StatusColumn).data().toString(), QString("error"));
    proxy.setTextFilter({});
    QCOMPARE(proxy.rowCount(), 4);
}

void TestItemTableModel::sortsScoresNumerically() {
    ItemTableModel model(&session_);
    ItemFilterProxy proxy;
    proxy.setSourceModel(&model);
    load(model, run_, QStringLiteral("judge"));
    proxy.sort(ItemTableModel::ScoreColumn, Qt::AscendingOrder);
    QStringList scores;
    for (int r = 0; r < proxy.rowCount(); ++r)
        scores << proxy.index(r, ItemTableModel::ScoreColumn).data().toString();
    QCOMPARE(scores, (QStringList{"1", "2", "4", ""}));  // unscored (the error) last
    proxy.sort(ItemTableModel::StatusColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, 0).data().toString(), QString("kept"));
    QCOMPARE(proxy.index(3, 0).data().toString(), QString("error"));
}

void TestItemTableModel::overridesStatuses() {
    ItemTableModel model(&session_);
    ItemFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    load(model, run_, QStringLiteral("judge"));
    proxy.setStatusFilter(ItemStatus::Filtered);
    QCOMPARE(proxy.rowCount(), 2);
    QSignalSpy counts(&model, &ItemTableModel::statusCountsChanged);
    model.setStatusOverride(std::vector<bool>(4, true));  // a threshold that keeps everything
    QCOMPARE(counts.count(), 1);
    QCOMPARE(model.statusCounts(), (std::array<int, 3>{3, 0, 1}));  // errors stay errors
    QCOMPARE(proxy.rowCount(), 0);
    const int row = model.rowOfKey(kFilteredKey);
    QCOMPARE(model.index(row, 0).data().toString(), QString("kept"));
    model.setStatusOverride(std::vector<bool>(3, true));  // wrong size: ignored
    QVERIFY(model.hasStatusOverride());
    model.setStatusOverride(std::nullopt);
    QCOMPARE(model.index(row, 0).data().toString(), QString("filtered"));
    QCOMPARE(proxy.rowCount(), 2);
}

void TestItemTableModel::loadsABigStage() {
    QTemporaryDir dir;
    synthetic::write_project(dir.path().toStdString());
    WorkbenchSession session;
    QVERIFY(session.openProject(dir.path()));
    const auto run = synthetic::write_big_run(session.storePath().toStdString(), 3000);
    ItemTableModel model(&session);
    ItemFilterProxy proxy;
    proxy.setSourceModel(&model);
    load(model, run, QStringLiteral("keywords"));
    QCOMPARE(model.rowCount(), 3000);
    const auto counts = model.statusCounts();
    QCOMPARE(counts[0] + counts[1] + counts[2], 3000);
    QCOMPARE(counts[2], 150);
    proxy.setStatusFilter(ItemStatus::Error);
    QCOMPARE(proxy.rowCount(), 150);
    proxy.setTextFilter(QStringLiteral("ideas #2999"));
    QCOMPARE(proxy.rowCount(), 0);  // item 2999 is not an error
    proxy.setStatusFilter(std::nullopt);
    QCOMPARE(proxy.rowCount(), 1);
}

void TestItemTableModel::summarisesUnusualShapes() {
    QCOMPARE(ItemSummary::of(Json{{"keywords", Json::array({"a", "b"})}}),
             QString("keywords: a, b"));
    QCOMPARE(ItemSummary::of(Json{{"n", 1}, {"text", "first\nline"}}), QString("first line"));
    QCOMPARE(ItemSummary::of(Json{{"zeta", "z"}, {"title", "T"}}), QString("T"));
    QCOMPARE(ItemSummary::of(Json("plain")), QString("plain"));
    QCOMPARE(ItemSummary::of(Json::array({1, 2, 3})), QString("3 elements"));
    QCOMPARE(ItemSummary::of(Json(42)), QString("42"));
    QCOMPARE(ItemSummary::of(Json{{"candidates", Json::array()}}), QString("0 candidates"));
    QCOMPARE(ItemSummary::of(Json(std::string(500, 'x'))).size(), ItemSummary::kMaxChars);
    QCOMPARE(ItemSummary::mainScore(Json{{"min_score", 3}, {"relevance", 0.5}}), 0.5);
    QCOMPARE(ItemSummary::mainScore(Json{{"cosine", 0.93}}), 0.93);
    QVERIFY(std::isnan(ItemSummary::mainScore(Json{{"flag", true}})));
}

void TestItemTableModel::clearsOnAMissingRun() {
    ItemTableModel model(&session_);
    load(model, run_, QStringLiteral("judge"));
    QCOMPARE(model.rowCount(), 4);
    load(model, 0, QString());
    QCOMPARE(model.rowCount(), 0);
    load(model, run_ + 100, QStringLiteral("judge"));
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestItemTableModel)
#include "test_itemtablemodel.moc"
