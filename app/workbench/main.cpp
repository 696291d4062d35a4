// cascade-workbench [PROJECT_DIR]: the Qt Widgets workbench. Thin: parse, wire, start.

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QTemporaryDir>

#include <cstdio>
#include <memory>

#include "screenshotdriver.h"
#include "widgets/mainwindow.h"
#include "widgets/workbenchresources.h"
#include "widgets/workbenchsession.h"
#include "widgets/workbenchsettings.h"

namespace {

// --help and --version must answer on a machine with no display, where a QApplication would
// abort while connecting to the window system: they only need a QCoreApplication.
bool onlyPrints(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--help" || arg == "-h" || arg == "--help-all" || arg == "-?" ||
            arg == "--version" || arg == "-v")
            return true;
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    const std::unique_ptr<QCoreApplication> application =
        onlyPrints(argc, argv) ? std::make_unique<QCoreApplication>(argc, argv)
                               : std::make_unique<QApplication>(argc, argv);
    QCoreApplication& app = *application;
    QApplication::setOrganizationName(QStringLiteral("Cascade"));
    QApplication::setApplicationName(QStringLiteral("Cascade Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(CASCADE_WORKBENCH_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Build, run and inspect cascaded LLM pipelines."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("Project folder to open."),
                                 QStringLiteral("[PROJECT_DIR]"));
    const QCommandLineOption variant(QStringLiteral("variant"), QStringLiteral("Variant to apply."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption stage(QStringLiteral("stage"), QStringLiteral("Stage to select."),
                                   QStringLiteral("ID"));
    const QCommandLineOption runOffline(QStringLiteral("run-offline"),
                                        QStringLiteral("Run the project offline once it is open."));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Grab the window to FILE (after the run with --run-offline) and quit."),
        QStringLiteral("FILE"));
    const QCommandLineOption item(QStringLiteral("item"),
                                  QStringLiteral("Item key (in --stage) to show before the grab."),
                                  QStringLiteral("KEY"));
    const QCommandLineOption panel(QStringLiteral("panel"),
                                   QStringLiteral("Panel tab to show before the grab (e.g. \"Filtered review\")."),
                                   QStringLiteral("TITLE"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QStringLiteral("Window size for --screenshot (default 1500x950)."),
                                  QStringLiteral("WxH"), QStringLiteral("1500x950"));
    parser.addOptions({variant, stage, runOffline, screenshot, item, panel, size});
    parser.process(app);  // exits here for --help and --version

    initWorkbenchResources();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));

    // Screenshots use throwaway settings so they are reproducible and leave the user's alone.
    const bool shooting = parser.isSet(screenshot);
    QTemporaryDir scratch;
    auto settings = shooting ? std::make_unique<WorkbenchSettings>(scratch.filePath("settings.ini"))
                             : std::make_unique<WorkbenchSettings>();

    MainWindow window(settings.get(), {QStringLiteral(CASCADE_SOURCE_PROJECTS_DIR)});
    if (shooting) {
        const auto wh = parser.value(size).split(QLatin1Char('x'));
        if (wh.size() == 2) window.resize(wh[0].toInt(), wh[1].toInt());
    }
    window.show();

    const QStringList args = parser.positionalArguments();
    if (!args.isEmpty()) {
        if (!window.openProject(args.first()) && (shooting || parser.isSet(runOffline))) {
            std::fprintf(stderr, "cascade-workbench: could not open %s\n", qPrintable(args.first()));
            return 1;
        }
    } else {
        window.openLastOrStart();
    }
    if (parser.isSet(variant)) window.session()->setVariant(parser.value(variant));
    if (parser.isSet(stage)) window.session()->setCurrentStage(parser.value(stage));

    ScreenshotDriver driver(&window, parser.value(screenshot), parser.isSet(runOffline));
    driver.setItem(parser.value(item));
    driver.setPanel(parser.value(panel));
    if (shooting || parser.isSet(runOffline)) driver.start();
    return QApplication::exec();
}
