// The inspector and the review on the real sample: projects/shopping-hub run offline (recorded
// responses) through cascade::Engine. The corpus index it builds is kept in the build tree, so
// only the first run pays for it.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "cascade/core/eventsink.h"
#include "cascade/core/runcontext.h"
#include "cascade/run/runoptions.h"
#include "cascade/store/runreader.h"
#include "widgets/artefactinspector.h"
#include "widgets/itemdetailpane.h"
#include "widgets/itemtablemodel.h"
#include "widgets/provenancebar.h"
#include "widgets/reviewmodel.h"
#include "widgets/reviewview.h"
#include "widgets/workbenchsession.h"

namespace {

// Copies the sample without anything a run produces (store, index, generated corpus).
void copy_project(const QString& from, const QString& to) {
    QDirIterator it(from, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = QDir(from).relativeFilePath(path);
        if (relative.startsWith(QLatin1String("runs.sqlite")) ||
            relative.startsWith(QLatin1String(".index")) ||
            relative == QLatin1String("data/keywords.tsv"))
            continue;
        QDir(to).mkpath(QFileInfo(relative).path());
        QFile::copy(path, to + QLatin1Char('/') + relative);
    }
}

}  // namespace

class TestInspectorSample : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void inspectorShowsAFilteredItemsReason();
    void reviewListsEveryGateDrop();

private:
    QTemporaryDir dir_;
    WorkbenchSession session_;
    qint64 run_ = 0;
};

void TestInspectorSample::initTestCase() {
    QVERIFY(dir_.isValid());
    const QString project = dir_.path() + QStringLiteral("/shopping-hub");
    copy_project(QStringLiteral(CASCADE_PROJECTS_DIR "/shopping-hub"), project);
    const QString cache = QStringLiteral(CASCADE_BINARY_DIR "/test-cache/shopping-hub");
    QVERIFY(QDir().mkpath(cache + QStringLiteral("/.index")));
    QVERIFY(QFile::link(cache + QStringLiteral("/.index"), project + QStringLiteral("/.index")));
    const QString corpus = cache + QStringLiteral("/keywords.tsv");
    if (QFile::exists(corpus))
        QVERIFY(QFile::copy(corpus, project + QStringLiteral("/data/keywords.tsv")));

    QVERIFY2(session_.openProject(project), "the sample must load");
    cascade::RunOptions options;
    options.offline = true;
    cascade::RunContext context;
    cascade::EventSink sink;
    run_ = session_.engine().run(*session_.project(), options, context, sink);
    QVERIFY(run_ > 0);
    if (!QFile::exists(corpus)) QFile::copy(project + QStringLiteral("/data/keywords.tsv"), corpus);
    session_.selectLatestRun();
    QCOMPARE(session_.currentRun(), run_);
}

void TestInspectorSample::inspectorShowsAFilteredItemsReason() {
    cascade::RunReader reader(session_.storePath().toStdString());
    const auto filtered = reader.items(run_, "judge", {cascade::ItemStatus::Filtered, {}}, 0, 1);
    QVERIFY2(!filtered.empty(), "the judge filters something in the sample");
    const auto& item = filtered.front();

    session_.setCurrentStage(QStringLiteral("judge"));
    ArtefactInspector inspector(&session_);
    inspector.resize(1400, 800);
    inspector.show();
    QTRY_VERIFY(!inspector.model()->isLoading());
    QCOMPARE(inspector.model()->rowCount(), int(reader.count_items(run_, "judge")));
    const auto counts = inspector.model()->statusCounts();
    QCOMPARE(counts[1],
             int(reader.count_items(run_, "judge", {cascade::ItemStatus::Filtered, {}})));

    const QString key = QString::fromStdString(item.key);
    inspector.selectItem(key);
    QCOMPARE(inspector.selectedKey(), key);
    QCOMPARE(inspector.detail()->statusText(), QString("filtered"));
    QCOMPARE(inspector.detail()->reasonText(), QString::fromStdString(item.reason));
    QVERIFY(inspector.detail()->reasonText().startsWith("judge score "));
    // Provenance back to the shopper: input -> themes -> candidates -> keywords -> dedup -> judge.
    const auto crumbs = inspector.detail()->provenance()->crumbs();
    QVERIFY(crumbs.size() >= 5);
    QCOMPARE(crumbs.first().first, QString("input"));
    QCOMPARE(crumbs.last(), ProvenanceBar::Crumb("judge", key));
    const QString shots = qEnvironmentVariable("CASCADE_WIDGET_SHOTS");
    if (!shots.isEmpty()) inspector.grab().save(shots + QStringLiteral("/inspector-sample.png"));
}

void TestInspectorSample::reviewListsEveryGateDrop() {
    cascade::RunReader reader(session_.storePath().toStdString());
    const auto filtered = reader.filtered_items(run_);
    ReviewView view(&session_);
    view.resize(1400, 800);
    view.show();
    QTRY_VERIFY(!view.model()->isLoading());
    QCOMPARE(view.model()->itemCount(), int(filtered.size()));
    QCOMPARE(view.progressText(), QString("0 of %1 reviewed").arg(filtered.size()));
    QStringList groups;
    for (int s = 0; s < view.model()->rowCount(); ++s) {
        const QModelIndex stage = view.model()->index(s, 0);
        for (int g = 0; g < view.model()->rowCount(stage); ++g)
            groups << stage.data().toString() + ": " +
                          view.model()->index(g, 0, stage).data().toString();
    }
    QVERIFY2(groups.contains("judge: judge score < 3"), qPrintable(groups.join(" | ")));
    QVERIFY2(groups.contains("dedup: near-duplicate of … at cosine >= 0.90"),
             qPrintable(groups.join(" | ")));
    const QString shots = qEnvironmentVariable("CASCADE_WIDGET_SHOTS");
    if (!shots.isEmpty()) view.grab().save(shots + QStringLiteral("/review-sample.png"));
}

QTEST_MAIN(TestInspectorSample)
#include "test_inspector_sample.moc"
