// bench_killsoak: kill -9 a real `cascade run` of a 1,000-call project 20 times at random
// moments, while the fake server also stalls at random (every reply held for 3 s), then let a
// last run finish. Prints, per kill, the replies that had arrived and those paid for again,
// split by how long before the kill they arrived (the target: none older than 200 ms), and how
// often the run held the store's write lock while the server stalled.
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
    KillPlan plan;
    plan.cascade = std::string(CASCADE_BINARY_DIR) + "/app/cascade";
    plan.inputs = 1000;
    plan.concurrency = 8;
    plan.stalled_kills = 0;
    plan.random_kills = 20;
    plan.min_calls = 20;
    plan.max_calls = 300;
    plan.max_kill_delay_ms = 1500;
    plan.stall_chance = 0.01;
    plan.stall_ms = 3000;
    plan.probe_lock = true;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--kills") == 0)
            plan.random_kills = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--calls") == 0)
            plan.inputs = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--seed") == 0)
            plan.seed = std::strtoul(argv[i + 1], nullptr, 10);
        else if (std::strcmp(argv[i], "--cascade") == 0)
            plan.cascade = argv[i + 1];
    }
    plan.dir = std::filesystem::temp_directory_path() / "cascade-bench-killsoak";

    std::printf("bench_killsoak: %d kills of a %d-call run (%s), seed %u\n", plan.random_kills,
                plan.inputs, plan.cascade.c_str(), plan.seed);
    const KillReport report = run_kill_plan(plan);
    long long arrived = 0, repaid = 0, repaid_old = 0, broken = 0;
    double oldest = 0.0;
    for (std::size_t k = 0; k < report.kills.size(); ++k) {
        const KillRecord& kill = report.kills[k];
        long long old = 0;
        for (const double age : kill.repaid_age_ms) {
            if (age > kWindowMs) ++old;
            oldest = std::max(oldest, age);
        }
        const double worst =
            kill.repaid_age_ms.empty()
                ? 0.0
                : *std::max_element(kill.repaid_age_ms.begin(), kill.repaid_age_ms.end());
        std::printf(
            "  kill %2zu: %4lld replies arrived, %3lld paid again (%lld arrived > %.0f ms "
            "before the kill; oldest %.0f ms)%s%s\n",
            k + 1, static_cast<long long>(kill.arrived), static_cast<long long>(kill.repaid), old,
            kWindowMs, worst, kill.integrity == "ok" ? "" : ", integrity: ",
            kill.integrity == "ok" ? "" : kill.integrity.c_str());
        arrived += kill.arrived;
        repaid += kill.repaid;
        repaid_old += old;
        if (kill.integrity != "ok") ++broken;
    }
    std::printf(
        "  total : %lld replies arrived before a kill, %lld paid again, %lld of them "
        "arrived more than %.0f ms before the kill (oldest %.0f ms)\n",
        arrived, repaid, repaid_old, kWindowMs, oldest);
    std::printf("  store : integrity_check ok after %zu of %zu kills\n",
                report.kills.size() - static_cast<std::size_t>(broken), report.kills.size());
    std::printf("  lock  : write lock held in %lld of %lld probes taken while the server stalled\n",
                static_cast<long long>(report.lock_probes_held),
                static_cast<long long>(report.lock_probes));
    std::printf("  last run: exit %d, %s, %lld of %d items\n", report.final_exit_code,
                report.final_status.c_str(), static_cast<long long>(report.final_items),
                plan.inputs);
    std::filesystem::remove_all(plan.dir);
    const bool ok = repaid_old == 0 && broken == 0 && report.final_exit_code == 0 &&
                    report.final_items == plan.inputs;
    return ok ? 0 : 1;
}
