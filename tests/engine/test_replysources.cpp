// Issue 8.4 and the rerank part of 8.6, end to end: the real engine and store against a fake
// OpenAI-compatible (and /v1/rerank) server on 127.0.0.1. Recorded replies answer only offline
// and replay runs; --refresh sends every call again; a rejected reply is kept but never served;
// a rerank request is a real call: recorded, priced, cached and replayed offline.
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <fstream>
#include <set>
#include <sstream>

#include "cascade/core/error.h"
#include "cascade/engine/engine.h"
#include "cascade/engine/recordings.h"
#include "cascade/store/runreader.h"
#include "support/fakehttpserver.h"
#include "support/fakeopenai.h"
#include "support/testproject.h"

using namespace cascade;
using namespace cascade::testing;

namespace {

std::string first_message(const FakeRequest& request) {
    return request.json->at("messages")[0]["content"].get<std::string>();
}

// Ideas for "List two selling points for <name>." and a pitch for anything else; `tag` marks
// which answers the server gave. Product names in `broken` get a reply that is not JSON.
FakeReply answer(const FakeRequest& request, const std::string& tag,
                 const std::set<std::string>& broken = {}) {
    const std::string prompt = first_message(request);
    if (prompt.rfind("List two selling points for ", 0) == 0) {
        const std::string name = prompt.substr(28, prompt.find('.') - 28);
        if (broken.count(name)) return FakeReply::json(openai_chat_reply("{not json", 20, 5));
        const Json reply = {{"ideas", {{{"point", tag + " " + name}}}}};
        return FakeReply::json(openai_chat_reply(reply.dump(), 20, 10));
    }
    return FakeReply::json(openai_chat_reply(tag + " pitch", 30, 8));
}

int count_requests(const FakeHttpServer& server, const std::string& prefix) {
    int count = 0;
    for (const auto& request : server.requests())
        if (request.json && request.json->contains("messages") &&
            first_message(request).rfind(prefix, 0) == 0)
            ++count;
    return count;
}

std::vector<std::string> lines_of(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

}  // namespace

class TestReplySources : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    Engine engine_;

    std::filesystem::path root() const { return dir_.path().toStdString(); }

    std::int64_t run(const std::filesystem::path& path, RunOptions options = {}) {
        auto opened = engine_.open(path);
        if (!opened.project) qFatal("%s", opened.diagnostics.format_errors().c_str());
        RunContext context;
        EventSink sink;
        return engine_.run(*opened.project, options, context, sink);
    }

    // Records a live run of a copy of `project` and writes its "ideas" calls, with authored
    // replies in place of the server's, as `project`/recordings/authored.jsonl.
    void write_authored_recordings(const std::filesystem::path& project, FakeHttpServer& server,
                                   int inputs) {
        const auto scratch = project.parent_path() / (project.filename().string() + "-scratch");
        write_two_stage_project(scratch, server.base_url(), inputs);
        const auto run_id = run(scratch);
        auto opened = engine_.open(scratch);
        RunReader reader((scratch / "runs.sqlite").string());
        const auto exported = scratch / "all.jsonl";
        Recordings::export_run(*opened.project, reader, run_id, exported, "");
        std::ostringstream authored;
        for (const auto& text : lines_of(exported)) {
            Json line = Json::parse(text);
            if (!line.is_object() || line.value("stage", "") != "ideas") continue;
            const std::string name = line["request"]["messages"][0]["content"];
            const Json ideas = {{"ideas", {{{"point", "AUTHORED " + name.substr(28, 9)}}}}};
            line["response"]["choices"][0]["message"]["content"] = ideas.dump();
            authored << line.dump() << "\n";
        }
        write_file(project / "recordings/authored.jsonl", authored.str());
    }

private slots:
    void liveRunNeverServesARecordedReply() {
        FakeHttpServer server([](const FakeRequest& r) { return answer(r, "LIVE"); });
        const auto path = root() / "live";
        write_two_stage_project(path, server.base_url(), 3);
        write_authored_recordings(path, server, 3);
        QCOMPARE(lines_of(path / "recordings/authored.jsonl").size(), std::size_t(3));
        server.reset_stats();
        RunReader reader((path / "runs.sqlite").string());

        // --replay serves the recordings where they exist and asks the model for the rest.
        RunOptions replay;
        replay.replay = true;
        const auto replayed = run(path, replay);
        QCOMPARE(count_requests(server, "List two selling points"), 0);
        QCOMPARE(count_requests(server, "Write a pitch"), 3);  // prompts with authored points
        for (const auto& item : reader.items(replayed, "ideas")) {
            QVERIFY(item.data["point"].get<std::string>().rfind("AUTHORED", 0) == 0);
            QCOMPARE(*reader.call(*item.call_id)->source, ReplySource::Recorded);
        }
        const auto record = *reader.run(replayed);
        QCOMPARE(record.recorded_calls, std::int64_t(3));
        QCOMPARE(record.calls, std::int64_t(6));
        QCOMPARE(reply_sources_text(record), std::string("recorded 3/6"));
        QCOMPARE(reader.stages(replayed)[0].counters.recorded_calls, std::int64_t(3));

        // Offline: everything from the cache and the recordings, no request at all.
        server.reset_stats();
        RunOptions offline;
        offline.offline = true;
        offline.reuse = false;
        const auto replay_offline = run(path, offline);
        QCOMPARE(server.request_count(), std::size_t(0));
        QCOMPARE(reader.run(replay_offline)->recorded_calls, std::int64_t(3));
        QCOMPARE(reader.count_items(replay_offline, "pitch", {ItemStatus::Kept, ""}), 3);

        // A live run, with a recording for every "ideas" call, still asks the model, and does
        // not reuse the stage that was made from recordings.
        const auto live = run(path);
        QCOMPARE(count_requests(server, "List two selling points"), 3);
        QVERIFY(!reader.stages(live)[0].reused_from);
        for (const auto& item : reader.items(live, "ideas")) {
            QVERIFY2(item.data["point"].get<std::string>().rfind("LIVE", 0) == 0,
                     item.data.dump().c_str());
            QCOMPARE(*reader.call(*item.call_id)->source, ReplySource::Live);
        }
        QCOMPARE(reader.run(live)->recorded_calls, std::int64_t(0));
        QCOMPARE(reply_sources_text(*reader.run(live)), std::string("live"));
    }

    void refreshSendsEveryCallAgainAndOverwritesTheCache() {
        std::atomic<int> version{1};
        FakeHttpServer server(
            [&](const FakeRequest& r) { return answer(r, "V" + std::to_string(version.load())); });
        const auto path = root() / "refresh";
        write_two_stage_project(path, server.base_url(), 2);
        const auto first = run(path);
        QCOMPARE(server.request_count(), std::size_t(4));
        version = 2;
        RunOptions refresh;
        refresh.refresh = true;
        const auto refreshed = run(path, refresh);  // reuse would make no call at all
        QCOMPARE(server.request_count(), std::size_t(8));
        RunReader reader((path / "runs.sqlite").string());
        for (const auto& stage : reader.stages(refreshed)) {
            QVERIFY(!stage.reused_from);
            QCOMPARE(stage.counters.cache_hits, std::int64_t(0));
        }
        for (const auto& item : reader.items(refreshed, "ideas"))
            QVERIFY(item.data["point"].get<std::string>().rfind("V2", 0) == 0);
        // The cache now holds the new replies: a later run without reuse is served them.
        RunOptions no_reuse;
        no_reuse.reuse = false;
        const auto later = run(path, no_reuse);
        QCOMPARE(server.request_count(), std::size_t(8));
        for (const auto& item : reader.items(later, "ideas"))
            QVERIFY(item.data["point"].get<std::string>().rfind("V2", 0) == 0);
        Q_UNUSED(first);
        // Refreshing offline is a contradiction, refused before any run is created.
        RunOptions both;
        both.refresh = true;
        both.offline = true;
        const auto refuse = [&] { run(path, both); };
        QVERIFY_EXCEPTION_THROWN(refuse(), cascade::Error);
        QCOMPARE(reader.runs().size(), std::size_t(3));
    }

    void rejectedReplyIsKeptButNeverServed() {
        std::atomic<bool> healthy{false};
        FakeHttpServer server([&](const FakeRequest& r) {
            return healthy ? answer(r, "OK") : answer(r, "OK", {"Product 2"});
        });
        const auto path = root() / "rejected";
        write_two_stage_project(path, server.base_url(), 2);
        const auto first = run(path);
        RunReader reader((path / "runs.sqlite").string());
        const auto failed = reader.item(first, "ideas", "p2/ideas");
        QVERIFY(failed && failed->status == ItemStatus::Error);
        // The rejected reply is stored with its call, saying why.
        const auto call = reader.call(*failed->call_id);
        QVERIFY(!call->ok);
        QVERIFY2(call->error.find("reply rejected: the reply is not valid JSON") == 0,
                 call->error.c_str());
        QCOMPARE(call->text, std::string("{not json"));
        QCOMPARE(*call->source, ReplySource::Live);

        // Offline there is no model to ask: the run replays what happened, rejection and
        // repairs included, and reaches the same error without a request.
        const auto before = count_requests(server, "List two selling points for Product 2");
        RunOptions offline;
        offline.offline = true;
        const auto replayed = run(path, offline);
        QCOMPARE(count_requests(server, "List two selling points for Product 2"), before);
        QCOMPARE(reader.item(replayed, "ideas", "p2/ideas")->reason, failed->reason);

        // Against a healthy server the next live run asks the model again instead of
        // repeating the cached error; the item that was fine is served from the cache.
        healthy = true;
        RunOptions no_reuse;
        no_reuse.reuse = false;
        const auto second = run(path, no_reuse);
        QCOMPARE(count_requests(server, "List two selling points for Product 2"), before + 1);
        QCOMPARE(count_requests(server, "List two selling points for Product 1"), 1);
        QCOMPARE(reader.item(second, "ideas", "p2/ideas/0")->status, ItemStatus::Kept);
    }

    void rerankCallsAreRecordedPricedCachedAndReplayedOffline() {
        std::atomic<int> reranks{0};
        FakeHttpServer server([&](const FakeRequest& request) {
            if (request.path != "/v1/rerank") return FakeReply::text(404, "not found");
            ++reranks;
            Json results = Json::array();
            const Json& documents = request.json->at("documents");
            for (std::size_t i = 0; i < documents.size(); ++i)
                results.push_back({{"index", i}, {"relevance_score", i % 2 ? 0.2 : 0.8}});
            return FakeReply::json({{"results", results}, {"usage", {{"total_tokens", 40}}}});
        });
        const auto write = [&](const std::filesystem::path& path) {
            auto document = write_two_stage_project(path, server.base_url(), 4);
            document["stages"] = Json::array({Json{{"id", "gate"},
                                                   {"kind", "rerank"},
                                                   {"query", "snacks for a party"},
                                                   {"text", "{{name}}"},
                                                   {"threshold", 0.5},
                                                   {"endpoint",
                                                    {{"base_url", server.base_url()},
                                                     {"model", "bge"},
                                                     {"price_per_1k_documents", 2.0}}}}});
            write_project(path, document);
        };
        const auto path = root() / "rerank";
        write(path);
        const auto first = run(path);
        QCOMPARE(reranks.load(), 1);  // one query, four documents
        RunReader reader((path / "runs.sqlite").string());
        auto stage = reader.stages(first)[0];
        QCOMPARE(stage.counters.calls, std::int64_t(1));
        QCOMPARE(stage.counters.cost, 4 / 1000.0 * 2.0);
        QCOMPARE(stage.counters.tokens_in, std::int64_t(40));
        const auto calls = reader.calls(first, "gate");
        QCOMPARE(calls.size(), std::size_t(1));
        QCOMPARE(calls[0].request["documents"].size(), std::size_t(4));
        QCOMPARE(*calls[0].source, ReplySource::Live);
        QCOMPARE(calls[0].cost, 0.008);
        for (const auto& item : reader.items(first, "gate")) QCOMPARE(*item.call_id, calls[0].id);
        QCOMPARE(reader.count_items(first, "gate", {ItemStatus::Kept, ""}), 2);

        // Cached: a run without reuse asks nobody, and reports the saving.
        RunOptions no_reuse;
        no_reuse.reuse = false;
        const auto cached = run(path, no_reuse);
        QCOMPARE(reranks.load(), 1);
        stage = reader.stages(cached)[0];
        QCOMPARE(stage.counters.cache_hits, std::int64_t(1));
        QCOMPARE(stage.counters.cost, 0.0);
        QCOMPARE(stage.counters.saved_cost, 0.008);

        // Its recording replays offline in a fresh copy of the project, without the endpoint.
        const auto copy = root() / "rerank-copy";
        write(copy);
        std::filesystem::create_directories(copy / "recordings");
        auto opened = engine_.open(path);
        QCOMPARE(Recordings::export_run(*opened.project, reader, first,
                                        copy / "recordings/rerank.jsonl", ""),
                 1);
        RunOptions offline;
        offline.offline = true;
        const auto replayed = run(copy, offline);
        QCOMPARE(reranks.load(), 1);
        RunReader copied((copy / "runs.sqlite").string());
        QCOMPARE(copied.count_items(replayed, "gate", {ItemStatus::Kept, ""}), 2);
        QCOMPARE(copied.count_items(replayed, "gate", {ItemStatus::Error, ""}), 0);
        QCOMPARE(*copied.calls(replayed, "gate")[0].source, ReplySource::Recorded);
        QCOMPARE(copied.run(replayed)->recorded_calls, std::int64_t(1));
        // And a live run there, with the recording present, calls the endpoint.
        run(copy);
        QCOMPARE(reranks.load(), 2);
        // Offline with nothing recorded is an error item, never a request.
        const auto bare = root() / "rerank-bare";
        write(bare);
        const auto missing = run(bare, offline);
        QCOMPARE(reranks.load(), 2);
        RunReader none((bare / "runs.sqlite").string());
        const auto items = none.items(missing, "gate");
        QCOMPARE(items.size(), std::size_t(4));
        QVERIFY2(items[0].reason.find("offline: no recorded reply for the rerank endpoint") == 0,
                 items[0].reason.c_str());
    }
};

QTEST_GUILESS_MAIN(TestReplySources)
#include "test_replysources.moc"
