// kill -9 of a real `cascade run`, again and again, then a run that finishes: no reply that had
// arrived is paid for twice (outside the documented window), and the store stays intact.
// The long soak (20 kills, figures) is bench_killsoak.
#include <QTemporaryDir>
#include <QtTest>

#include "support/killharness.h"

using namespace cascade::testing;

namespace {

// Random kills land while replies are being read; a reply can only be lost in the loop turn
// that read it (README: "Kills"). The margin here is CI slack for a process that waits for a
// CPU, not the window itself, which the stalled kills check exactly.
constexpr double kRandomKillMarginMs = 1000.0;

}  // namespace

class TestKill : public QObject {
    Q_OBJECT

private slots:
    void killedRunsPayNoArrivedReplyTwice() {
        QTemporaryDir dir;
        KillPlan plan;
        plan.dir = dir.path().toStdString() + "/project";
        plan.cascade = std::string(CASCADE_BINARY_DIR) + "/app/cascade";
        plan.inputs = 800;  // enough that no run before the last one can finish
        plan.concurrency = 4;
        plan.stalled_kills = 4;
        plan.random_kills = 4;
        plan.seed = 20240917;
        const KillReport report = run_kill_plan(plan);

        for (std::size_t k = 0; k < report.kills.size(); ++k) {
            const KillRecord& kill = report.kills[k];
            const QByteArray what = QByteArray("kill ") + QByteArray::number(int(k + 1)) +
                                    (kill.stalled ? " (stalled)" : " (random)");
            QByteArray ages;
            for (const double age : kill.repaid_age_ms)
                ages += " " + QByteArray::number(age, 'f', 0);
            qInfo(
                "%s: %lld replies arrived before it, %lld paid again (arrived ms before the "
                "kill:%s)",
                what.constData(), static_cast<long long>(kill.arrived),
                static_cast<long long>(kill.repaid), ages.isEmpty() ? " -" : ages.constData());
            QVERIFY2(kill.problem.empty(), (what + ": " + kill.problem.c_str()).constData());
            QVERIFY2(kill.integrity == "ok", (what + ": " + kill.integrity.c_str()).constData());
            if (kill.stalled) {
                // The run was asleep waiting for the network: nothing it had read may be
                // uncommitted, and it may not hold the write lock.
                QVERIFY2(kill.answered > 0, what.constData());
                QVERIFY2(kill.uncached == 0,
                         (what + ": " + QByteArray::number(qlonglong(kill.uncached)) + " of " +
                          QByteArray::number(qlonglong(kill.answered)) +
                          " answered replies were not in the cache")
                             .constData());
                QVERIFY2(kill.write_lock_free, (what + ": the write lock was held").constData());
                QCOMPARE(kill.repaid, 0);
            } else {
                for (const double age : kill.repaid_age_ms)
                    QVERIFY2(age <= kRandomKillMarginMs,
                             (what + ": a reply that arrived " + QByteArray::number(age) +
                              " ms before the kill was paid again")
                                 .constData());
            }
        }
        QVERIFY2(report.final_exit_code == 0, report.final_output.c_str());
        QCOMPARE(report.final_status, std::string("finished"));
        QCOMPARE(report.final_items, plan.inputs);
    }
};

QTEST_GUILESS_MAIN(TestKill)
#include "test_kill.moc"
