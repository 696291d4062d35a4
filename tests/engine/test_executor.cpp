// Integration: the real engine (loader, executor, generate stage, libcurl provider, SQLite
// store) against a fake OpenAI-compatible server on 127.0.0.1.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>
#include <sstream>

#include "cascade/core/error.h"
#include "cascade/engine/engine.h"
#include "cascade/store/runreader.h"
#include "cascade/store/runstore.h"
#include "cascade/store/statement.h"
#include "support/fakehttpserver.h"
#include "support/fakeopenai.h"
#include "support/testproject.h"

using namespace cascade;
using namespace cascade::testing;

namespace {

class RecordingSink : public EventSink {
public:
    std::vector<StageEvent> finished;
    std::vector<RunIssue> issues;
    std::function<void(const StageEvent&)> on_progress;
    void stage_progress(const StageEvent& e) override {
        if (on_progress) on_progress(e);
    }
    void stage_finished(const StageEvent& e) override { finished.push_back(e); }
    void issue(const RunIssue& i) override { issues.push_back(i); }
};

std::string last_user_message(const FakeRequest& request) {
    const Json& messages = request.json->at("messages");
    for (auto it = messages.rbegin(); it != messages.rend(); ++it)
        if ((*it)["role"] == "user") return (*it)["content"].get<std::string>();
    return {};
}

// Answers both stages deterministically; product names listed in `broken` get invalid JSON.
FakeReply answer(const FakeRequest& request, const std::set<std::string>& broken) {
    const std::string prompt = last_user_message(request);
    const std::string first = request.json->at("messages")[0]["content"].get<std::string>();
    if (first.rfind("List two selling points for ", 0) == 0) {
        const std::string name = first.substr(28, first.find('.') - 28);
        if (broken.count(name)) return FakeReply::json(openai_chat_reply("{not json", 20, 5));
        const Json reply = {{"ideas", {{{"point", "sturdy " + name}}, {{"point", "cheap " + name}}}}};
        return FakeReply::json(openai_chat_reply(reply.dump(), 20, 10));
    }
    return FakeReply::json(openai_chat_reply("Pitch: " + prompt.substr(0, 40), 30, 8));
}

std::string read_all(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

class TestExecutor : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::filesystem::path root() const { return dir_.path().toStdString(); }

    Project open(const std::filesystem::path& path, const std::string& variant = {}) {
        auto opened = engine_.open(path, variant);
        if (!opened.project) qFatal("%s", opened.diagnostics.format_errors().c_str());
        return std::move(*opened.project);
    }
    Engine engine_;

private slots:
    void runsAndRecordsProvenance() {
        FakeHttpServer server([](const FakeRequest& r) { return answer(r, {}); });
        const auto path = root() / "basic";
        write_two_stage_project(path, server.base_url(), 3);
        const Project project = open(path);
        RunContext context;
        RecordingSink sink;
        const auto run_id = engine_.run(project, {}, context, sink);

        RunReader reader(project.store_path().string());
        const auto run = reader.run(run_id);
        QCOMPARE(run->status, std::string("finished"));
        QCOMPARE(reader.count_items(run_id, "input"), 3);
        QCOMPARE(reader.count_items(run_id, "ideas"), 6);
        QCOMPARE(reader.count_items(run_id, "pitch"), 6);
        QCOMPARE(server.request_count(), std::size_t(9));

        const auto idea = reader.item(run_id, "ideas", "p2/ideas/1");
        QVERIFY(idea);
        QCOMPARE(idea->parent_key, std::string("p2"));
        QCOMPARE(idea->parent_stage, std::string("input"));
        QCOMPARE(idea->input_id, std::string("p2"));
        QCOMPARE(idea->data["point"].get<std::string>(), std::string("cheap Product 2"));
        const auto pitch = reader.item(run_id, "pitch", "p2/ideas/1/pitch");
        QVERIFY(pitch);
        QCOMPARE(pitch->parent_key, std::string("p2/ideas/1"));
        // The pitch prompt saw both the input row (input.name) and the idea (point).
        const auto call = reader.call(*pitch->call_id);
        const auto sent = call->request["messages"][0]["content"].get<std::string>();
        QCOMPARE(sent, std::string("Write a pitch for Product 2 about: cheap Product 2\n"));

        const auto stages = reader.stages(run_id);
        QCOMPARE(stages.size(), std::size_t(2));
        QCOMPARE(stages[0].counters.calls, 3);
        QCOMPARE(stages[0].counters.tokens_in, 60);
        QCOMPARE(stages[0].counters.tokens_out, 30);
        // $1 per Mtok in, $2 per Mtok out.
        QCOMPARE(stages[0].counters.cost, (60 * 1.0 + 30 * 2.0) / 1e6);
        QCOMPARE(stages[1].counters.calls, 6);
        QVERIFY(stages[1].counters.latency_p50_ms > 0);
    }

    void secondRunReusesEveryStage() {
        FakeHttpServer server([](const FakeRequest& r) { return answer(r, {}); });
        const auto path = root() / "reuse";
        auto document = write_two_stage_project(path, server.base_url(), 2);
        RunContext context;
        RecordingSink sink;
        const auto first = engine_.run(open(path), {}, context, sink);
        const auto requests = server.request_count();

        const auto second = engine_.run(open(path), {}, context, sink);
        QCOMPARE(server.request_count(), requests);
        RunReader reader((path / "runs.sqlite").string());
        for (const auto& stage : reader.stages(second)) {
            QVERIFY(stage.reused_from.has_value());
            QCOMPARE(*stage.reused_from, first);
        }
        QCOMPARE(reader.count_items(second, "pitch"), reader.count_items(first, "pitch"));

        // Editing the last stage's prompt re-executes only that stage, from the cache for none.
        write_file(path / "prompts/pitch.md", "Pitch {{input.name}} in five words: {{point}}\n");
        const auto third = engine_.run(open(path), {}, context, sink);
        const auto stages = reader.stages(third);
        QVERIFY(stages[0].reused_from.has_value());
        QVERIFY(!stages[1].reused_from.has_value());
        QCOMPARE(stages[1].counters.calls, 4);
        QCOMPARE(server.request_count(), requests + 4);

        // Without reuse every call is served by the response cache, its cost reported as saved.
        RunOptions no_reuse;
        no_reuse.reuse = false;
        const auto fourth = engine_.run(open(path), no_reuse, context, sink);
        QCOMPARE(server.request_count(), requests + 4);
        for (const auto& stage : reader.stages(fourth)) {
            QVERIFY(!stage.reused_from.has_value());
            QCOMPARE(stage.counters.cache_hits, stage.counters.calls);
            QCOMPARE(stage.counters.cost, 0.0);
            QVERIFY(stage.counters.saved_cost > 0.0);
        }
        Q_UNUSED(document);
    }

    void malformedReplyIsRepairedThenKeptAsError() {
        FakeHttpServer server([](const FakeRequest& r) { return answer(r, {"Product 2"}); });
        const auto path = root() / "malformed";
        write_two_stage_project(path, server.base_url(), 3);
        RunContext context;
        RecordingSink sink;
        const auto run_id = engine_.run(open(path), {}, context, sink);
        RunReader reader((path / "runs.sqlite").string());
        QCOMPARE(reader.run(run_id)->status, std::string("finished"));
        const auto failed = reader.item(run_id, "ideas", "p2/ideas");
        QVERIFY(failed);
        QCOMPARE(failed->status, ItemStatus::Error);
        QVERIFY(failed->reason.find("not valid JSON") != std::string::npos);
        QVERIFY(failed->reason.find("after 3 attempts") != std::string::npos);
        QCOMPARE(failed->data["raw_text"].get<std::string>(), std::string("{not json"));
        // The repair attempts fed the error back to the model.
        int repairs_seen = 0;
        for (const auto& request : server.requests())
            if (last_user_message(request).find("Your previous reply was rejected") !=
                std::string::npos)
                ++repairs_seen;
        QCOMPARE(repairs_seen, 2);
        // The run went on: the other inputs were exploded and pitched.
        QCOMPARE(reader.count_items(run_id, "ideas", {ItemStatus::Kept, ""}), 4);
        QCOMPARE(reader.count_items(run_id, "pitch"), 4);
        bool issue_reported = false;
        for (const auto& issue : sink.issues)
            issue_reported = issue_reported || (issue.item_key == "p2/ideas" && issue.stage == "ideas");
        QVERIFY(issue_reported);
    }

    void cancelKeepsFinishedItems() {
        FakeHttpServer server([](const FakeRequest& r) {
            FakeReply reply = answer(r, {});
            reply.delay_ms = 50;
            return reply;
        });
        const auto path = root() / "cancel";
        write_two_stage_project(path, server.base_url(), 12);
        RunContext context;
        RecordingSink sink;
        sink.on_progress = [&](const StageEvent& e) {
            if (e.stage == "ideas" && e.counters.done >= 5) context.cancel();
        };
        const auto run_id = engine_.run(open(path), {}, context, sink);
        RunReader reader((path / "runs.sqlite").string());
        QCOMPARE(reader.run(run_id)->status, std::string("cancelled"));
        const auto done = reader.count_items(run_id, "ideas");
        QVERIFY(done >= 10);  // at least the 5 finished inputs, two ideas each
        QVERIFY(done < 24);
        for (const auto& item : reader.items(run_id, "ideas")) QCOMPARE(item.status, ItemStatus::Kept);
        QCOMPARE(reader.stages(run_id)[0].status, std::string("cancelled"));
        QCOMPARE(reader.count_items(run_id, "pitch"), 0);
    }

    void offlineMissIsAnItemErrorNamingTheModel() {
        FakeHttpServer server([](const FakeRequest& r) { return answer(r, {}); });
        const auto path = root() / "offline";
        write_two_stage_project(path, server.base_url(), 2);
        RunOptions offline;
        offline.offline = true;
        RunContext context;
        RecordingSink sink;
        const auto run_id = engine_.run(open(path), offline, context, sink);
        QCOMPARE(server.request_count(), std::size_t(0));
        RunReader reader((path / "runs.sqlite").string());
        const auto items = reader.items(run_id, "ideas");
        QCOMPARE(items.size(), std::size_t(2));
        for (const auto& item : items) {
            QCOMPARE(item.status, ItemStatus::Error);
            QVERIFY2(item.reason.find("writer") != std::string::npos, item.reason.c_str());
        }
        bool named_stage = false;
        for (const auto& issue : sink.issues) named_stage = named_stage || issue.stage == "ideas";
        QVERIFY(named_stage);
    }

    void apiKeyNeverReachesTheStore() {
        const std::string secret = "sk-test-SECRET-4242-never-store-me";
        setenv("CASCADE_TEST_API_KEY", secret.c_str(), 1);
        std::string authorization_seen;
        std::mutex mutex;
        FakeHttpServer server([&](const FakeRequest& r) {
            std::lock_guard lock(mutex);
            authorization_seen = r.header("authorization");
            return answer(r, {"Product 1"});  // errors too, so error paths are covered
        });
        const auto path = root() / "secret";
        auto document = write_two_stage_project(path, server.base_url(), 2);
        document["models"]["writer"]["api_key_env"] = "CASCADE_TEST_API_KEY";
        write_project(path, document);
        RunContext context;
        RecordingSink sink;
        engine_.run(open(path), {}, context, sink);
        QCOMPARE(authorization_seen, "Bearer " + secret);
        for (const char* file : {"runs.sqlite", "runs.sqlite-wal"}) {
            const auto bytes = read_all(path / file);
            QVERIFY2(bytes.find(secret) == std::string::npos, file);
            QVERIFY2(bytes.find("SECRET-4242") == std::string::npos, file);
        }
        unsetenv("CASCADE_TEST_API_KEY");
    }

    void repliesAreCommittedBeforeTheRunWaitsOnTheNetwork() {
        // The server answers six requests, then holds every other one until released.
        std::mutex mutex;
        std::condition_variable opened;
        bool released = false;
        int calls = 0, held = 0;
        FakeHttpServer server([&](const FakeRequest& r) {
            std::unique_lock lock(mutex);
            if (++calls > 6) {
                ++held;
                opened.wait(lock, [&] { return released; });
            }
            return answer(r, {});
        });
        const auto release = [&] {
            std::lock_guard lock(mutex);
            released = true;
            opened.notify_all();
        };
        struct ReleaseAtExit {
            std::function<void()> release;
            ~ReleaseAtExit() { release(); }
        } release_at_exit{release};
        const auto path = root() / "waiting";
        auto document = write_two_stage_project(path, server.base_url(), 12);  // max_concurrency 4
        // No time-out while held: a failed call would store an error row and end the batch.
        document["models"]["writer"]["timeout_s"] = 600;
        write_project(path, document);
        const Project project = open(path);
        RunContext context;
        RecordingSink sink;
        std::thread run([&] { engine_.run(project, {}, context, sink); });
        const auto wait_until = [](auto done) {
            for (int waited = 0; waited < 30000; waited += 5) {
                if (done()) return true;
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            return false;
        };
        const bool all_held = wait_until([&] {
            std::lock_guard lock(mutex);
            return held == 4;
        });
        // While the run waits for the four held replies, the six it has are committed (a
        // reader sees them) and another connection can take the write lock at once.
        const auto store = (path / "runs.sqlite").string();
        const auto six_cached = [&] {
            Database reader(store, Database::Mode::ReadOnly);
            Statement count(reader, "SELECT count(*) FROM response_cache");
            return count.step() && count.int64(0) == 6;
        };
        const auto write_lock_free = [&] {
            Database writer(store);
            sqlite3_busy_timeout(writer.handle(), 0);
            if (sqlite3_exec(writer.handle(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) !=
                SQLITE_OK)
                return false;
            writer.exec("ROLLBACK");
            return true;
        };
        const bool committed = all_held && wait_until(six_cached);
        const bool lock_free = committed && wait_until(write_lock_free);
        release();
        run.join();
        QVERIFY(all_held);
        QVERIFY2(committed, "replies that had arrived were not committed while the run waited");
        QVERIFY2(lock_free, "the run held the write lock while it waited on the network");
        RunReader reader(store);
        QCOMPARE(reader.runs().front().status, std::string("finished"));
    }

    void emptyTextReplyIsAnErrorUnlessAllowed() {
        FakeHttpServer server([](const FakeRequest& r) {
            if (last_user_message(r).rfind("Write a pitch", 0) == 0)
                return FakeReply::json(openai_chat_reply(
                    r.json->dump().find("cheap") != std::string::npos ? " \n" : "", 30, 0));
            return answer(r, {});
        });
        const auto path = root() / "empty";
        auto document = write_two_stage_project(path, server.base_url(), 2);
        RunContext context;
        RecordingSink sink;
        const auto first = engine_.run(open(path), {}, context, sink);
        RunReader reader((path / "runs.sqlite").string());
        const auto pitches = reader.items(first, "pitch");
        QCOMPARE(pitches.size(), std::size_t(4));
        for (const auto& item : pitches) {
            QCOMPARE(item.status, ItemStatus::Error);
            QVERIFY2(item.reason.starts_with("the model returned an empty reply"),
                     item.reason.c_str());
            QVERIFY(item.call_id.has_value());
        }

        document["stages"][1]["output"] = {{"format", "text"}, {"allow_empty", true}};
        write_project(path, document);
        const auto second = engine_.run(open(path), {}, context, sink);
        QCOMPARE(reader.count_items(second, "pitch", {ItemStatus::Kept, ""}), std::int64_t(4));
        QCOMPARE(reader.item(second, "pitch", "p1/ideas/0/pitch")->data["text"], Json(""));

        document["stages"][1]["output"]["allow_empty"] = "yes";
        write_project(path, document);
        const auto opened = engine_.open(path);
        QVERIFY(!opened.project);
        QVERIFY2(opened.diagnostics.format_errors().find("/stages/1/output/allow_empty") !=
                     std::string::npos,
                 opened.diagnostics.format_errors().c_str());
    }

    void hugeRepliesAreCappedAndQuotedShortInRepairs() {
        const std::string junk = "{" + std::string(1 << 20, 'x');  // 1 MiB, not JSON
        FakeHttpServer server([&](const FakeRequest& r) {
            const auto prompt = r.json->at("messages")[0]["content"].get<std::string>();
            if (prompt.find("for Product 1.") != std::string::npos)
                return FakeReply::json(openai_chat_reply(junk, 20, 300000));
            return answer(r, {});
        });
        const auto path = root() / "huge";
        auto document = write_two_stage_project(path, server.base_url(), 2);
        RunContext context;
        RecordingSink sink;
        const auto first = engine_.run(open(path), {}, context, sink);
        RunReader reader((path / "runs.sqlite").string());
        const auto failed = reader.item(first, "ideas", "p1/ideas");
        QCOMPARE(failed->status, ItemStatus::Error);
        QVERIFY2(failed->reason.find("after 3 attempts") != std::string::npos,
                 failed->reason.c_str());
        QVERIFY2(failed->reason.size() < 4096, "the reason quotes the whole parse error");
        // Both repair requests quote the bad reply cut short, not the whole megabyte.
        int repairs = 0;
        for (const auto& request : server.requests()) {
            if (last_user_message(request).find("Your previous reply was rejected") ==
                std::string::npos)
                continue;
            ++repairs;
            QVERIFY2(request.body.size() < 32 * 1024, std::to_string(request.body.size()).c_str());
            QVERIFY(request.body.find(" bytes cut ...]") != std::string::npos);
        }
        QCOMPARE(repairs, 2);

        // With a cap, the reply kept per call is cut at max_reply_bytes and the rest counted.
        // (A fresh store: the first run cached the junk, and a cache hit is not re-read.)
        const auto capped_path = root() / "huge-capped";
        document = write_two_stage_project(capped_path, server.base_url(), 2);
        document["models"]["writer"]["max_reply_bytes"] = 100000;
        write_project(capped_path, document);
        const auto second = engine_.run(open(capped_path), {}, context, sink);
        RunReader capped_reader((capped_path / "runs.sqlite").string());
        const auto capped = capped_reader.item(second, "ideas", "p1/ideas");
        QCOMPARE(capped->status, ItemStatus::Error);
        QVERIFY2(capped->reason.starts_with("reply too large for model \"writer\": its first "
                                            "100000 bytes (max_reply_bytes) are kept"),
                 capped->reason.c_str());
        const auto call = capped_reader.call(*capped->call_id);
        QCOMPARE(call->response.size(), std::size_t(100000));
        QCOMPARE(call->attempts, 1);
        const auto stages = capped_reader.stages(second);
        QVERIFY2(stages[0].notes.dump().find("1 reply exceeded its model's max_reply_bytes") !=
                     std::string::npos,
                 stages[0].notes.dump().c_str());
    }

    void killedRunIsInterruptedAndRerunPaysOnlyForUnfinishedCalls() {
        std::atomic<int> answered{0};
        FakeHttpServer server([&](const FakeRequest& r) {
            FakeReply reply = answer(r, {});
            reply.delay_ms = 150;  // slow enough that the kill lands mid-run on a loaded machine
            ++answered;
            return reply;
        });
        const auto path = root() / "killed";
        write_two_stage_project(path, server.base_url(), 16);
        QProcess cli;
        cli.start(QString(CASCADE_BINARY_DIR) + "/app/cascade",
                  {"run", QString::fromStdString(path.string()), "--concurrency", "2", "--quiet"});
        QVERIFY(cli.waitForStarted());
        // Kill once some items are committed (not merely answered: the process may lag).
        const auto committed = [&] {
            if (!std::filesystem::exists(path / "runs.sqlite")) return std::int64_t(0);
            try {
                RunReader peek((path / "runs.sqlite").string());
                return peek.count_items(1, "ideas");
            } catch (const Error&) {
                return std::int64_t(0);  // the schema may not exist yet
            }
        };
        for (int waited = 0; committed() < 4 && waited < 30000; waited += 20)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        cli.kill();  // SIGKILL: no chance to clean up
        cli.waitForFinished();

        RunReader reader((path / "runs.sqlite").string());
        const auto killed_items = reader.count_items(1, "ideas");
        {
            RunStore reopen((path / "runs.sqlite").string());  // marks the dead run
        }
        const auto killed = reader.run(1);
        QCOMPARE(killed->status, std::string("interrupted"));
        QVERIFY(killed_items >= 2);  // committed batches survived the kill

        // Calls that finished before the kill are served by the cache on the next run.
        const auto before = server.request_count();
        RunContext context;
        RecordingSink sink;
        RunOptions options;
        options.concurrency = 4;
        const auto run_id = engine_.run(open(path), options, context, sink);
        const auto stages = reader.stages(run_id);
        QCOMPARE(stages[0].counters.calls, 16);
        const auto paid_ideas = stages[0].counters.calls - stages[0].counters.cache_hits;
        const auto paid_pitches = stages[1].counters.calls - stages[1].counters.cache_hits;
        QCOMPARE(std::int64_t(server.request_count() - before), paid_ideas + paid_pitches);
        QVERIFY(stages[0].counters.cache_hits >= killed_items / 2);
        QCOMPARE(reader.count_items(run_id, "pitch"), 32);
    }
};

QTEST_GUILESS_MAIN(TestExecutor)
#include "test_executor.moc"
