// ConfigExporter, ReportExporter, ItemExporter and DatasetExporter on runs of the real engine
// against a fake OpenAI server: the exported config re-validates and re-runs offline to the
// same items, dataset lines are chat JSON, the report holds its tables and charts.
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "cascade/compare/runcomparison.h"
#include "cascade/core/error.h"
#include "cascade/engine/engine.h"
#include "cascade/engine/recordings.h"
#include "cascade/export/configexporter.h"
#include "cascade/export/datasetexporter.h"
#include "cascade/export/itemexporter.h"
#include "cascade/export/reportexporter.h"
#include "cascade/store/labelstore.h"
#include "cascade/store/runreader.h"
#include "support/fakehttpserver.h"
#include "support/fakeopenai.h"
#include "support/testproject.h"

using namespace cascade;
using namespace cascade::testing;

namespace {

std::string read_all(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> lines_of(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    return lines;
}

// Every item of a run, as (stage/key -> status + data), for comparing two runs.
std::map<std::string, std::string> snapshot(RunReader& reader, std::int64_t run_id) {
    std::map<std::string, std::string> out;
    for (const auto& stage : reader.stages(run_id))
        for (const auto& item : reader.items(run_id, stage.stage))
            out[stage.stage + "/" + item.key] =
                std::string(to_string(item.status)) + " " + item.reason + " " + item.data.dump();
    return out;
}

}  // namespace

class TestExport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    Engine engine_;
    std::unique_ptr<FakeHttpServer> server_;
    std::mutex mutex_;
    std::map<std::string, int> attempts_;
    std::filesystem::path path_;
    std::int64_t run_ = 0, tight_run_ = 0;

    Project open(const std::filesystem::path& path, const std::string& variant = {}) {
        auto opened = engine_.open(path, variant);
        if (!opened.project) qFatal("%s", opened.diagnostics.format_errors().c_str());
        return std::move(*opened.project);
    }
    std::int64_t run(const Project& project, RunOptions options = {}) {
        RunContext context;
        EventSink sink;
        return engine_.run(project, options, context, sink);
    }

    // Product 2's first reply is not JSON, so its call is repaired once.
    FakeReply answer(const FakeRequest& request) {
        const auto& messages = request.json->at("messages");
        const std::string first = messages[messages.size() > 1 ? 1 : 0]["content"];
        if (first.rfind("List two selling points for ", 0) == 0) {
            const std::string name = first.substr(28, first.find('.') - 28);
            {
                std::lock_guard lock(mutex_);
                if (name == "Product 2" && attempts_[name]++ == 0)
                    return FakeReply::json(openai_chat_reply("{oops", 20, 3));
            }
            const Json reply = {
                {"ideas", {{{"point", "sturdy " + name}}, {{"point", "cheap " + name}}}}};
            return FakeReply::json(openai_chat_reply(reply.dump(), 20, 10));
        }
        return FakeReply::json(openai_chat_reply("Pitch: " + first.substr(0, 40), 30, 8));
    }

private slots:
    void initTestCase() {
        server_ =
            std::make_unique<FakeHttpServer>([this](const FakeRequest& r) { return answer(r); });
        path_ = std::filesystem::path(dir_.path().toStdString()) / "source";
        auto document = write_two_stage_project(path_, server_->base_url(), 3);
        write_file(path_ / "prompts/ideas.system.md", "You are a copywriter.\n");
        document["stages"][0]["system"] = "prompts/ideas.system.md";
        // A gate between the phases: "sturdy Product N" (16 chars) is too long.
        document["stages"].insert(document["stages"].begin() + 1,
                                  Json::parse(R"({"id": "policy", "kind": "rules",
                            "rules": [{"id": "short", "field": "/point", "max_chars": 15}]})"));
        document["variants"] = {
            {"tight",
             {{"policy",
               {{"rules", {{{"id", "short"}, {"field", "/point"}, {"max_chars", 5}}}}}}}}};
        write_project(path_, document);
        run_ = run(open(path_));
        tight_run_ = run(open(path_, "tight"));
        RunReader reader((path_ / "runs.sqlite").string());
        QCOMPARE(reader.run(run_)->status, std::string("finished"));
        QCOMPARE(reader.count_items(run_, "policy", {ItemStatus::Filtered, ""}), 3);
    }

    void exportedConfigRevalidatesAndReruns() {
        RunReader reader((path_ / "runs.sqlite").string());
        const auto exported = ConfigExporter::from_run(reader, run_);
        QVERIFY(!exported.document.contains("variants"));
        QCOMPARE(exported.provenance["run"].get<std::int64_t>(), run_);
        QCOMPARE(exported.provenance["totals"]["kept"].get<std::int64_t>(), 3);

        // A copy of the project folder without its store; the run's calls as recordings.
        const auto copy = std::filesystem::path(dir_.path().toStdString()) / "copy";
        std::filesystem::create_directories(copy);
        for (const char* sub : {"data", "prompts", "schemas"})
            std::filesystem::copy(path_ / sub, copy / sub,
                                  std::filesystem::copy_options::recursive);
        const auto side = ConfigExporter::write(exported, copy / "cascade.json");
        QCOMPARE(side, copy / "cascade.provenance.json");
        QCOMPARE(Json::parse(read_all(side))["source"].get<std::string>(), std::string("run"));
        std::filesystem::create_directories(copy / "recordings");
        const Project source = open(path_);
        QVERIFY(Recordings::export_run(source, reader, run_, copy / "recordings/run.jsonl", "") >
                0);

        const auto opened = engine_.open(copy);
        QVERIFY2(opened.project, opened.diagnostics.format_errors().c_str());
        QVERIFY2(opened.diagnostics.all().empty(), "the exported config raised warnings");
        const auto before = server_->request_count();
        RunOptions offline;
        offline.offline = true;
        const auto rerun = run(*opened.project, offline);
        QCOMPARE(server_->request_count(), before);
        RunReader copied((copy / "runs.sqlite").string());
        QCOMPARE(copied.run(rerun)->status, std::string("finished"));
        QCOMPARE(snapshot(copied, rerun), snapshot(reader, run_));
    }

    void projectExportBakesTheVariant() {
        const Project project = open(path_);
        const auto exported = ConfigExporter::from_project(project, "tight");
        QVERIFY(!exported.document.contains("variants"));
        QCOMPARE(exported.document["stages"][1]["rules"][0]["max_chars"].get<int>(), 5);
        QCOMPARE(exported.provenance["variant"].get<std::string>(), std::string("tight"));
        const auto plain = ConfigExporter::from_project(project);
        QVERIFY(plain.document.contains("variants"));
        QVERIFY_EXCEPTION_THROWN(ConfigExporter::from_project(project, "nope"), cascade::Error);
    }

    void datasetLinesAreChatJson() {
        RunReader reader((path_ / "runs.sqlite").string());
        const auto out = std::filesystem::path(dir_.path().toStdString()) / "ideas.jsonl";
        const auto calls = reader.calls(run_, "ideas");
        QCOMPARE(calls.size(), std::size_t(4));  // Product 2 took two attempts
        QVERIFY(std::any_of(calls.begin(), calls.end(),
                            [](const CallRecord& c) { return c.request["messages"].size() > 2; }));
        const auto result = DatasetExporter::write(reader, run_, "ideas", out);
        QCOMPARE(result.lines, std::int64_t(3));  // one per call, not per exploded item
        const auto lines = lines_of(out);
        QCOMPARE(lines.size(), std::size_t(3));
        for (const auto& line : lines) {
            const Json example = Json::parse(line);
            const Json& messages = example["messages"];
            QCOMPARE(messages.size(), std::size_t(3));
            QCOMPARE(messages[0]["role"].get<std::string>(), std::string("system"));
            QCOMPARE(messages[1]["role"].get<std::string>(), std::string("user"));
            QCOMPARE(messages[2]["role"].get<std::string>(), std::string("assistant"));
            // The reply is the valid JSON, also for the repaired call of Product 2.
            QVERIFY(Json::parse(messages[2]["content"].get<std::string>()).contains("ideas"));
        }
        // Product 2's call was repaired: its line has the original prompt, not the repair turns.
        QCOMPARE(std::count_if(lines.begin(), lines.end(),
                               [](const std::string& l) {
                                   return l.find("selling points for Product 2") !=
                                          std::string::npos;
                               }),
                 1);
        QVERIFY(std::none_of(lines.begin(), lines.end(), [](const std::string& l) {
            return l.find("{oops") != std::string::npos;
        }));

        DatasetOptions labelled;
        labelled.labelled_only = true;
        QCOMPARE(DatasetExporter::write(reader, run_, "ideas", out, labelled).lines,
                 std::int64_t(0));
        LabelStore labels(reader.db().path());
        const auto label = [&](const std::string& key, Truth truth) {
            const auto item = reader.item(run_, "ideas", key);
            labels.set({"ideas", LabelStore::content_hash(item->data), truth, "", key, run_, ""});
        };
        label("p1/ideas/0", Truth::Keep);
        label("p3/ideas/0", Truth::Keep);
        label("p3/ideas/1", Truth::Drop);
        const auto only = DatasetExporter::write(reader, run_, "ideas", out, labelled);
        QCOMPARE(only.lines, std::int64_t(1));
        QCOMPARE(only.skipped_unlabelled, std::int64_t(2));
        QVERIFY(lines_of(out).front().find("Product 1") != std::string::npos);
        QVERIFY_EXCEPTION_THROWN(DatasetExporter::write(reader, run_, "policy", out),
                                 cascade::Error);
    }

    void reportHoldsTablesChartsAndFilteredItems() {
        RunReader reader((path_ / "runs.sqlite").string());
        const std::string html = ReportExporter::html(reader, run_);
        QVERIFY(html.rfind("<!DOCTYPE html>", 0) == 0);
        QVERIFY(html.find("<table class=\"stages\">") != std::string::npos);
        for (const char* stage : {"ideas", "policy", "pitch"})
            QVERIFY(html.find(std::string("<td>") + stage + "</td>") != std::string::npos);
        QVERIFY(html.find("<svg") != std::string::npos);
        QVERIFY(html.find("Items per stage") != std::string::npos);
        QVERIFY(html.find("<table class=\"filtered\">") != std::string::npos);
        QVERIFY(html.find("p1/ideas/0") != std::string::npos);  // "sturdy Product 1" filtered
        QVERIFY(html.find("src=") == std::string::npos);        // self-contained
        QVERIFY(html.find("Comparison") == std::string::npos);

        const RunComparison comparison(reader, run_, tight_run_);
        ReportOptions options;
        options.comparison = &comparison;
        const auto path = std::filesystem::path(dir_.path().toStdString()) / "report.html";
        ReportExporter::write(reader, run_, path, options);
        const std::string with = read_all(path);
        QVERIFY(with.find("<table class=\"comparison\">") != std::string::npos);
        QVERIFY(with.find(comparison.verdict().substr(0, 20)) != std::string::npos);
    }

    void itemsAsCsvAndJson() {
        RunReader reader((path_ / "runs.sqlite").string());
        const auto csv = std::filesystem::path(dir_.path().toStdString()) / "policy.csv";
        QCOMPARE(ItemExporter::write_csv(reader, run_, "policy", csv), std::int64_t(6));
        const auto rows = lines_of(csv);
        QCOMPARE(rows.size(), std::size_t(7));
        QVERIFY(rows[0].rfind("key,status,reason", 0) == 0);
        QVERIFY(rows[1].find("\"{\"\"point\"\":\"\"sturdy Product 1\"\"}\"") != std::string::npos);
        const auto json = std::filesystem::path(dir_.path().toStdString()) / "policy.json";
        QCOMPARE(ItemExporter::write_json(reader, run_, "policy", json), std::int64_t(6));
        const Json items = Json::parse(read_all(json));
        QCOMPARE(items.size(), std::size_t(6));
        QCOMPARE(items[0]["status"].get<std::string>(), std::string("filtered"));
        QVERIFY(!items[0]["reason"].get<std::string>().empty());
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "test_export.moc"
