// CostEstimator and TokenEstimator: the pre-run estimate of the hello-cascade sample against
// its recorded usage (offline replay), fan-out learned from an earlier run against a fake
// server, the cache share, and estimated-vs-actual for a finished run.
#include <QTemporaryDir>
#include <QtTest>

#include "cascade/cost/costestimator.h"
#include "cascade/cost/tokenestimator.h"
#include "cascade/engine/engine.h"
#include "cascade/engine/recordings.h"
#include "cascade/store/runreader.h"
#include "cascade/store/runstore.h"
#include "support/fakehttpserver.h"
#include "support/fakeopenai.h"
#include "support/testproject.h"

using namespace cascade;
using namespace cascade::testing;

namespace {

const StageEstimate& stage(const CostEstimate& e, const std::string& id) {
    for (const auto& s : e.stages)
        if (s.stage == id) return s;
    qFatal("no stage %s", id.c_str());
}

// |estimate - actual| <= 30% of actual.
bool within_30(double estimate, double actual) {
    return actual > 0 && std::abs(estimate - actual) <= 0.30 * actual;
}

std::string describe(double estimate, double actual) {
    return std::to_string(estimate) + " vs actual " + std::to_string(actual);
}

}  // namespace

class TestEstimate : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    Engine engine_;

    std::filesystem::path root() const { return dir_.path().toStdString(); }
    Project open(const std::filesystem::path& path) {
        auto opened = engine_.open(path);
        if (!opened.project) qFatal("%s", opened.diagnostics.format_errors().c_str());
        return std::move(*opened.project);
    }
    std::int64_t run(const Project& project, RunOptions options) {
        RunContext context;
        EventSink sink;
        return engine_.run(project, options, context, sink);
    }

private slots:
    void tokenCounts() {
        QCOMPARE(TokenEstimator::count(""), std::int64_t(0));
        QCOMPARE(TokenEstimator::count("hello world"), std::int64_t(2));
        QCOMPARE(TokenEstimator::count("internationalization"), std::int64_t(4));  // 20 letters
        QCOMPARE(TokenEstimator::count("12345"), std::int64_t(2));                 // 123 45
        QCOMPARE(TokenEstimator::count("{\"a\": 1}"), std::int64_t(5));            // {" a ": " 1" }
        QCOMPARE(TokenEstimator::count("line one\n\nline two"), std::int64_t(5));
        const Json body = {{"model", "m"},
                           {"messages",
                            {{{"role", "system"}, {"content", "Be brief."}},
                             {{"role", "user"}, {"content", "hello world"}}}}};
        // 3 priming + 2 * 3 framing + "Be brief." (3) + "hello world" (2).
        QCOMPARE(TokenEstimator::count_request(body), std::int64_t(14));
    }

    // The sample's recorded usage: the estimate before a run, and before a second run that
    // learns from the first, stay within 30% of the tokens the runs report.
    void sampleWithinThirtyPercentOfRecordedUsage() {
        const auto path = root() / "hello";
        std::filesystem::copy(CASCADE_PROJECTS_DIR "/hello-cascade", path,
                              std::filesystem::copy_options::recursive);
        std::filesystem::remove(path / "runs.sqlite");
        const Project project = open(path);
        {
            RunStore store(project.store_path().string());
            Recordings::import_project(project, store);
        }
        RunReader reader(project.store_path().string());
        const CostEstimator estimator(project, &reader);
        const auto before = estimator.estimate();
        QVERIFY(!before.reference_run);
        QCOMPARE(before.inputs, std::int64_t(5));
        const auto& features = stage(before, "features");
        QVERIFY(features.items_exact && features.cache_exact);
        QCOMPARE(features.calls, 5.0);
        QCOMPARE(features.cached_share, 1.0);  // every prompt is in the recordings
        QCOMPARE(features.cost_to_pay, 0.0);
        QCOMPARE(stage(before, "tagline").basis.find("input rows only") != std::string::npos, true);

        RunOptions offline;
        offline.offline = true;
        const auto first = run(project, offline);
        const auto stages = reader.stages(first);
        QCOMPARE(stages[0].counters.tokens_in > 0, true);
        QVERIFY2(within_30(features.tokens_in, double(stages[0].counters.tokens_in)),
                 describe(features.tokens_in, double(stages[0].counters.tokens_in)).c_str());

        const auto next = estimator.estimate();
        QCOMPARE(*next.reference_run, first);
        offline.reuse = false;
        const auto second = run(project, offline);
        double est_in = 0, est_out = 0, act_in = 0, act_out = 0;
        for (const auto& s : reader.stages(second)) {
            const auto& e = stage(next, s.stage);
            QCOMPARE(e.calls, double(s.counters.calls));
            QCOMPARE(e.cached_share, 1.0);
            QVERIFY2(
                within_30(e.tokens_in, double(s.counters.tokens_in)),
                (s.stage + ": " + describe(e.tokens_in, double(s.counters.tokens_in))).c_str());
            QVERIFY2(
                within_30(e.tokens_out, double(s.counters.tokens_out)),
                (s.stage + ": " + describe(e.tokens_out, double(s.counters.tokens_out))).c_str());
            est_in += e.tokens_in;
            est_out += e.tokens_out;
            act_in += double(s.counters.tokens_in);
            act_out += double(s.counters.tokens_out);
        }
        qInfo("hello-cascade tokens in: estimated %.0f, recorded %.0f (%+.1f%%); out: %.0f, %.0f",
              est_in, act_in, (est_in - act_in) / act_in * 100, est_out, act_out);

        // Estimated vs actual for the finished run uses the run before it as the reference.
        const auto check = estimator.compare(second);
        QCOMPARE(check.rows.size(), std::size_t(2));
        for (const auto& row : check.rows) {
            QVERIFY(row.ran);
            QVERIFY(within_30(row.estimate.tokens_in, double(row.actual.tokens_in)));
        }
        QCOMPARE(*check.estimate.reference_run, first);
    }

    // Fan-out and usage come from the last run; the cache share counts what is cached.
    void fanOutAndCacheFromTheLastRun() {
        FakeHttpServer server([](const FakeRequest& request) {
            const std::string first = request.json->at("messages")[0]["content"].get<std::string>();
            if (first.rfind("List two", 0) == 0) {
                const Json ideas = {{"ideas", {{{"point", "sturdy"}}, {{"point", "cheap"}}}}};
                return FakeReply::json(openai_chat_reply(ideas.dump(), 40, 12));
            }
            return FakeReply::json(openai_chat_reply("A pitch.", 30, 6));
        });
        const auto path = root() / "fanout";
        write_two_stage_project(path, server.base_url(), 4);
        const Project project = open(path);
        RunOptions two;
        two.limit = 2;
        const auto reference = run(project, two);
        RunReader reader(project.store_path().string());
        const CostEstimator estimator(project, &reader);
        const auto e = estimator.estimate();
        QCOMPARE(*e.reference_run, reference);
        const auto& ideas = stage(e, "ideas");
        QCOMPARE(ideas.items_in, 4.0);
        QCOMPARE(ideas.calls, 4.0);
        QCOMPARE(ideas.cached_share, 0.5);  // p1 and p2 are cached, exactly
        QVERIFY(ideas.cache_exact);
        QCOMPARE(ideas.tokens_out, 4 * 12.0);  // reply tokens per call of the reference
        // $1 / $2 per Mtok.
        QVERIFY(std::abs(ideas.cost - (ideas.tokens_in * 1.0 + ideas.tokens_out * 2.0) / 1e6) <
                1e-12);
        QVERIFY(std::abs(ideas.cost_to_pay - ideas.cost / 2) < 1e-12);
        const auto& pitch = stage(e, "pitch");
        QCOMPARE(pitch.items_in, 8.0);  // two ideas per input, as in the reference
        QCOMPARE(pitch.calls, 8.0);
        QVERIFY(!pitch.items_exact && !pitch.cache_exact);
        QCOMPARE(pitch.rendered, 4);  // the reference's ideas of the current inputs
        QCOMPARE(pitch.tokens_out, 8 * 6.0);
        QCOMPARE(e.calls, 12.0);

        // With --limit 1 only p1's items stand in for the later stage.
        EstimateOptions one;
        one.limit = 1;
        const auto small = estimator.estimate(one);
        QCOMPARE(stage(small, "ideas").cached_share, 1.0);
        QCOMPARE(stage(small, "pitch").items_in, 2.0);
        QCOMPARE(stage(small, "pitch").rendered, 2);

        // No reference: fan-out 1 and max_tokens/2 (here unset: 256 per reply).
        EstimateOptions none;
        none.reference_run = -1;
        const auto blind = estimator.estimate(none);
        QCOMPARE(stage(blind, "pitch").items_in, 4.0);
        QCOMPARE(stage(blind, "ideas").tokens_out, 4 * 256.0);
    }
};

QTEST_GUILESS_MAIN(TestEstimate)
#include "test_estimate.moc"
