// Two `cascade run` processes on one project at once. Both proceed: a run commits before it waits
// for the network, so it never holds the store's write lock while idle, and the other run's
// writes wait (busy timeout) only for short transactions.
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "cascade/store/database.h"
#include "cascade/store/runreader.h"
#include "cascade/store/statement.h"
#include "support/childprocess.h"
#include "support/fakehttpserver.h"
#include "support/fakeopenai.h"
#include "support/testproject.h"

using namespace cascade;
using namespace cascade::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kInputs = 120;
constexpr int kConcurrency = 4;

// One stage over kInputs products; variant "b" points it at a second model, so the server can
// tell the two runs apart.
void write_project_with_variant(const std::filesystem::path& dir, const std::string& base_url) {
    std::string rows;
    for (int i = 1; i <= kInputs; ++i)
        rows += Json{{"sku", "p" + std::to_string(i)}, {"name", "Product " + std::to_string(i)}}
                    .dump() +
                "\n";
    write_file(dir / "data/products.jsonl", rows);
    write_file(dir / "prompts/tagline.md", "Write a tagline for {{name}}.\n");
    Json model = {{"provider", "openai"},
                  {"base_url", base_url},
                  {"model", "model-a"},
                  {"price_per_mtok", {{"input", 1.0}, {"output", 2.0}}},
                  {"max_concurrency", kConcurrency}};
    Json other = model;
    other["model"] = "model-b";
    write_project(dir, {{"format", "cascade-project/1"},
                        {"name", "Two at once"},
                        {"inputs", {{"path", "data/products.jsonl"}, {"id", "sku"}}},
                        {"models", {{"a", model}, {"b", other}}},
                        {"stages", Json::array({{{"id", "tagline"},
                                                 {"kind", "generate"},
                                                 {"model", "a"},
                                                 {"prompt", "prompts/tagline.md"}}})},
                        {"variants", {{"b", {{"tagline", {{"model", "b"}}}}}}}});
}

FakeReply tagline(const FakeRequest& request) {
    const auto prompt = request.json->at("messages")[0]["content"].get<std::string>();
    FakeReply reply = FakeReply::json(openai_chat_reply("Tagline: " + prompt, 12, 6));
    reply.delay_ms = 3;
    return reply;
}

// Holds model-a's requests after the first few, until released.
class Gate {
public:
    FakeReply answer(const FakeRequest& request) {
        if (request.json->value("model", "") == "model-a") {
            std::unique_lock lock(mutex_);
            if (++calls_a_ > 5) {
                ++held_;
                open_.wait(lock, [this] { return released_; });
            }
        }
        return tagline(request);
    }
    int held() {
        std::lock_guard lock(mutex_);
        return held_;
    }
    void release() {
        std::lock_guard lock(mutex_);
        released_ = true;
        open_.notify_all();
    }

private:
    std::mutex mutex_;
    std::condition_variable open_;
    int calls_a_ = 0;
    int held_ = 0;
    bool released_ = false;
};

template <typename Predicate>
bool wait_for(Predicate done, std::chrono::seconds limit) {
    const auto give_up = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > give_up) return false;
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string integrity_of(const std::filesystem::path& store) {
    Database db(store.string());
    Statement check(db, "PRAGMA integrity_check");
    check.step();
    return check.text(0);
}

}  // namespace

class TestConcurrentRuns : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    const std::string cascade_ = std::string(CASCADE_BINARY_DIR) + "/app/cascade";

    // Both runs of the store finished with every item.
    void expectBothFinished(const std::filesystem::path& project) {
        RunReader reader((project / "runs.sqlite").string());
        const auto runs = reader.runs();
        QCOMPARE(runs.size(), std::size_t(2));
        for (const auto& run : runs) {
            QVERIFY2(run.status == "finished", (run.status + ": " + run.message).c_str());
            QCOMPARE(reader.count_items(run.id, "tagline"), std::int64_t(kInputs));
        }
        QCOMPARE(integrity_of(project / "runs.sqlite"), std::string("ok"));
    }

private slots:
    void secondRunProceedsWhileTheFirstWaitsOnTheNetwork() {
        Gate gate;
        FakeHttpServer server([&](const FakeRequest& request) { return gate.answer(request); });
        struct ReleaseFirst {
            Gate& gate;
            ~ReleaseFirst() { gate.release(); }  // before the server joins its threads
        } release_at_exit{gate};
        const std::filesystem::path project = dir_.path().toStdString() + "/waiting";
        write_project_with_variant(project, server.base_url());

        ChildProcess first(cascade_, {"run", project.string(), "--quiet"}, project / "first.log");
        QVERIFY2(wait_for([&] { return gate.held() >= kConcurrency || !first.running(); }, 120s),
                 "the first run never had its requests held");
        QVERIFY2(first.running(), read_text(project / "first.log").c_str());

        // The first run now waits on the network, mid-stage, with replies stored.
        ChildProcess second(cascade_, {"run", project.string(), "--variant", "b", "--quiet"},
                            project / "second.log");
        QVERIFY2(wait_for([&] { return !second.running(); }, 300s), "the second run hung");
        QVERIFY2(second.wait() == 0, read_text(project / "second.log").c_str());
        QVERIFY(first.running());

        gate.release();
        QVERIFY2(wait_for([&] { return !first.running(); }, 300s), "the first run hung");
        QVERIFY2(first.wait() == 0, read_text(project / "first.log").c_str());
        expectBothFinished(project);
    }

    void identicalRunsStartedTogetherBothFinish() {
        FakeHttpServer server(tagline);
        const std::filesystem::path project = dir_.path().toStdString() + "/together";
        write_project_with_variant(project, server.base_url());
        ChildProcess one(cascade_, {"run", project.string(), "--quiet"}, project / "one.log");
        ChildProcess two(cascade_, {"run", project.string(), "--quiet"}, project / "two.log");
        QVERIFY2(wait_for([&] { return !one.running() && !two.running(); }, 300s), "a run hung");
        QVERIFY2(one.wait() == 0, read_text(project / "one.log").c_str());
        QVERIFY2(two.wait() == 0, read_text(project / "two.log").c_str());
        expectBothFinished(project);
        // Both paid only for calls the other had not stored yet: never more than once each.
        std::map<std::string, int> sent;
        for (const auto& request : server.requests()) ++sent[canonical_dump(*request.json)];
        for (const auto& [body, count] : sent) QVERIFY2(count <= 2, body.c_str());
    }
};

QTEST_GUILESS_MAIN(TestConcurrentRuns)
#include "test_concurrentruns.moc"
