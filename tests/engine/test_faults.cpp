// Fault injection: a run of 1,000 calls against a fake server that answers a fifth of its
// requests with a fault (429 with Retry-After, 500, a time-out, a dropped or reset connection, a
// malformed 200 body). Every item still arrives, no call takes more than 5 attempts (the few
// that always fail become error items after exactly 5), and every retry after a 429 waits at
// least as long as the server asked.
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <mutex>
#include <random>
#include <set>

#include "cascade/engine/engine.h"
#include "cascade/store/runreader.h"
#include "support/fakehttpserver.h"
#include "support/fakeopenai.h"
#include "support/testproject.h"

using namespace cascade;
using namespace cascade::testing;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kCalls = 1000;
constexpr int kMaxAttempts = 5;  // max_retries 4, the default

enum class Fault {
    RateLimitedSeconds,  // 429, Retry-After: 1
    RateLimitedMs,       // 429, retry-after-ms: 300 (OpenAI's form)
    ServerError,         // 500
    TimeOut,             // no answer until the client gives up
    Dropped,             // connection closed without an answer
    Reset,               // connection reset
    TruncatedJson,       // 200 with half a chat.completion
    HtmlPage,            // 200 with a proxy's HTML page
    NoChoices,           // 200 with JSON that has no choices
    EmptyBody,           // 200 with nothing
};
constexpr int kFaultKinds = 10;

// Which attempts of which input fail, and how. Most inputs meet at most 3 faults, so their 4th
// attempt succeeds with one to spare; kPersistent inputs fail every time (a 500 or a malformed
// body) and must give up after exactly 5 attempts. About one request in five is a fault.
constexpr int kPersistent = 10;

std::vector<std::vector<Fault>> plan_faults(unsigned seed) {
    std::mt19937 random(seed);
    std::discrete_distribution<int> count({86, 9, 3, 2});
    std::uniform_int_distribution<int> kind(0, kFaultKinds - 1);
    const std::vector<Fault> persistent = {Fault::ServerError, Fault::TruncatedJson,
                                           Fault::HtmlPage, Fault::NoChoices, Fault::EmptyBody};
    std::vector<std::vector<Fault>> plan(kCalls + 1);
    for (int input = 1; input <= kCalls; ++input) {
        if (input % (kCalls / kPersistent) == 0) {
            for (int n = 0; n < 2 * kMaxAttempts; ++n)
                plan[input].push_back(persistent[random() % persistent.size()]);
            continue;
        }
        for (int n = count(random); n > 0; --n)
            plan[input].push_back(static_cast<Fault>(kind(random)));
    }
    return plan;
}

int input_of(const FakeRequest& request) {
    const auto prompt = request.json->at("messages")[0]["content"].get<std::string>();
    return std::stoi(prompt.substr(prompt.find("Product ") + 8));
}

FakeReply faulty(Fault fault) {
    FakeReply reply;
    switch (fault) {
        case Fault::RateLimitedSeconds:
            reply = FakeReply::json(openai_error("slow down", "rate_limit_error"), 429);
            reply.headers.emplace_back("Retry-After", "1");
            break;
        case Fault::RateLimitedMs:
            reply = FakeReply::json(openai_error("slow down", "rate_limit_error"), 429);
            reply.headers.emplace_back("retry-after-ms", "300");
            break;
        case Fault::ServerError:
            reply = FakeReply::json(openai_error("boom", "server_error"), 500);
            break;
        case Fault::TimeOut:
            reply.hang = true;
            break;
        case Fault::Dropped:
            reply.drop = true;
            break;
        case Fault::Reset:
            reply.reset = true;
            break;
        case Fault::TruncatedJson:
            reply.body = openai_chat_reply("cut", 1, 1).dump().substr(0, 40);
            break;
        case Fault::HtmlPage:
            reply = FakeReply::text(200, "<html><body>502 Bad Gateway</body></html>");
            reply.content_type = "text/html";
            break;
        case Fault::NoChoices:
            reply = FakeReply::json({{"object", "chat.completion"}});
            break;
        case Fault::EmptyBody:
            reply.body.clear();
            break;
    }
    return reply;
}

double asked_wait_s(Fault fault) {
    return fault == Fault::RateLimitedSeconds ? 1.0 : fault == Fault::RateLimitedMs ? 0.3 : 0.0;
}

struct SentFault {
    Fault fault;
    Clock::time_point at;
};

class FaultyProvider {
public:
    explicit FaultyProvider(std::vector<std::vector<Fault>> plan) : plan_(std::move(plan)) {}

    FakeReply answer(const FakeRequest& request) {
        const int input = input_of(request);
        const auto prompt = request.json->at("messages")[0]["content"].get<std::string>();
        std::lock_guard lock(mutex_);
        const auto attempt = faults_sent_[input].size();
        if (attempt < plan_[input].size()) {
            const Fault fault = plan_[input][attempt];
            faults_sent_[input].push_back({fault, Clock::now()});
            return faulty(fault);
        }
        return FakeReply::json(openai_chat_reply("Tagline: " + prompt, 12, 6));
    }

    std::map<int, std::vector<SentFault>> faults_sent() {
        std::lock_guard lock(mutex_);
        return faults_sent_;
    }

private:
    std::vector<std::vector<Fault>> plan_;
    std::mutex mutex_;
    std::map<int, std::vector<SentFault>> faults_sent_;
};

}  // namespace

class TestFaults : public QObject {
    Q_OBJECT

private slots:
    void everyItemArrivesThroughAFifthOfFaults() {
        const auto plan = plan_faults(7);
        FaultyProvider provider(plan);
        FakeHttpServer server([&](const FakeRequest& request) { return provider.answer(request); });
        QTemporaryDir dir;
        const std::filesystem::path project = dir.path().toStdString();
        auto document = write_two_stage_project(project, server.base_url(), kCalls);
        document["stages"].erase(1);
        document["stages"][0] = {{"id", "tagline"},
                                 {"kind", "generate"},
                                 {"model", "writer"},
                                 {"prompt", "prompts/tagline.md"}};
        document["models"]["writer"]["max_concurrency"] = 16;
        document["models"]["writer"]["timeout_s"] = 1.0;
        document["models"]["writer"].erase("max_retries");  // the default: 5 attempts
        write_project(project, document);
        write_file(project / "prompts/tagline.md", "Write a tagline for {{name}}.\n");

        Engine engine;
        auto opened = engine.open(project);
        QVERIFY2(opened.project, opened.diagnostics.format_errors().c_str());
        RunContext context;
        EventSink sink;
        const auto run_id = engine.run(*opened.project, {}, context, sink);

        RunReader reader(opened.project->store_path().string());
        QCOMPARE(reader.run(run_id)->status, std::string("finished"));
        // 0 items lost: every input has its item; all but the persistent failures are kept.
        QCOMPARE(reader.count_items(run_id, "tagline"), std::int64_t(kCalls));
        for (const auto& item : reader.items(run_id, "tagline", {ItemStatus::Error, ""})) {
            const int input = std::stoi(item.key.substr(1));
            QVERIFY2(plan[input].size() > std::size_t(kMaxAttempts),
                     (item.key + ": " + item.reason).c_str());
            QVERIFY2(item.reason.find("after 5 attempts") != std::string::npos,
                     item.reason.c_str());
        }
        QCOMPARE(reader.count_items(run_id, "tagline", {ItemStatus::Kept, ""}),
                 std::int64_t(kCalls - kPersistent));

        // Each call stopped at its first success, or after 5 attempts: as the server counted
        // them, and as the store did. (A server that drops a kept-alive connection may also see
        // libcurl's own one-off reconnect, which is no attempt of ours; it answered nothing.)
        std::map<int, std::size_t> requests_per_input;
        for (const auto& request : server.requests()) ++requests_per_input[input_of(request)];
        QCOMPARE(requests_per_input.size(), std::size_t(kCalls));
        for (const auto& [input, count] : requests_per_input) {
            const auto expected = std::min(plan[input].size() + 1, std::size_t(kMaxAttempts));
            QVERIFY2(count == expected, (std::to_string(input) + ": " + std::to_string(count) +
                                         " requests, expected " + std::to_string(expected))
                                            .c_str());
        }
        for (const auto& call : reader.calls(run_id, "tagline")) {
            const int input = std::stoi(call.item_key.substr(1));
            QVERIFY(call.attempts <= kMaxAttempts);
            QVERIFY(std::size_t(call.attempts) <= requests_per_input[input]);
            QCOMPARE(call.ok, plan[input].size() < std::size_t(kMaxAttempts));
        }

        // A fifth of the requests were faults, of every kind.
        const auto sent = provider.faults_sent();
        std::size_t faults = 0;
        std::set<Fault> kinds;
        for (const auto& [input, list] : sent) {
            faults += list.size();
            for (const auto& fault : list) kinds.insert(fault.fault);
        }
        const double share = double(faults) / double(server.request_count());
        qInfo("%zu requests, %zu faults (%.1f%%)", server.request_count(), faults, 100 * share);
        QVERIFY(share >= 0.18);
        QCOMPARE(int(kinds.size()), kFaultKinds);

        // Retry-After honoured: the next attempt of a rate-limited call came no sooner than asked.
        std::map<int, std::vector<Clock::time_point>> arrivals;
        for (const auto& request : server.requests())
            arrivals[input_of(request)].push_back(request.received_at);
        int rate_limited = 0;
        for (const auto& [input, list] : sent) {
            for (std::size_t attempt = 0; attempt < list.size(); ++attempt) {
                const double asked = asked_wait_s(list[attempt].fault);
                if (asked == 0.0) continue;
                ++rate_limited;
                if (attempt + 1 >= arrivals[input].size()) continue;  // the 5th: no retry
                const auto next = arrivals[input][attempt + 1];
                const double waited =
                    std::chrono::duration<double>(next - list[attempt].at).count();
                QVERIFY2(waited >= asked,
                         (std::to_string(input) + ": waited " + std::to_string(waited) +
                          " s, asked " + std::to_string(asked) + " s")
                             .c_str());
            }
        }
        QVERIFY(rate_limited > 0);
    }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "test_faults.moc"
