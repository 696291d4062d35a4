// bench_executor: the engine's generate stage against a bare curl-multi loop, both sending
// 2,000 chat requests to the same local fake server at concurrency 32. The ratio is what
// matters (the machines are shared and noisy); the engine also stores every call and item.
// Three rounds alternate bare and engine (each engine round on a fresh project and store, so
// nothing is served from the cache or reused); the best round of each counts. The CPU time of
// the calling thread (the engine's only thread) shows the client's own cost, which the load of
// other processes does not inflate.
//
//   bench_executor [--calls N]
#include <curl/curl.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "cascade/engine/engine.h"
#include "cascade/store/runreader.h"
#include "support/fakehttpserver.h"
#include "support/fakeopenai.h"
#include "support/testproject.h"

using namespace cascade;
using namespace cascade::testing;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kConcurrency = 32;
constexpr int kRounds = 3;

double thread_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// Wall and calling-thread CPU seconds of one round.
struct Timing {
    double wall = 0.0;
    double cpu = 0.0;
};

std::size_t discard(char*, std::size_t size, std::size_t count, void* sink) {
    static_cast<std::string*>(sink)->clear();
    return size * count;
}

// The baseline: the same number of POSTs, kept 32 in flight, nothing parsed or stored.
Timing bare_curl_multi(const std::string& url, int calls) {
    CURLM* multi = curl_multi_init();
    struct Transfer {
        CURL* easy = nullptr;
        std::string body, sink;
        curl_slist* headers = nullptr;
    };
    std::vector<Transfer> transfers(kConcurrency);
    int sent = 0, done = 0;
    const auto start_one = [&](Transfer& t) {
        t.body =
            Json{{"model", "m"},
                 {"messages", {{{"role", "user"}, {"content", "bare " + std::to_string(sent)}}}}}
                .dump();
        curl_easy_reset(t.easy);
        curl_easy_setopt(t.easy, CURLOPT_URL, url.c_str());
        curl_easy_setopt(t.easy, CURLOPT_POSTFIELDS, t.body.c_str());
        curl_easy_setopt(t.easy, CURLOPT_HTTPHEADER, t.headers);
        curl_easy_setopt(t.easy, CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(t.easy, CURLOPT_WRITEDATA, &t.sink);
        curl_easy_setopt(t.easy, CURLOPT_PRIVATE, &t);
        curl_multi_add_handle(multi, t.easy);
        ++sent;
    };
    const auto begin = Clock::now();
    const double cpu = thread_cpu_seconds();
    for (auto& t : transfers) {
        t.easy = curl_easy_init();
        t.headers = curl_slist_append(nullptr, "Content-Type: application/json");
        start_one(t);
    }
    while (done < calls) {
        int running = 0;
        curl_multi_perform(multi, &running);
        int queued = 0;
        while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
            if (message->msg != CURLMSG_DONE) continue;
            Transfer* t = nullptr;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &t);
            curl_multi_remove_handle(multi, message->easy_handle);
            ++done;
            if (sent < calls) start_one(*t);
        }
        curl_multi_poll(multi, nullptr, 0, 100, nullptr);
    }
    const Timing timing{std::chrono::duration<double>(Clock::now() - begin).count(),
                        thread_cpu_seconds() - cpu};
    for (auto& t : transfers) {
        curl_easy_cleanup(t.easy);
        curl_slist_free_all(t.headers);
    }
    curl_multi_cleanup(multi);
    return timing;
}

// Times the stage itself, apart from the run's set-up (inputs, fingerprints, store).
class StageClock : public EventSink {
public:
    Clock::time_point started, finished;
    double cpu_started = 0.0, cpu_finished = 0.0;
    void stage_started(const StageEvent&) override {
        started = Clock::now();
        cpu_started = thread_cpu_seconds();
    }
    void stage_finished(const StageEvent&) override {
        finished = Clock::now();
        cpu_finished = thread_cpu_seconds();
    }
};

long peak_rss_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

// One engine run of `calls` generate calls on a fresh project and store.
struct EngineRound {
    Timing run, stage;
    std::size_t stored_calls = 0;
    long long stored_items = 0;
};

EngineRound engine_round(const std::filesystem::path& dir, const std::string& base_url, int calls) {
    std::filesystem::remove_all(dir);
    auto document = write_two_stage_project(dir, base_url, calls);
    document["stages"].erase(1);  // one generate stage: one call per input
    document["models"]["writer"]["max_concurrency"] = kConcurrency;
    write_project(dir, document);

    Engine engine;
    auto opened = engine.open(dir);
    if (!opened.project) {
        std::fprintf(stderr, "%s\n", opened.diagnostics.format_errors().c_str());
        std::exit(1);
    }
    RunContext context;
    StageClock sink;
    EngineRound round;
    const auto begin = Clock::now();
    const double cpu = thread_cpu_seconds();
    const auto run_id = engine.run(*opened.project, {}, context, sink);
    round.run = {std::chrono::duration<double>(Clock::now() - begin).count(),
                 thread_cpu_seconds() - cpu};
    round.stage = {std::chrono::duration<double>(sink.finished - sink.started).count(),
                   sink.cpu_finished - sink.cpu_started};

    RunReader reader(opened.project->store_path().string());
    round.stored_calls = reader.calls(run_id, "ideas").size();
    round.stored_items = reader.count_items(run_id, "ideas");
    std::filesystem::remove_all(dir);
    return round;
}

Timing best(const Timing& a, const Timing& b) {
    return {std::min(a.wall, b.wall), std::min(a.cpu, b.cpu)};
}

}  // namespace

int main(int argc, char** argv) {
    int calls = 2000;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--calls") == 0) calls = std::stoi(argv[i + 1]);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    FakeHttpServer server([](const FakeRequest& request) {
        return FakeReply::json(openai_chat_reply("{\"ideas\":[{\"point\":\"fast\"}]}", 40, 12));
    });
    server.set_recording(false);
    const auto dir = std::filesystem::temp_directory_path() / "cascade-bench-executor";

    std::printf(
        "bench_executor: %d calls at concurrency %d against a local fake server, best of %d\n",
        calls, kConcurrency, kRounds);
    const Timing none{1e300, 1e300};
    Timing bare = none, engine = none, stage = none;
    for (int round = 0; round < kRounds; ++round) {
        const Timing b = bare_curl_multi(server.base_url() + "/chat/completions", calls);
        const EngineRound e = engine_round(dir, server.base_url(), calls);
        std::printf(
            "  round %d: bare %6.0f calls/s, engine %6.0f calls/s (ratio %.2f); stored %zu "
            "calls, %lld items\n",
            round + 1, calls / b.wall, calls / e.run.wall, b.wall / e.run.wall, e.stored_calls,
            e.stored_items);
        if (e.stored_calls != static_cast<std::size_t>(calls) || e.stored_items != calls) {
            std::fprintf(stderr, "the engine did not store every call and item\n");
            return 1;
        }
        bare = best(bare, b);
        engine = best(engine, e.run);
        stage = best(stage, e.stage);
    }
    const auto us_per_call = [&](double seconds) { return seconds * 1e6 / calls; };
    std::printf("  bare curl-multi loop : %8.0f calls/s (%.2f s wall, %4.0f us CPU per call)\n",
                calls / bare.wall, bare.wall, us_per_call(bare.cpu));
    std::printf("  engine (generate)    : %8.0f calls/s (%.2f s wall, %4.0f us CPU per call)\n",
                calls / engine.wall, engine.wall, us_per_call(engine.cpu));
    std::printf(
        "  engine, stage only   : %8.0f calls/s (%.2f s wall, %4.0f us CPU per call; the "
        "rest is run set-up)\n",
        calls / stage.wall, stage.wall, us_per_call(stage.cpu));
    std::printf("  ratio engine/bare    : %8.2f  (target >= 0.70)\n", bare.wall / engine.wall);
    std::printf("  ratio stage/bare     : %8.2f\n", bare.wall / stage.wall);
    std::printf("  peak RSS             : %8ld MiB\n", peak_rss_mib());
    curl_global_cleanup();
    return 0;
}
