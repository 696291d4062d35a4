#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "cascade/store/runstore.h"
#include "widgets/artefactinspector.h"
#include "widgets/callview.h"
#include "widgets/itemdetailpane.h"
#include "widgets/itemfilterproxy.h"
#include "widgets/itemtablemodel.h"
#include "widgets/jsontreemodel.h"
#include "widgets/provenancebar.h"
#include "widgets/syntheticrun.h"
#include "widgets/workbenchsession.h"

using cascade::ItemStatus;

namespace {

const QString kFilteredKey = QStringLiteral("u1/themes/0/candidates/keywords/0");

// Saves a picture of the widget when CASCADE_WIDGET_SHOTS names a folder (for looking at it).
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

}  // namespace

class TestArtefactInspector : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void showsTheStageRows();
    void showsAFilteredItemsReasonAndCall();
    void breadcrumbClickSelectsTheParent();
    void filtersFromTheBar();
    void activationClearsHidingFilters();
    void followsTheSessionStage();
    void itemAndCallSayWhereTheReplyCameFrom();

private:
    ArtefactInspector* open(const QString& stage);

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<WorkbenchSession> session_;
    std::unique_ptr<ArtefactInspector> inspector_;
};

void TestArtefactInspector::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    synthetic::write_project(dir_->path().toStdString());
    session_ = std::make_unique<WorkbenchSession>();
    QVERIFY(session_->openProject(dir_->path()));
    synthetic::write_small_run(session_->storePath().toStdString());
    session_->selectLatestRun();
}

void TestArtefactInspector::cleanup() {
    inspector_.reset();
    session_.reset();
    dir_.reset();
}

ArtefactInspector* TestArtefactInspector::open(const QString& stage) {
    session_->setCurrentStage(stage);
    inspector_ = std::make_unique<ArtefactInspector>(session_.get());
    inspector_->resize(1280, 720);
    inspector_->show();
    [&] { QTRY_VERIFY(!inspector_->model()->isLoading()); }();
    return inspector_.get();
}

void TestArtefactInspector::showsTheStageRows() {
    auto* inspector = open(QStringLiteral("judge"));
    QCOMPARE(inspector->model()->stage(), QString("judge"));
    QCOMPARE(inspector->view()->model()->rowCount(), 4);
    QCOMPARE(inspector->infoText(), QString("4 of 4 items"));
    const auto* status = inspector->findChild<QComboBox*>();
    QCOMPARE(status->itemText(0), QString("All (4)"));
    QCOMPARE(status->itemText(2), QString("filtered (2)"));
    QStringList keys;
    for (int r = 0; r < 4; ++r)
        keys << inspector->view()->model()->index(r, ItemTableModel::KeyColumn).data().toString();
    QCOMPARE(keys.first(), kFilteredKey);  // store order until a header is clicked
}

void TestArtefactInspector::showsAFilteredItemsReasonAndCall() {
    auto* inspector = open(QStringLiteral("judge"));
    inspector->selectItem(kFilteredKey);
    QCOMPARE(inspector->selectedKey(), kFilteredKey);
    auto* detail = inspector->detail();
    QVERIFY(detail->item().has_value());
    QCOMPARE(detail->statusText(), QString("filtered"));
    QCOMPARE(detail->reasonText(),
             QString("judge score 2 < 3: too generic for a family with a peanut allergy"));
    QCOMPARE(detail->jsonModel()->index(0, 0).data().toString(), QString("title"));
    QVERIFY(detail->callView()->factsText().contains("frontier"));
    QVERIFY(detail->callView()->factsText().contains("tokens 420 in / 37 out"));
    QVERIFY(detail->callView()->promptText().contains("Judge Weeknight flavor builders"));
    QCOMPARE(detail->callView()->replyText(), QString(R"({"score":4})"));
    shoot(*inspector, QStringLiteral("inspector"));
    inspector->findChild<QTabWidget*>()->setCurrentWidget(detail->callView());
    shoot(*inspector, QStringLiteral("inspector-call"));
}

void TestArtefactInspector::breadcrumbClickSelectsTheParent() {
    auto* inspector = open(QStringLiteral("judge"));
    inspector->selectItem(kFilteredKey);
    auto* crumbs = inspector->detail()->provenance();
    const QList<ProvenanceBar::Crumb> expected = {{"input", "u1"},
                                                  {"themes", "u1/themes/0"},
                                                  {"candidates", "u1/themes/0/candidates"},
                                                  {"keywords", kFilteredKey},
                                                  {"judge", kFilteredKey}};
    QCOMPARE(crumbs->crumbs(), expected);
    QVERIFY(crumbs->text().contains("Weeknight flavor builders"));
    // What a click on the "themes" crumb does.
    emit crumbs->linkActivated(ProvenanceBar::linkFor("themes", "u1/themes/0"));
    QCOMPARE(session_->currentStage(), QString("themes"));
    QTRY_COMPARE(inspector->selectedKey(), QString("u1/themes/0"));
    QCOMPARE(inspector->model()->stage(), QString("themes"));
    QCOMPARE(inspector->detail()->item()->stage, std::string("themes"));
    QCOMPARE(inspector->detail()->provenance()->crumbs().size(), 2);
    QCOMPARE(ProvenanceBar::crumbOfLink(ProvenanceBar::linkFor("a b", "x/y%z")),
             ProvenanceBar::Crumb("a b", "x/y%z"));
}

void TestArtefactInspector::filtersFromTheBar() {
    auto* inspector = open(QStringLiteral("judge"));
    auto* status = inspector->findChild<QComboBox*>();
    status->setCurrentIndex(status->findData(static_cast<int>(ItemStatus::Filtered)));
    QCOMPARE(inspector->view()->model()->rowCount(), 2);
    QCOMPARE(inspector->infoText(), QString("2 of 4 items"));
    auto* search = inspector->findChild<QLineEdit*>();
    QTest::keyClicks(search, "SOUP");
    QCOMPARE(inspector->view()->model()->rowCount(), 2);  // debounced: not yet
    QTRY_COMPARE(inspector->view()->model()->rowCount(), 1);
    QCOMPARE(inspector->proxy()->textFilter(), QString("SOUP"));
    inspector->setStatusFilter(std::nullopt);
    inspector->setTextFilter({});
    QCOMPARE(search->text(), QString());
    QCOMPARE(inspector->view()->model()->rowCount(), 4);
}

void TestArtefactInspector::activationClearsHidingFilters() {
    auto* inspector = open(QStringLiteral("judge"));
    inspector->setStatusFilter(ItemStatus::Kept);
    QCOMPARE(inspector->view()->model()->rowCount(), 1);
    session_->activateItem("judge", kFilteredKey);
    QCOMPARE(inspector->selectedKey(), kFilteredKey);
    QCOMPARE(inspector->view()->model()->rowCount(), 4);
    QVERIFY(inspector->detail()->reasonText().startsWith("judge score 2 < 3"));
}

void TestArtefactInspector::followsTheSessionStage() {
    auto* inspector = open(QStringLiteral("judge"));
    session_->setCurrentStage("candidates");
    QTRY_COMPARE(inspector->model()->stage(), QString("candidates"));
    QTRY_VERIFY(!inspector->model()->isLoading());
    QCOMPARE(inspector->view()->model()->index(0, ItemTableModel::SummaryColumn).data().toString(),
             QString("2 candidates"));
    session_->setCurrentRun(0);
    QTRY_COMPARE(inspector->model()->rowCount(), 0);
    QCOMPARE(inspector->infoText(), QString("No run selected"));
}

// Issue 8.4: an item made from a recorded reply, and its call, say so; a live one says live.
void TestArtefactInspector::itemAndCallSayWhereTheReplyCameFrom() {
    qint64 run = 0;
    {
        cascade::RunStore store(session_->storePath().toStdString());
        run = store.create_run("Synthetic", "", cascade::Json::object(), cascade::Json::object());
        store.begin_stage(run, "judge", 0, "judge", "fp");
        for (const auto& [key, source] : {std::pair{"recorded", cascade::ReplySource::Recorded},
                                          std::pair{"live", cascade::ReplySource::Live}}) {
            cascade::CallRecord call;
            call.run_id = run;
            call.stage = "judge";
            call.item_key = key;
            call.model = "frontier";
            call.request = cascade::Json::object();
            call.ok = true;
            call.cache_hit = source == cascade::ReplySource::Recorded;
            call.source = source;
            cascade::Item item;
            item.stage = "judge";
            item.key = key;
            item.input_id = key;
            item.data = cascade::Json{{"title", key}};
            item.call_id = store.add_call(call);
            store.add_item(run, item);
        }
        store.finish_stage(run, "judge", "finished", {}, cascade::Json::array());
        store.finish_run(run, "finished", "");
    }
    ItemDetailPane pane(session_.get());
    QVERIFY(pane.showItem(run, QStringLiteral("judge"), QStringLiteral("recorded")));
    QVERIFY2(pane.titleText().contains(QStringLiteral("recorded reply")),
             qPrintable(pane.titleText()));
    QVERIFY2(pane.callView()->factsText().contains(
                 QStringLiteral("recorded reply (recordings/, not live model output)")),
             qPrintable(pane.callView()->factsText()));
    QVERIFY(pane.showItem(run, QStringLiteral("judge"), QStringLiteral("live")));
    QVERIFY(!pane.titleText().contains(QStringLiteral("reply")));
    QVERIFY(pane.callView()->factsText().contains(QStringLiteral("live reply")));
}

QTEST_MAIN(TestArtefactInspector)
#include "test_artefactinspector.moc"
