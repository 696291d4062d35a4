#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "sampleprojectcopy.h"

// Starts the real cascade-workbench binary offscreen on the sample: it opens the project, runs
// it offline, grabs the window to a PNG and exits 0.
class TestWorkbenchSmoke : public QObject {
    Q_OBJECT

private slots:
    void runsTheSampleAndWritesAScreenshot() {
        const QString binary = QStringLiteral(CASCADE_BINARY_DIR "/app/workbench/cascade-workbench");
        QVERIFY2(QFileInfo::exists(binary), qPrintable(binary));
        SampleProjectCopy copy(QStringLiteral("hello-cascade"));
        QTemporaryDir scratch;
        const QString shot = scratch.filePath(QStringLiteral("shot.png"));

        QProcess process;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), scratch.filePath(QStringLiteral("config")));
        process.setProcessEnvironment(env);
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(binary, {copy.dir(), QStringLiteral("--run-offline"), QStringLiteral("--screenshot"), shot,
                               QStringLiteral("--size"), QStringLiteral("1200x800")});
        QVERIFY(process.waitForStarted(10000));
        QVERIFY2(process.waitForFinished(240000), "cascade-workbench did not exit");
        const QString output = QString::fromLocal8Bit(process.readAll());
        QVERIFY2(process.exitStatus() == QProcess::NormalExit, qPrintable(output));
        QVERIFY2(process.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("finished")), qPrintable(output));

        QImage image(shot);
        QVERIFY2(!image.isNull(), "the screenshot is not a readable PNG");
        QVERIFY2(image.width() >= 1200 && image.height() >= 800,
                 qPrintable(QStringLiteral("%1x%2").arg(image.width()).arg(image.height())));
        QVERIFY(QFileInfo::exists(copy.dir() + QStringLiteral("/runs.sqlite")));
    }

    // No display at all and the xcb platform forced: a QApplication would abort before printing.
    void helpAndVersionNeedNoDisplay() {
        const QString binary =
            QStringLiteral(CASCADE_BINARY_DIR "/app/workbench/cascade-workbench");
        auto env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        for (const auto& [flag, expected] :
             {std::pair{QStringLiteral("--help"), QStringLiteral("Usage:")},
              std::pair{QStringLiteral("--version"), QStringLiteral(CASCADE_WORKBENCH_VERSION)}}) {
            QProcess process;
            process.setProcessEnvironment(env);
            process.setProcessChannelMode(QProcess::MergedChannels);
            process.start(binary, {flag});
            QVERIFY(process.waitForFinished(60000));
            const QString output = QString::fromLocal8Bit(process.readAll());
            QVERIFY2(process.exitStatus() == QProcess::NormalExit, qPrintable(output));
            QCOMPARE(process.exitCode(), 0);
            QVERIFY2(output.contains(expected), qPrintable(output));
        }
    }

    void rejectsAMissingProject() {
        const QString binary = QStringLiteral(CASCADE_BINARY_DIR "/app/workbench/cascade-workbench");
        QTemporaryDir scratch;
        QProcess process;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), scratch.path());
        process.setProcessEnvironment(env);
        process.start(binary, {scratch.filePath(QStringLiteral("nope")), QStringLiteral("--screenshot"),
                               scratch.filePath(QStringLiteral("x.png"))});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 1);
        QVERIFY(!QFileInfo::exists(scratch.filePath(QStringLiteral("x.png"))));
    }
};

QTEST_MAIN(TestWorkbenchSmoke)
#include "test_workbenchsmoke.moc"
