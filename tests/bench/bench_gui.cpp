// bench_gui: the artefact inspector on a synthetic 100,000-item stage. Prints the time from
// opening the stage to a filled table, the time of a status filter and a text filter, and the
// peak RSS, with the raw SQLite read of the same rows as the baseline.
// Targets (2 cores): open < 1 s, filter < 100 ms, peak RSS < 500 MB.
#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <QThread>

#include <sys/resource.h>
#include <cstdlib>

#include <cstdio>
#include <cstdlib>

#include "cascade/core/item.h"
#include "cascade/store/runreader.h"
#include "cascade/store/statement.h"
#include "widgets/artefactinspector.h"
#include "widgets/itemfilterproxy.h"
#include "widgets/itemrowloader.h"
#include "widgets/itemtablemodel.h"
#include "widgets/syntheticrun.h"
#include "widgets/workbenchsession.h"

namespace {

double peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;  // KiB on Linux
}

// Lets queued signals and the paint of the table happen, as they would before a user sees it.
void settle(ArtefactInspector& inspector) {
    QCoreApplication::processEvents();
    inspector.view()->viewport()->repaint();
}

double load_average() {
    double load[1] = {0.0};
    return getloadavg(load, 1) == 1 ? load[0] : 0.0;
}

double ms(const QElapsedTimer& timer) {
    return timer.nsecsElapsed() / 1e6;
}

// CPU time of the whole process (every thread), in ms: on a busy machine wall time waits for
// cores, this does not.
double cpu_ms() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int items = argc > 1 ? std::atoi(argv[1]) : 100000;

    QTemporaryDir dir;
    synthetic::write_project(dir.path().toStdString());
    WorkbenchSession session;
    if (!session.openProject(dir.path())) return 1;
    QElapsedTimer timer;
    timer.start();
    const auto run = synthetic::write_big_run(session.storePath().toStdString(), items);
    std::printf("generate %d items into the store: %.0f ms\n", items, ms(timer));
    const double rss_before = peak_rss_mb();

    // Baseline: the raw SQLite read of the same rows (every column the table needs), then the
    // worker's read into compact rows, both on this thread.
    cascade::RunReader reader(session.storePath().toStdString());
    timer.restart();
    double cpu = cpu_ms();
    std::size_t bytes = 0;
    {
        cascade::Statement q(reader.db(),
                             "SELECT key, status, reason, scores, data FROM items WHERE run_id = ? "
                             "AND stage = ? ORDER BY id");
        q.bind(1, run).bind(2, "keywords");
        while (q.step())
            for (int c = 0; c < 5; ++c) bytes += q.text_view(c).size();
    }
    const double raw_ms = ms(timer);
    const double raw_cpu = cpu_ms() - cpu;
    timer.restart();
    cpu = cpu_ms();
    // Scoped: the inspector's own copy is what the RSS figure should see.
    const auto row_count = ItemRowLoader::read(reader, run, "keywords").size();
    const double rows_ms = ms(timer);
    const double rows_cpu = cpu_ms() - cpu;
    timer.restart();
    cpu = cpu_ms();
    const auto parallel_count =
        ItemRowLoader::readParallel(session.storePath().toStdString(), run, "keywords").size();
    const double parallel_ms = ms(timer);
    const double parallel_cpu = cpu_ms() - cpu;
    std::printf("baseline raw SQLite read: %.0f ms, cpu %.0f ms (%.1f MB of text)\n", raw_ms,
                raw_cpu, bytes / 1e6);
    std::printf("compact rows, one thread: %.0f ms, cpu %.0f ms (%zu rows)\n", rows_ms, rows_cpu,
                row_count);
    std::printf(
        "compact rows, sliced over %d threads (the worker's job): %.0f ms, cpu %.0f ms "
        "(%zu rows)\n",
        QThread::idealThreadCount(), parallel_ms, parallel_cpu, parallel_count);

    session.setCurrentStage("keywords");
    session.setCurrentRun(run);
    timer.restart();
    cpu = cpu_ms();
    ArtefactInspector inspector(&session);
    inspector.resize(1400, 900);
    inspector.show();
    if (inspector.model()->isLoading()) {
        QEventLoop loop;
        QObject::connect(inspector.model(), &ItemTableModel::loaded, &loop, &QEventLoop::quit);
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
        if (inspector.model()->isLoading()) return 2;
    }
    settle(inspector);
    const double open_ms = ms(timer);
    const double open_cpu = cpu_ms() - cpu;
    std::printf(
        "open: %.0f ms to a filled table, cpu %.0f ms (%d rows)  [target < 1000 ms]  "
        "%.1fx the raw read\n",
        open_ms, open_cpu, inspector.view()->model()->rowCount(), open_ms / raw_ms);

    timer.restart();
    inspector.setStatusFilter(cascade::ItemStatus::Filtered);
    settle(inspector);
    const double status_ms = ms(timer);
    const int filtered = inspector.view()->model()->rowCount();
    timer.restart();
    inspector.setTextFilter(QStringLiteral("Gochujang"));
    settle(inspector);
    const double text_ms = ms(timer);
    const int both = inspector.view()->model()->rowCount();
    timer.restart();
    inspector.setStatusFilter(std::nullopt);
    settle(inspector);
    const double widen_ms = ms(timer);
    std::printf("status filter: %.1f ms (%d rows)  [target < 100 ms]\n", status_ms, filtered);
    std::printf("text filter: %.1f ms (%d rows)  [target < 100 ms]\n", text_ms, both);
    std::printf("back to all statuses (text kept): %.1f ms (%d rows)\n", widen_ms,
                inspector.view()->model()->rowCount());
    inspector.setTextFilter({});
    timer.restart();
    inspector.view()->sortByColumn(ItemTableModel::ScoreColumn, Qt::DescendingOrder);
    settle(inspector);
    std::printf("sort by score: %.0f ms\n", ms(timer));
    std::printf("load average (1 min): %.2f on %d cores\n", load_average(),
                QThread::idealThreadCount());
    std::printf("peak RSS: %.0f MB (%.0f MB before opening)  [target < 500 MB]\n", peak_rss_mb(),
                rss_before);
    return 0;
}
