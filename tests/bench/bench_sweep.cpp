// bench_sweep: ThresholdSweep over 100,000 scored items of a dedup and of a judge gate: the time
// to recompute keep/filter at one threshold and for a 100-point sweep (targets: < 20 ms and
// < 500 ms), with 1,000 review labels. The baseline is the naive loop that re-parses every
// item's stored scores JSON at each point, in the same process. Not a test: figures only.
//
//   bench_sweep [--items N]
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "cascade/compare/thresholdsweep.h"
#include "cascade/engine/engine.h"
#include "cascade/store/labelstore.h"

using namespace cascade;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// CPU time, which other processes on a shared machine do not inflate as they do wall time.
double cpu_ms(clockid_t clock) {
    timespec t{};
    clock_gettime(clock, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// Items as a gate stores them: ten per input, dedup neighbours among the earlier siblings.
std::vector<Item> make_items(const std::string& kind, std::size_t count, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> similarity(0.5, 1.0);
    std::uniform_real_distribution<double> score(1.0, 5.0);
    std::vector<Item> items(count);
    for (std::size_t i = 0; i < count; ++i) {
        Item& item = items[i];
        item.stage = kind;
        item.input_id = "u" + std::to_string(i / 10);
        item.key = item.input_id + "/themes/" + std::to_string(i % 10);
        item.data = {{"title", "Theme " + item.key}};
        if (kind == "judge") {
            const double s = score(rng);
            item.scores = {{"score", s}, {"dimensions", Json::object()}};
            item.status = s >= 3 ? ItemStatus::Kept : ItemStatus::Filtered;
            continue;
        }
        Json neighbors = Json::array();
        const std::size_t first = i - i % 10;
        for (std::size_t j = i > first + 3 ? i - 3 : first; j < i; ++j)
            neighbors.push_back({{"key", items[j].key}, {"similarity", similarity(rng)}});
        double top = 0;
        for (const auto& n : neighbors) top = std::max(top, n["similarity"].get<double>());
        item.scores = {{"similarity", top}, {"neighbors", neighbors}};
    }
    return items;
}

void bench(const Engine& engine, const std::string& kind, std::size_t count) {
    std::mt19937_64 rng(42);
    auto items = make_items(kind, count, rng);
    const StageKind& stage_kind = *engine.registry().find(kind);
    StageConfig config;
    config.id = kind;
    config.kind = kind;
    config.spec = {{"id", kind}, {"kind", kind}};
    const std::string param = stage_kind.thresholds.front().param;
    const double value = kind == "judge" ? 3.0 : 0.9;
    // Stored decisions at the run's value, and labels on every 100th item.
    const auto stored = stage_kind.recompute_kept(config, items, param, value);
    std::vector<Label> labels;
    for (std::size_t i = 0; i < count; ++i) {
        items[i].status = stored[i] ? ItemStatus::Kept : ItemStatus::Filtered;
        if (i % 100 == 0)
            labels.push_back({kind, LabelStore::content_hash(items[i].data),
                              LabelStore::truth_for_verdict(items[i].status, i % 300 != 0), "",
                              items[i].key, std::nullopt, ""});
    }
    std::vector<std::string> stored_scores;
    for (const auto& item : items) stored_scores.push_back(item.scores.dump());

    auto start = Clock::now();
    const ThresholdSweep sweep(stage_kind, config, items, labels);
    const double load_ms = ms_since(start);
    const auto& spec = sweep.spec();
    double one_ms = 1e300, one_cpu = 1e300;
    for (int repeat = 0; repeat < 5; ++repeat) {  // best of 5: the figure without noise
        start = Clock::now();
        const double cpu = cpu_ms(CLOCK_THREAD_CPUTIME_ID);
        const auto point = sweep.at({}, value);
        one_ms = std::min(one_ms, ms_since(start));
        one_cpu = std::min(one_cpu, cpu_ms(CLOCK_THREAD_CPUTIME_ID) - cpu);
        if (point.kept + point.filtered != static_cast<std::int64_t>(count)) std::abort();
    }
    const double step = (spec.max - spec.min) / 99.0;
    start = Clock::now();
    const double cpu = cpu_ms(CLOCK_PROCESS_CPUTIME_ID);
    const auto points = sweep.sweep({}, spec.min, spec.max + step / 2, step);
    const double sweep_ms = ms_since(start);
    const double sweep_cpu = cpu_ms(CLOCK_PROCESS_CPUTIME_ID) - cpu;

    // Baseline: what a sweep without parsed items costs, re-parsing the stored scores per point.
    const int naive_points = 3;
    start = Clock::now();
    for (int p = 0; p < naive_points; ++p) {
        std::vector<Item> parsed = items;
        for (std::size_t i = 0; i < count; ++i) parsed[i].scores = Json::parse(stored_scores[i]);
        stage_kind.recompute_kept(config, parsed, param, spec.min + p * step);
    }
    const double naive_point_ms = ms_since(start) / naive_points;

    std::printf("%-6s %zu items, %zu labels: prepare %.1f ms\n", kind.c_str(), count, labels.size(),
                load_ms);
    std::printf(
        "  one threshold   %8.2f ms wall %8.2f ms CPU (target < 20 ms);  naive re-parse %8.1f ms"
        " wall, x%.0f\n",
        one_ms, one_cpu, naive_point_ms, naive_point_ms / one_ms);
    std::printf(
        "  %zu-point sweep %8.1f ms wall %8.1f ms CPU on %u threads (target < 500 ms);  "
        "naive %8.0f ms, x%.0f\n",
        points.size(), sweep_ms, sweep_cpu, std::max(1u, std::thread::hardware_concurrency()),
        naive_point_ms * points.size(), naive_point_ms * points.size() / sweep_ms);
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t count = 100000;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--items") == 0) count = std::stoul(argv[i + 1]);
    Engine engine;
    for (const char* kind : {"judge", "dedup"}) bench(engine, kind, count);
    return 0;
}
