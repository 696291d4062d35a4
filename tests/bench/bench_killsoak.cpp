// bench_killsoak: 20 times, start a real `cascade run` of a fresh 1,000-call project, kill -9 it
// at a random moment while the fake server also stalls at random (every reply held for 3 s),
// then let a second run finish. Prints, per kill, the replies that had arrived and those paid
// for again, split by how long before the kill they arrived (the target: none older than
// 200 ms), and how often the run held the store's write lock while the server stalled.
//
//   bench_killsoak [--kills N] [--calls N] [--seed N] [--cascade PATH]
//
// --cascade points it at another build's binary (e.g. the base commit's) to compare.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "support/killharness.h"

using namespace cascade::testing;

namespace {

constexpr double kWindowMs = 200.0;

}  // namespace

int main(int argc, char** argv) {
    int kills = 20;
    unsigned seed = 1;
    KillPlan plan;
    plan.cascade = std::string(CASCADE_BINARY_DIR) + "/app/cascade";
    plan.inputs = 1000;
    plan.concurrency = 8;
    plan.stalled_kills = 0;
    plan.random_kills = 1;
    plan.min_calls = 20;
    plan.max_calls = 600;
    plan.max_kill_delay_ms = 1500;
    plan.stall_chance = 0.01;
    plan.stall_ms = 3000;
    plan.probe_lock = true;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--kills") == 0)
            kills = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--calls") == 0)
            plan.inputs = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--seed") == 0)
            seed = static_cast<unsigned>(std::strtoul(argv[i + 1], nullptr, 10));
        else if (std::strcmp(argv[i], "--cascade") == 0)
            plan.cascade = argv[i + 1];
    }
    plan.dir = std::filesystem::temp_directory_path() / "cascade-bench-killsoak";

    std::printf("bench_killsoak: %d kills, each of a fresh %d-call run (%s), seeds %u..%u\n",
                kills, plan.inputs, plan.cascade.c_str(), seed, seed + kills - 1);
    long long arrived = 0, repaid = 0, repaid_old = 0, broken = 0, unfinished = 0;
    long long probes = 0, probes_held = 0;
    double oldest = 0.0;
    for (int k = 0; k < kills; ++k) {
        plan.seed = seed + static_cast<unsigned>(k);
        const KillReport report = run_kill_plan(plan);
        const KillRecord& kill = report.kills.front();
        long long old = 0;
        double worst = 0.0;
        for (const double age : kill.repaid_age_ms) {
            if (age > kWindowMs) ++old;
            worst = std::max(worst, age);
        }
        std::printf("  kill %2d: %4lld replies arrived, %3lld paid again (%lld arrived > %.0f ms "
                    "before the kill; oldest %.0f ms); lock held in %lld of %lld stall probes%s%s\n",
                    k + 1, static_cast<long long>(kill.arrived),
                    static_cast<long long>(kill.repaid), old, kWindowMs, worst,
                    static_cast<long long>(report.lock_probes_held),
                    static_cast<long long>(report.lock_probes),
                    kill.problem.empty() ? "" : "; ", kill.problem.c_str());
        arrived += kill.arrived;
        repaid += kill.repaid;
        repaid_old += old;
        oldest = std::max(oldest, worst);
        probes += report.lock_probes;
        probes_held += report.lock_probes_held;
        if (kill.integrity != "ok") {
            ++broken;
            std::printf("    integrity_check: %s\n", kill.integrity.c_str());
        }
        if (report.final_exit_code != 0 || report.final_items != plan.inputs) {
            ++unfinished;
            std::printf("    the run after the kill: exit %d, %s, %lld items\n",
                        report.final_exit_code, report.final_status.c_str(),
                        static_cast<long long>(report.final_items));
        }
    }
    std::printf("  total : %lld replies arrived before a kill, %lld paid again, %lld of them "
                "arrived more than %.0f ms before the kill (oldest %.0f ms)\n",
                arrived, repaid, repaid_old, kWindowMs, oldest);
    std::printf("  store : integrity_check ok after %lld of %d kills; %lld re-runs unfinished\n",
                kills - broken, kills, unfinished);
    std::printf("  lock  : write lock held in %lld of %lld probes taken while the server stalled\n",
                probes_held, probes);
    std::filesystem::remove_all(plan.dir);
    return repaid_old == 0 && broken == 0 && unfinished == 0 ? 0 : 1;
}
