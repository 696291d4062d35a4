// The CLI over labels and the response cache (cascade label, cascade cache) and the run flags
// --replay / --refresh, through the real binary against a fake OpenAI server on 127.0.0.1.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <sstream>

#include "cascade/core/json.h"
#include "support/fakehttpserver.h"
#include "support/fakeopenai.h"
#include "support/testproject.h"

using namespace cascade;
using namespace cascade::testing;

namespace {

struct Cli {
    int code = -1;
    QString out;
    QString err;
};

Cli cascade_cli(const QStringList& args) {
    QProcess process;
    process.start(QString(CASCADE_BINARY_DIR) + "/app/cascade", args);
    Cli result;
    if (!process.waitForFinished(60000)) return result;
    result.code = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

FakeReply answer(const FakeRequest& request) {
    const std::string prompt = request.json->at("messages")[0]["content"];
    if (prompt.rfind("List two selling points for ", 0) == 0) {
        const Json reply = {{"ideas", {{{"point", "sturdy"}}, {{"point", "cheap"}}}}};
        return FakeReply::json(openai_chat_reply(reply.dump(), 20, 10));
    }
    return FakeReply::json(openai_chat_reply("A pitch", 30, 8));
}

std::string read_all(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

class TestDataCommands : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::unique_ptr<FakeHttpServer> server_;
    QString project_;

private slots:
    void initTestCase() {
        server_ = std::make_unique<FakeHttpServer>(answer);
        const auto path = std::filesystem::path(dir_.path().toStdString()) / "shop";
        write_two_stage_project(path, server_->base_url(), 2);
        project_ = QString::fromStdString(path.string());
        const auto run = cascade_cli({"run", project_, "--quiet"});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QVERIFY(run.out.contains("Run 1: finished"));
    }

    void labelsSetListExportImportClear() {
        const auto set = cascade_cli({"label", "set", project_, "1", "--stage", "ideas", "--key",
                                      "p1/ideas/0", "--truth", "drop", "--note", "too vague"});
        QVERIFY2(set.code == 0, qPrintable(set.err));
        QCOMPARE(set.out.trimmed(), QString("ideas p1/ideas/0: drop (run 1 kept it: wrong)"));

        const auto list = cascade_cli({"label", "list", project_, "--run", "1"});
        QCOMPARE(list.code, 0);
        QVERIFY2(list.out.contains("p1/ideas/0") && list.out.contains("too vague"),
                 qPrintable(list.out));
        QVERIFY(list.out.contains("ideas: run 1 agrees with 0 of 1 labelled items it decided"));

        const QString file = dir_.filePath("labels.jsonl");
        QCOMPARE(cascade_cli({"label", "export", project_, "--out", file}).code, 0);
        const auto line = Json::parse(read_all(file.toStdString()));
        QCOMPARE(line["truth"].get<std::string>(), std::string("drop"));
        QCOMPARE(line["item_key"].get<std::string>(), std::string("p1/ideas/0"));
        QCOMPARE(line["content_hash"].get<std::string>().size(), std::size_t(64));

        const auto clear =
            cascade_cli({"label", "clear", project_, "--stage", "ideas", "--key", "p1/ideas/0"});
        QCOMPARE(clear.out.trimmed(), QString("Cleared the label of ideas p1/ideas/0"));
        QVERIFY(cascade_cli({"label", "list", project_}).out.contains("No labels"));
        const auto import = cascade_cli({"label", "import", project_, file});
        QCOMPARE(import.code, 0);
        QVERIFY2(import.out.contains("1 new, 0 updated, 0 unchanged"), qPrintable(import.out));

        // A bad line is named with its file, line and JSON path; the good ones still count.
        write_file(dir_.filePath("bad.jsonl").toStdString(),
                   read_all(file.toStdString()) +
                       R"({"stage": "ideas", "content_hash": "abc", "truth": "maybe"})" + "\n");
        const auto bad = cascade_cli({"label", "import", project_, dir_.filePath("bad.jsonl")});
        QCOMPARE(bad.code, 1);
        QVERIFY2(
            bad.err.contains("bad.jsonl:2: /truth: expected \"keep\" or \"drop\", got \"maybe\""),
            qPrintable(bad.err));
        QVERIFY(bad.out.contains("1 unchanged, 1 bad lines skipped"));

        QVERIFY(cascade_cli({"label", "set", project_, "--stage", "ideas", "--key", "p1/ideas/0",
                             "--truth", "maybe"})
                    .code != 0);
        const auto missing = cascade_cli(
            {"label", "set", project_, "--stage", "ideas", "--key", "nope", "--truth", "keep"});
        QCOMPARE(missing.code, 1);
        QVERIFY(missing.err.contains("run 1 has no item \"nope\" in stage \"ideas\""));
        QCOMPARE(cascade_cli({"label", "clear", project_, "--all"}).out.trimmed(),
                 QString("Cleared 1 labels"));
    }

    void cacheListClearImport() {
        const auto list = cascade_cli({"cache", "list", project_});
        QCOMPARE(list.code, 0);
        QVERIFY2(list.out.contains("6 cached replies: 6 live, 0 recorded, 0 imported"),
                 qPrintable(list.out));
        const auto ideas = cascade_cli({"cache", "list", project_, "--stage", "ideas"});
        QVERIFY2(ideas.out.contains("2 cached replies: 2 live"), qPrintable(ideas.out));
        QVERIFY(cascade_cli({"cache", "list", project_, "--model", "writer"})
                    .out.contains("6 cached replies"));

        // Another machine's calls, imported into a fresh copy of the project.
        const QString calls = dir_.filePath("calls.jsonl");
        QCOMPARE(cascade_cli({"recordings", "export", project_, "1", "--out", calls}).code, 0);
        const auto copy = std::filesystem::path(dir_.path().toStdString()) / "copy";
        write_two_stage_project(copy, server_->base_url(), 2);
        const QString copy_dir = QString::fromStdString(copy.string());
        const auto import = cascade_cli({"cache", "import", copy_dir, calls});
        QVERIFY2(import.out.contains("Imported 6 replies"), qPrintable(import.out + import.err));
        QVERIFY(cascade_cli({"cache", "list", copy_dir, "--source", "imported"})
                    .out.contains("6 cached replies: 0 live, 0 recorded, 6 imported"));
        // A live run is served imported replies, and says so.
        const auto requests = server_->request_count();
        const auto run = cascade_cli({"run", copy_dir, "--quiet"});
        QCOMPARE(run.code, 0);
        QCOMPARE(server_->request_count(), requests);
        QVERIFY2(run.out.contains("6 of 6 calls were answered from an imported file"),
                 qPrintable(run.out));
        QVERIFY(cascade_cli({"runs", copy_dir}).out.contains("imported"));
        const auto items = cascade_cli({"show", copy_dir, "--stage", "ideas"});
        QVERIFY2(items.out.contains("reply:  imported (from an imported file)"),
                 qPrintable(items.out));
        QVERIFY(cascade_cli({"show", copy_dir, "--stage", "ideas", "--json"})
                    .out.contains("\"reply\":\"imported\""));

        QCOMPARE(cascade_cli({"cache", "clear", copy_dir}).code, 2);  // clear what?
        const auto clear = cascade_cli({"cache", "clear", copy_dir, "--source", "imported"});
        QVERIFY(clear.out.contains("Removed 6 cached replies"));
    }

    void runFlags() {
        const auto both = cascade_cli({"run", project_, "--offline", "--refresh"});
        QVERIFY(both.code != 0);
        QVERIFY2(both.err.contains("excludes"), qPrintable(both.err));
        const auto requests = server_->request_count();
        const auto refresh = cascade_cli({"run", project_, "--refresh", "--quiet"});
        QCOMPARE(refresh.code, 0);
        QCOMPARE(server_->request_count(), requests + 6);
        const auto runs = cascade_cli({"runs", project_});
        QVERIFY2(runs.out.contains("replies"), qPrintable(runs.out));
        const auto replay = cascade_cli({"run", project_, "--replay", "--quiet"});
        QCOMPARE(replay.code, 0);
        QVERIFY(replay.err.contains("replaying recordings"));
    }
};

QTEST_GUILESS_MAIN(TestDataCommands)
#include "test_datacommands.moc"
