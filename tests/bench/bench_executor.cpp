// bench_executor: the engine's generate stage against a bare curl-multi loop, both sending
// 2,000 chat requests to the same local fake server at concurrency 32. The ratio is what
// matters (the machines are shared and noisy); the engine also stores every call and item.
#include <curl/curl.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
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

constexpr int kCalls = 2000;
constexpr int kConcurrency = 32;

std::size_t discard(char*, std::size_t size, std::size_t count, void* sink) {
    static_cast<std::string*>(sink)->clear();
    return size * count;
}

// The baseline: the same number of POSTs, kept 32 in flight, nothing parsed or stored.
double bare_curl_multi(const std::string& url) {
    CURLM* multi = curl_multi_init();
    struct Transfer {
        CURL* easy = nullptr;
        std::string body, sink;
        curl_slist* headers = nullptr;
    };
    std::vector<Transfer> transfers(kConcurrency);
    int sent = 0, done = 0;
    const auto start_one = [&](Transfer& t) {
        t.body = Json{{"model", "m"},
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
    for (auto& t : transfers) {
        t.easy = curl_easy_init();
        t.headers = curl_slist_append(nullptr, "Content-Type: application/json");
        start_one(t);
    }
    while (done < kCalls) {
        int running = 0;
        curl_multi_perform(multi, &running);
        int queued = 0;
        while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
            if (message->msg != CURLMSG_DONE) continue;
            Transfer* t = nullptr;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &t);
            curl_multi_remove_handle(multi, message->easy_handle);
            ++done;
            if (sent < kCalls) start_one(*t);
        }
        curl_multi_poll(multi, nullptr, 0, 100, nullptr);
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
    for (auto& t : transfers) {
        curl_easy_cleanup(t.easy);
        curl_slist_free_all(t.headers);
    }
    curl_multi_cleanup(multi);
    return seconds;
}

// Times the stage itself, apart from the run's set-up (inputs, fingerprints, store).
class StageClock : public EventSink {
public:
    Clock::time_point started, finished;
    void stage_started(const StageEvent&) override { started = Clock::now(); }
    void stage_finished(const StageEvent&) override { finished = Clock::now(); }
};

long peak_rss_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

}  // namespace

int main() {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    FakeHttpServer server([](const FakeRequest& request) {
        return FakeReply::json(openai_chat_reply("{\"ideas\":[{\"point\":\"fast\"}]}", 40, 12));
    });
    server.set_recording(false);

    const auto dir = std::filesystem::temp_directory_path() / "cascade-bench-executor";
    std::filesystem::remove_all(dir);
    auto document = write_two_stage_project(dir, server.base_url(), kCalls);
    document["stages"].erase(1);  // one generate stage: 2,000 calls
    document["models"]["writer"]["max_concurrency"] = kConcurrency;
    write_project(dir, document);

    const double bare_seconds = bare_curl_multi(server.base_url() + "/chat/completions");

    Engine engine;
    auto opened = engine.open(dir);
    if (!opened.project) {
        std::fprintf(stderr, "%s\n", opened.diagnostics.format_errors().c_str());
        return 1;
    }
    RunContext context;
    StageClock sink;
    const auto begin = Clock::now();
    const auto run_id = engine.run(*opened.project, {}, context, sink);
    const double engine_seconds = std::chrono::duration<double>(Clock::now() - begin).count();

    RunReader reader(opened.project->store_path().string());
    const auto stored_calls = reader.calls(run_id, "ideas").size();
    const auto stored_items = reader.count_items(run_id, "ideas");

    const double bare_rate = kCalls / bare_seconds;
    const double engine_rate = kCalls / engine_seconds;
    std::printf("bench_executor: %d calls at concurrency %d against a local fake server\n", kCalls,
                kConcurrency);
    std::printf("  bare curl-multi loop : %8.0f calls/s (%.2f s)\n", bare_rate, bare_seconds);
    std::printf("  engine (generate)    : %8.0f calls/s (%.2f s), stored %zu calls, %lld items\n",
                engine_rate, engine_seconds, stored_calls, static_cast<long long>(stored_items));
    const double stage_seconds = std::chrono::duration<double>(sink.finished - sink.started).count();
    std::printf("  engine, stage only   : %8.0f calls/s (%.2f s; the rest is run set-up)\n",
                kCalls / stage_seconds, stage_seconds);
    std::printf("  ratio engine/bare    : %8.2f  (target >= 0.70)\n", engine_rate / bare_rate);
    std::printf("  ratio stage/bare     : %8.2f\n", (kCalls / stage_seconds) / bare_rate);
    std::printf("  peak RSS             : %8ld MiB\n", peak_rss_mib());
    std::filesystem::remove_all(dir);
    curl_global_cleanup();
    return 0;
}
