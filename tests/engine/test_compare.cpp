// RunComparison, ItemAlignment and WordDiff on runs made by the real engine against a fake
// OpenAI server: deltas, stage and item alignment, paging, and the word diff.
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <atomic>

#include "cascade/compare/itemalignment.h"
#include "cascade/compare/runcomparison.h"
#include "cascade/compare/worddiff.h"
#include "cascade/engine/engine.h"
#include "cascade/store/runreader.h"
#include "support/fakehttpserver.h"
#include "support/fakeopenai.h"
#include "support/testproject.h"

using namespace cascade;
using namespace cascade::testing;

namespace {

// mode 0: two ideas per product. mode 1: product 1 gets a reworded first idea and a third one.
FakeReply answer(const FakeRequest& request, int mode) {
    const std::string first = request.json->at("messages")[0]["content"].get<std::string>();
    if (first.rfind("List two selling points for ", 0) == 0) {
        const std::string name = first.substr(28, first.find('.') - 28);
        Json ideas = {{{"point", "sturdy " + name}}, {{"point", "cheap " + name}}};
        if (mode == 1 && name == "Product 1") {
            ideas[0]["point"] = "solid and sturdy " + name;
            ideas.push_back({{"point", "light " + name}});
        }
        return FakeReply::json(openai_chat_reply(Json{{"ideas", ideas}}.dump(), 20, 10));
    }
    if (first.rfind("Describe ", 0) == 0)  // the one-stage variant: pricier per call
        return FakeReply::json(openai_chat_reply("All about it.", 50, 10));
    return FakeReply::json(openai_chat_reply("Pitch: " + first.substr(0, 40), 30, 8));
}

std::string joined(const WordDiff::Result& result, WordDiff::Op op) {
    std::string out;
    for (const auto& s : result.segments)
        if (s.op == op) out += s.text + "|";
    return out;
}

const MetricDelta& metric(const StageComparison& row, const std::string& name) {
    for (const auto& m : row.metrics)
        if (m.name == name) return m;
    qFatal("no metric %s", name.c_str());
}

}  // namespace

class TestCompare : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    Engine engine_;
    std::atomic<int> mode_{0};
    std::unique_ptr<FakeHttpServer> server_;
    std::filesystem::path path_;
    std::int64_t base_ = 0, changed_ = 0, single_ = 0;

    std::int64_t run(const std::string& variant, RunOptions options = {}) {
        auto opened = engine_.open(path_, variant);
        if (!opened.project) qFatal("%s", opened.diagnostics.format_errors().c_str());
        RunContext context;
        EventSink sink;
        return engine_.run(*opened.project, options, context, sink);
    }

private slots:
    void initTestCase() {
        server_ = std::make_unique<FakeHttpServer>(
            [this](const FakeRequest& r) { return answer(r, mode_.load()); });
        path_ = std::filesystem::path(dir_.path().toStdString()) / "project";
        auto document = write_two_stage_project(path_, server_->base_url(), 3);
        write_file(path_ / "prompts/describe.md", "Describe {{name}} in one line.\n");
        document["variants"] = {{"single",
                                 {{"stages",
                                   {{{"id", "describe"},
                                     {"kind", "generate"},
                                     {"model", "writer"},
                                     {"prompt", "prompts/describe.md"}}}}}}};
        write_project(path_, document);
        base_ = run("");
        // A reworded ideas prompt, so that its calls reach the server instead of the cache.
        write_file(path_ / "prompts/ideas.md", "List two selling points for {{name}}. Be brief.\n");
        mode_ = 1;
        RunOptions two_inputs;
        two_inputs.limit = 2;
        changed_ = run("", two_inputs);
        mode_ = 0;
        single_ = run("single");
    }

    void stageDeltasAndTotals() {
        RunReader reader((path_ / "runs.sqlite").string());
        const RunComparison cmp(reader, base_, changed_);
        QCOMPARE(cmp.stages().size(), std::size_t(2));
        const auto& ideas = cmp.stages()[0];
        QCOMPARE(ideas.stage, std::string("ideas"));
        QCOMPARE(ideas.presence, StageComparison::Presence::Both);
        QCOMPARE(metric(ideas, "items_in").a, 3.0);
        QCOMPARE(metric(ideas, "items_in").b, 2.0);
        QCOMPARE(metric(ideas, "kept").b, 5.0);  // 3 + 2 ideas
        QCOMPARE(metric(ideas, "tokens_in").a, 60.0);
        QCOMPARE(metric(ideas, "tokens_in").b, 40.0);
        QCOMPARE(metric(ideas, "tokens_in").abs, -20.0);
        QVERIFY(std::abs(*metric(ideas, "tokens_in").percent + 100.0 / 3.0) < 1e-9);
        QCOMPARE(metric(ideas, "tokens_in").better, Better::B);
        QCOMPARE(metric(ideas, "kept").better, Better::Neither);  // more is not better
        // Cost counts cache hits at list price, so a replayed run still compares.
        QCOMPARE(metric(ideas, "cost").a, (60 * 1.0 + 30 * 2.0) / 1e6);
        const auto& pitch = cmp.stages()[1];
        QCOMPARE(metric(pitch, "calls").a, 6.0);
        QCOMPARE(metric(pitch, "calls").b, 5.0);

        QCOMPARE(cmp.totals_a().inputs, std::int64_t(3));
        QCOMPARE(cmp.totals_b().inputs, std::int64_t(2));
        QCOMPARE(cmp.totals_a().kept, std::int64_t(6));
        QCOMPARE(cmp.totals_b().kept, std::int64_t(5));
        // A: 3 * (20/10 tokens) + 6 * (30/8) per 3 inputs; B: 2 * (20/10) + 5 * (30/8) per 2.
        const double a = (60 + 2 * 30 + 180 + 2 * 48) / 1e6 / 3;
        const double b = (40 + 2 * 20 + 150 + 2 * 40) / 1e6 / 2;
        QVERIFY(std::abs(cmp.totals_a().cost_per_input - a) < 1e-15);
        QVERIFY(std::abs(cmp.totals_b().cost_per_input - b) < 1e-15);
        // B costs (155 - 132) / 132 = 17% more per input, and keeps 2.5 instead of 2 per input.
        QCOMPARE(cmp.verdict(),
                 std::string("B costs 17% more per input ($0.000155 vs $0.000132), keeps 25% more "
                             "items per input."));
    }

    void stagesOfDifferentPipelinesAlign() {
        RunReader reader((path_ / "runs.sqlite").string());
        const RunComparison cmp(reader, base_, single_);
        QCOMPARE(cmp.stages().size(), std::size_t(3));
        QCOMPARE(cmp.stages()[0].stage, std::string("describe"));
        QCOMPARE(cmp.stages()[0].presence, StageComparison::Presence::OnlyB);
        QCOMPARE(cmp.stages()[1].presence, StageComparison::Presence::OnlyA);
        QCOMPARE(cmp.stages()[2].presence, StageComparison::Presence::OnlyA);
        QCOMPARE(metric(cmp.stages()[0], "calls").a, 0.0);
        QCOMPARE(metric(cmp.stages()[0], "calls").b, 3.0);
        // The single stage: 3 calls of 50 in / 10 out = 3 * 70e-6 for 3 inputs.
        QVERIFY(std::abs(cmp.totals_b().cost_per_input - 70e-6) < 1e-15);
        QVERIFY(cmp.totals_b().cost_per_input < cmp.totals_a().cost_per_input);
        QVERIFY2(cmp.verdict().find("less per input") != std::string::npos, cmp.verdict().c_str());
    }

    void itemsAlignByKey() {
        RunReader reader((path_ / "runs.sqlite").string());
        const ItemAlignment ideas(reader, base_, changed_, "ideas");
        QCOMPARE(ideas.count(ItemChange::Changed), std::int64_t(1));  // p1/ideas/0 reworded
        QCOMPARE(ideas.count(ItemChange::Added), std::int64_t(1));    // p1/ideas/2
        QCOMPARE(ideas.count(ItemChange::Removed), std::int64_t(2));  // p3's ideas (limit 2)
        QCOMPARE(ideas.count(ItemChange::Same), std::int64_t(3));
        QCOMPARE(ideas.differences(), std::int64_t(4));

        const auto all = ideas.page(false, 0, -1);
        QCOMPARE(all.total, std::int64_t(7));
        // The added idea follows its sibling in B's order.
        QCOMPARE(all.rows[1].key, std::string("p1/ideas/1"));
        QCOMPARE(all.rows[2].key, std::string("p1/ideas/2"));
        QCOMPARE(all.rows[2].change, ItemChange::Added);
        QVERIFY(!all.rows[2].a && all.rows[2].b);
        const auto& changed = all.rows[0];
        QCOMPARE(changed.change, ItemChange::Changed);
        QVERIFY(changed.data_changed && !changed.status_changed);
        QCOMPARE(changed.b->data["point"].get<std::string>(),
                 std::string("solid and sturdy Product 1"));

        const auto diffs = ideas.page(true, 0, 2);
        QCOMPARE(diffs.total, std::int64_t(4));
        QCOMPARE(diffs.rows.size(), std::size_t(2));
        const auto rest = ideas.page(true, 2, 2);
        QCOMPARE(rest.rows.size(), std::size_t(2));
        QCOMPARE(rest.rows[0].change, ItemChange::Removed);
        QCOMPARE(rest.rows[0].key, std::string("p3/ideas/0"));

        // The pitch of the reworded idea changed too; the others' pitches are the same text.
        const ItemAlignment pitch(reader, base_, changed_, "pitch");
        QCOMPARE(pitch.count(ItemChange::Changed), std::int64_t(1));
        const auto row = pitch.page(true, 0, 1).rows.front();
        QCOMPARE(row.key, std::string("p1/ideas/0/pitch"));
        const auto diff = WordDiff::diff(ItemAlignment::display_text(*row.a),
                                         ItemAlignment::display_text(*row.b));
        QVERIFY(diff.changed);
        QVERIFY(diff.words_added >= 1 && diff.words_removed >= 1);
    }

    void wordDiffMarksOnlyWhatChanged() {
        const auto diff = WordDiff::diff("Fresh, fast meals for busy nights",
                                         "Fresh and fast meals for busy weeknights");
        QCOMPARE(joined(diff, WordDiff::Op::Removed), std::string(",|nights|"));
        // Where the space around "and" goes is a tie between two minimal scripts.
        std::string added = joined(diff, WordDiff::Op::Added);
        added.erase(std::remove(added.begin(), added.end(), ' '), added.end());
        QCOMPARE(added, std::string("and|weeknights|"));
        QCOMPARE(diff.words_added, 2);
        QCOMPARE(diff.words_removed, 1);
        std::string a, b;
        for (const auto& s : diff.segments) {
            if (s.op != WordDiff::Op::Added) a += s.text;
            if (s.op != WordDiff::Op::Removed) b += s.text;
        }
        QCOMPARE(a, std::string("Fresh, fast meals for busy nights"));
        QCOMPARE(b, std::string("Fresh and fast meals for busy weeknights"));

        const auto same = WordDiff::diff("same text", "same text");
        QVERIFY(!same.changed);
        QCOMPARE(same.segments.size(), std::size_t(1));
        QCOMPARE(WordDiff::tokenize("Crème brûlée, 2x!"),
                 (std::vector<std::string>{"Crème", " ", "brûlée", ",", " ", "2x", "!"}));
        QCOMPARE(WordDiff::diff("", "new words").words_added, 2);
        QCOMPARE(std::string(WordDiff::to_string(WordDiff::Op::Removed)), std::string("removed"));
    }
};

QTEST_GUILESS_MAIN(TestCompare)
#include "test_compare.moc"
