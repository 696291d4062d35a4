#include <QSignalSpy>
#include <QTableView>
#include <QTreeWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "sampleprojectcopy.h"
#include "widgets/historydock.h"
#include "widgets/issuesdock.h"
#include "widgets/issuesmodel.h"
#include "widgets/mainwindow.h"
#include "widgets/pipelinestrip.h"
#include "widgets/runbridge.h"
#include "widgets/runcontrolbar.h"
#include "widgets/runhistorymodel.h"
#include "widgets/settingsdialog.h"
#include "widgets/stagecard.h"
#include "widgets/workbenchsession.h"
#include "widgets/workbenchsettings.h"

// The composed main window on hello-cascade: open, run offline from the controls, and check
// that history, strip, issues, title and the persisted settings all follow.
class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void opensRunsAndRemembers() {
        QTemporaryDir config;
        SampleProjectCopy copy(QStringLiteral("hello-cascade"));
        WorkbenchSettings settings(config.filePath(QStringLiteral("settings.ini")));
        {
            MainWindow window(&settings);
            window.show();
            window.openLastOrStart();  // nothing remembered yet: the start page
            QVERIFY(!window.session()->hasProject());
            QVERIFY(window.openProject(copy.dir()));
            QVERIFY(window.windowTitle().startsWith(QStringLiteral("Hello Cascade")));
            QCOMPARE(window.pipelineStrip()->cards().size(), 2);
            QVERIFY(window.runControls()->runAction()->isEnabled());
            QVERIFY(!window.runControls()->cancelAction()->isEnabled());
            QVERIFY(window.runControls()->keyWarningText().isEmpty());  // writer needs no key

            QSignalSpy ended(window.bridge(), &RunBridge::runEnded);
            window.runControls()->setOffline(true);
            QVERIFY(window.runControls()->startRun(false));
            QVERIFY(!window.runControls()->runAction()->isEnabled());
            QVERIFY(window.runControls()->cancelAction()->isEnabled());
            QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
            const qint64 run = ended.at(0).at(0).value<cascade::RunEnded>().run_id;

            QCOMPARE(window.session()->currentRun(), run);
            QCOMPARE(window.historyDock()->model()->rowCount(), 1);
            QCOMPARE(window.historyDock()->view()->currentIndex().row(), 0);
            QCOMPARE(window.issuesDock()->model()->errorCount(), 0);
            for (auto* card : window.pipelineStrip()->cards())
                QCOMPARE(card->countsText(), QStringLiteral("5 in → 5 kept · 0 filtered · 0 err"));
            QVERIFY(window.runControls()->countersText().contains(QStringLiteral("10 calls (10 cached)")));
            QVERIFY(window.runControls()->runAction()->isEnabled());

            // Run from the selected stage executes it again instead of reusing it.
            window.session()->setCurrentStage(QStringLiteral("tagline"));
            QVERIFY(window.runControls()->startRun(true));
            QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 2, 60000);
            QCOMPARE(window.historyDock()->model()->rowCount(), 2);
            QVERIFY(window.pipelineStrip()->cards()[0]->statsText().contains(QStringLiteral("reused")));
            QVERIFY(!window.pipelineStrip()->cards()[1]->statsText().contains(QStringLiteral("reused")));

            // Picking the first run in the history loads it into the strip.
            window.historyDock()->view()->setCurrentIndex(
                window.historyDock()->model()->index(window.historyDock()->model()->rowOfRun(run), 0));
            QCOMPARE(window.session()->currentRun(), run);
            window.close();
        }
        QCOMPARE(settings.lastProject(), QDir::cleanPath(copy.dir()));
        QCOMPARE(settings.recentProjects().value(0), QDir::cleanPath(copy.dir()));
        QVERIFY(!settings.windowState().isEmpty());

        // A new window reopens the last project.
        MainWindow again(&settings);
        again.openLastOrStart();
        QVERIFY(again.session()->hasProject());
        QCOMPARE(again.historyDock()->model()->rowCount(), 2);
    }

    void badProjectsShowTheirDiagnostics() {
        QTemporaryDir config;
        QTemporaryDir broken;
        QFile file(broken.filePath(QStringLiteral("cascade.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"format": "cascade-project/1", "name": "Broken", "stages": [{"id": "x"}]})");
        file.close();
        WorkbenchSettings settings(config.filePath(QStringLiteral("settings.ini")));
        MainWindow window(&settings);
        QVERIFY(!window.openProject(broken.path()));
        QVERIFY(window.issuesDock()->model()->rowCount() > 0);
        QVERIFY(window.issuesDock()->model()->errorCount() > 0);
        QVERIFY(settings.recentProjects().isEmpty());
    }

    void settingsHaveDefaultsAndKeepRecentsShort() {
        QTemporaryDir config;
        WorkbenchSettings settings(config.filePath(QStringLiteral("settings.ini")));
        QCOMPARE(settings.defaultConcurrency(), 0);
        QCOMPARE(settings.offlineByDefault(), false);
        for (int i = 0; i < WorkbenchSettings::kMaxRecentProjects + 3; ++i)
            settings.addRecentProject(QStringLiteral("/tmp/p%1").arg(i));
        QCOMPARE(settings.recentProjects().size(), WorkbenchSettings::kMaxRecentProjects);
        QCOMPARE(settings.recentProjects().first(), QStringLiteral("/tmp/p%1").arg(WorkbenchSettings::kMaxRecentProjects + 2));
        settings.removeRecentProject(settings.lastProject());
        QVERIFY(settings.lastProject().isEmpty());
        settings.setOfflineByDefault(true);
        QVERIFY(WorkbenchSettings(config.filePath(QStringLiteral("settings.ini"))).offlineByDefault());
    }

    void settingsDialogShowsKeyPresenceNeverTheKey() {
        qputenv("CASCADE_TEST_KEY_SET", "sk-secret-value");
        qunsetenv("CASCADE_TEST_KEY_UNSET");
        QCOMPARE(SettingsDialog::keyState(QStringLiteral("CASCADE_TEST_KEY_SET")), QStringLiteral("present"));
        QCOMPARE(SettingsDialog::keyState(QStringLiteral("CASCADE_TEST_KEY_UNSET")), QStringLiteral("missing"));
        QCOMPARE(SettingsDialog::keyState(QString()), QStringLiteral("not needed"));

        QTemporaryDir config;
        SampleProjectCopy copy(QStringLiteral("hello-cascade"));
        WorkbenchSession session;
        QVERIFY(session.openProject(copy.dir()));
        WorkbenchSettings settings(config.filePath(QStringLiteral("settings.ini")));
        SettingsDialog dialog(&settings, session.project());
        auto* keys = dialog.keysView();
        QCOMPARE(keys->topLevelItemCount(), int(session.project()->models.size() + session.project()->embedders.size()));
        QCOMPARE(keys->topLevelItem(0)->text(0), QStringLiteral("writer"));
        QCOMPARE(keys->topLevelItem(0)->text(3), QStringLiteral("not needed"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"
