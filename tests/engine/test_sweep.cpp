// ThresholdSweep against re-runs: for the dedup and judge gates of a real run (fake OpenAI
// server, hashing embedder), the decisions recomputed from stored scores at a new threshold
// equal, item for item, those of the engine re-run with that threshold. Plus label agreement.
#include <QTemporaryDir>
#include <QtTest>

#include <map>

#include "cascade/compare/thresholdsweep.h"
#include "cascade/core/error.h"
#include "cascade/engine/engine.h"
#include "cascade/store/labelstore.h"
#include "cascade/store/runreader.h"
#include "support/fakehttpserver.h"
#include "support/fakeopenai.h"
#include "support/testproject.h"

using namespace cascade;
using namespace cascade::testing;

namespace {

// Titles with near-duplicates of graded closeness, so dedup decisions move with the threshold.
const std::vector<std::string> kTitles = {"Weeknight pasta nights", "Weeknight pasta night",
                                          "Weeknight pastas",       "Pasta for weeknights",
                                          "Cozy winter soups",      "Cozy winter soup ideas",
                                          "Summer salads to share", "Summer salad bowls",
                                          "Budget breakfast bakes", "Breakfast bakes on a budget"};

std::string user_message(const FakeRequest& request) {
    for (const auto& m : request.json->at("messages"))
        if (m["role"] == "user") return m["content"].get<std::string>();
    return {};
}

FakeReply answer(const FakeRequest& request) {
    const std::string prompt = user_message(request);
    if (prompt.rfind("Titles for ", 0) == 0) {
        // Each product gets every title, rotated, so scopes hold different orders.
        const int product = std::stoi(prompt.substr(prompt.find("Product ") + 8));
        Json titles = Json::array();
        for (std::size_t i = 0; i < kTitles.size(); ++i)
            titles.push_back({{"title", kTitles[(i + product) % kTitles.size()]}});
        return FakeReply::json(openai_chat_reply(Json{{"titles", titles}}.dump(), 20, 60));
    }
    const std::string title = prompt.substr(prompt.find(": ") + 2);
    const int score = static_cast<int>(title.size() % 5) + 1;
    const Json verdict = {{"score", score}, {"rationale", "length rule " + std::to_string(score)}};
    return FakeReply::json(openai_chat_reply(verdict.dump(), 15, 12));
}

std::vector<bool> statuses(RunReader& reader, std::int64_t run_id, const std::string& stage,
                           std::vector<std::string>* keys = nullptr) {
    std::vector<bool> kept;
    for (const auto& item : reader.items(run_id, stage)) {
        kept.push_back(item.status == ItemStatus::Kept);
        if (keys) keys->push_back(item.key);
    }
    return kept;
}

}  // namespace

class TestSweep : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    Engine engine_;
    std::unique_ptr<FakeHttpServer> server_;
    std::filesystem::path path_;
    std::int64_t base_ = 0;

    std::int64_t run(const std::string& variant) {
        auto opened = engine_.open(path_, variant);
        if (!opened.project) qFatal("%s", opened.diagnostics.format_errors().c_str());
        RunContext context;
        EventSink sink;
        return engine_.run(*opened.project, {}, context, sink);
    }

private slots:
    void initTestCase() {
        server_ = std::make_unique<FakeHttpServer>(answer);
        path_ = std::filesystem::path(dir_.path().toStdString()) / "gates";
        auto document = write_two_stage_project(path_, server_->base_url(), 4);
        write_file(path_ / "prompts/titles.md", "Titles for {{name}}\n");
        write_file(path_ / "prompts/judge.md", "Judge this title: {{title}}");
        document["embedders"] = {{"local", {{"provider", "hashing"}, {"dims", 256}}}};
        document["stages"] = Json::parse(R"([
          {"id": "titles", "kind": "generate", "model": "writer", "prompt": "prompts/titles.md",
           "output": {"format": "json", "explode": "/titles"}},
          {"id": "dedup", "kind": "dedup", "embedder": "local", "text": "{{title}}",
           "threshold": 0.9, "scope": "run"},
          {"id": "judge", "kind": "judge", "model": "writer", "prompt": "prompts/judge.md",
           "min_score": 3}
        ])");
        document["variants"] = {{"dedup-0.7", {{"dedup", {{"threshold", 0.7}}}}},
                                {"dedup-0.8", {{"dedup", {{"threshold", 0.8}}}}},
                                {"judge-4", {{"judge", {{"min_score", 4}}}}}};
        write_project(path_, document);
        base_ = run("");
        RunReader reader((path_ / "runs.sqlite").string());
        QCOMPARE(reader.run(base_)->status, std::string("finished"));
        QCOMPARE(reader.count_items(base_, "titles"), 40);
    }

    void storedValueReproducesTheRun() {
        RunReader reader((path_ / "runs.sqlite").string());
        for (const char* stage : {"dedup", "judge"}) {
            const auto sweep = ThresholdSweep::load(engine_.registry(), reader, base_, stage);
            const auto current = sweep.current();
            QVERIFY(current.has_value());
            QCOMPARE(sweep.kept_at({}, *current), statuses(reader, base_, stage));
        }
    }

    void sweepMatchesRerunItemForItem_data() {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<QString>("stage");
        QTest::addColumn<double>("value");
        QTest::newRow("dedup 0.7") << "dedup-0.7"
                                   << "dedup" << 0.7;
        QTest::newRow("dedup 0.8") << "dedup-0.8"
                                   << "dedup" << 0.8;
        QTest::newRow("judge 4") << "judge-4"
                                 << "judge" << 4.0;
    }
    void sweepMatchesRerunItemForItem() {
        QFETCH(QString, variant);
        QFETCH(QString, stage);
        QFETCH(double, value);
        const std::string id = stage.toStdString();
        RunReader reader((path_ / "runs.sqlite").string());
        const auto sweep = ThresholdSweep::load(engine_.registry(), reader, base_, id);
        const auto predicted = sweep.kept_at({}, value);
        const auto point = sweep.at({}, value);

        const auto rerun = run(variant.toStdString());
        std::vector<std::string> keys;
        const auto actual = statuses(reader, rerun, id, &keys);
        QCOMPARE(keys.size(), sweep.items().size());
        for (std::size_t i = 0; i < keys.size(); ++i) QCOMPARE(keys[i], sweep.items()[i].key);
        QCOMPARE(predicted, actual);
        const auto kept = std::count(actual.begin(), actual.end(), true);
        QCOMPARE(point.kept, std::int64_t(kept));
        QCOMPARE(point.kept + point.filtered, std::int64_t(actual.size()));
        // The threshold really moved something, or the check would prove little.
        QVERIFY(predicted != statuses(reader, base_, id));
    }

    void curveOverTheDefaultRange() {
        RunReader reader((path_ / "runs.sqlite").string());
        const auto sweep = ThresholdSweep::load(engine_.registry(), reader, base_, "dedup");
        const auto& spec = sweep.spec();
        QCOMPARE(spec.param, std::string("threshold"));
        const auto points = sweep.sweep({});
        QCOMPARE(points.size(),
                 std::size_t(std::floor((spec.max - spec.min) / spec.step + 1e-9) + 1));
        QCOMPARE(points.front().value, spec.min);
        QCOMPARE(points.back().value, spec.max);
        // A higher dedup threshold filters fewer items.
        for (std::size_t i = 1; i < points.size(); ++i)
            QVERIFY(points[i].kept >= points[i - 1].kept);
        const auto custom = sweep.sweep("threshold", 0.8, 0.9, 0.05);
        QCOMPARE(custom.size(), std::size_t(3));
        QCOMPARE(custom[1].value, 0.85);
        QVERIFY_EXCEPTION_THROWN(sweep.sweep("min_score"), cascade::Error);
        QVERIFY_EXCEPTION_THROWN(sweep.sweep({}, 0.9, 0.8), cascade::Error);
        QVERIFY_EXCEPTION_THROWN(ThresholdSweep::load(engine_.registry(), reader, base_, "titles"),
                                 cascade::Error);
    }

    void labelsGivePrecisionAndRecall() {
        RunReader reader((path_ / "runs.sqlite").string());
        std::vector<Item> filtered, kept;
        for (const auto& item : reader.items(base_, "judge"))
            (item.status == ItemStatus::Filtered ? filtered : kept).push_back(item);
        QVERIFY(filtered.size() >= 2 && kept.size() >= 2);
        // Truth: filtered[0] should be filtered, filtered[1] should be kept, kept[0] should be
        // kept, kept[1] should be filtered.
        LabelStore labels(reader.db().path());
        labels.clear_stage("judge");
        const auto label = [&](const Item& item, Truth truth) {
            labels.set(
                {"judge", LabelStore::content_hash(item.data), truth, "", item.key, base_, ""});
        };
        label(filtered[0], Truth::Drop);
        label(filtered[1], Truth::Keep);
        label(kept[0], Truth::Keep);
        label(kept[1], Truth::Drop);
        const auto sweep = ThresholdSweep::load(engine_.registry(), reader, base_, "judge");
        QCOMPARE(sweep.labelled(), std::int64_t(4));
        const auto at_run = sweep.at({}, 3.0);
        QCOMPARE(at_run.true_filtered, std::int64_t(1));
        QCOMPARE(at_run.false_filtered, std::int64_t(1));
        QCOMPARE(at_run.missed, std::int64_t(1));
        QCOMPARE(*at_run.precision, 0.5);
        QCOMPARE(*at_run.recall, 0.5);
        QCOMPARE(*at_run.agreement, 0.5);
        // Keeping everything filters nothing: no precision, and recall 0.
        const auto keep_all = sweep.at({}, 0.0);
        QCOMPARE(keep_all.filtered, std::int64_t(0));
        QVERIFY(!keep_all.precision);
        QCOMPARE(*keep_all.recall, 0.0);
        // Filtering everything finds both items that should go.
        const auto drop_all = sweep.at({}, 10.0);
        QCOMPARE(*drop_all.recall, 1.0);
        QCOMPARE(*drop_all.precision, 0.5);
        labels.clear_stage("judge");
    }

    // Issue 8.3: a label is the truth about an item, not a verdict on one run's decision, so two
    // runs that decided the same items oppositely are measured against the same truth.
    void groundTruthMeansTheSameInEveryRun() {
        RunReader reader((path_ / "runs.sqlite").string());
        LabelStore labels(reader.db().path());
        labels.clear_stage("judge");
        // A reviewer who finds the base run's judge right about every item it decided, through
        // the review's one-key flow ("1 = the gate was right") on the base run.
        int labelled = 0;
        for (const auto& item : reader.items(base_, "judge")) {
            if (item.status == ItemStatus::Error) continue;
            labels.set({"judge", LabelStore::content_hash(item.data),
                        LabelStore::truth_for_verdict(item.status, true), "", item.key, base_, ""});
            ++labelled;
        }
        QVERIFY(labelled >= 4);
        // The same items judged with min_score 4: every score-3 item now goes the other way.
        const auto stricter = run("judge-4");
        const auto before = statuses(reader, base_, "judge");
        const auto after = statuses(reader, stricter, "judge");
        QCOMPARE(before.size(), after.size());
        QVERIFY(before != after);

        const auto base = ThresholdSweep::load(engine_.registry(), reader, base_, "judge");
        const auto other = ThresholdSweep::load(engine_.registry(), reader, stricter, "judge");
        QCOMPARE(base.labelled(), std::int64_t(labelled));
        QCOMPARE(other.labelled(), std::int64_t(labelled));
        const auto a = base.sweep({}, 0.0, 6.0, 0.5);
        const auto b = other.sweep({}, 0.0, 6.0, 0.5);
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(b[i].agreement, a[i].agreement);
            QCOMPARE(b[i].precision, a[i].precision);
            QCOMPARE(b[i].recall, a[i].recall);
        }
        // Both say the base run's threshold is the one that agrees with the reviewer, and the
        // stricter run's is not.
        QCOMPARE(*base.at({}, 3.0).agreement, 1.0);
        QCOMPARE(*other.at({}, 3.0).agreement, 1.0);
        QVERIFY(*other.at({}, 4.0).agreement < 1.0);
        labels.clear_stage("judge");
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "test_sweep.moc"
