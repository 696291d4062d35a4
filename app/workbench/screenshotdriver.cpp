#include "screenshotdriver.h"

#include <QApplication>
#include <QPixmap>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>

#include "widgets/mainwindow.h"
#include "widgets/runbridge.h"
#include "widgets/runcontrolbar.h"
#include "widgets/workbenchsession.h"

ScreenshotDriver::ScreenshotDriver(MainWindow* window, QString file, bool run_offline,
                                   QObject* parent)
    : QObject(parent), window_(window), file_(std::move(file)), run_offline_(run_offline) {}

void ScreenshotDriver::start() {
    QTimer::singleShot(kTimeoutMs, this, [] {
        std::fprintf(stderr, "cascade-workbench: timed out waiting for the run\n");
        QApplication::exit(2);
    });
    if (!run_offline_) {
        prepare();
        if (!file_.isEmpty()) QTimer::singleShot(kSettleMs, this, &ScreenshotDriver::capture);
        return;
    }
    connect(window_->bridge(), &RunBridge::runEnded, this, [this](const cascade::RunEnded& ended) {
        std::fprintf(stderr, "cascade-workbench: run %lld %s\n", static_cast<long long>(ended.run_id),
                     ended.status.c_str());
        // The views reload the finished run first; then select, then let it paint.
        QTimer::singleShot(kSettleMs, this, [this] {
            prepare();
            if (!file_.isEmpty()) QTimer::singleShot(kSettleMs, this, &ScreenshotDriver::capture);
        });
    });
    QTimer::singleShot(0, this, [this] {
        window_->runControls()->setOffline(true);
        if (!window_->runControls()->startRun(false)) {
            std::fprintf(stderr, "cascade-workbench: no project to run\n");
            QApplication::exit(1);
        }
    });
}

void ScreenshotDriver::prepare() {
    auto* panels = window_->panels();
    for (int i = 0; !panel_.isEmpty() && i < panels->count(); ++i)
        if (panels->tabText(i).compare(panel_, Qt::CaseInsensitive) == 0) panels->setCurrentIndex(i);
    if (!item_.isEmpty()) window_->session()->activateItem(window_->session()->currentStage(), item_);
}

void ScreenshotDriver::capture() {
    const bool saved = window_->grab().save(file_, "PNG");
    if (!saved) std::fprintf(stderr, "cascade-workbench: could not write %s\n", qPrintable(file_));
    QApplication::exit(saved ? 0 : 1);
}
