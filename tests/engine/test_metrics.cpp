// The cascade-science metrics on small data with known answers.
#include <QtTest>

#include "cascade/metrics/confusionmatrix.h"
#include "cascade/metrics/criticalpath.h"
#include "cascade/metrics/distribution.h"
#include "cascade/metrics/setagreement.h"

using namespace cascade;

class TestMetrics : public QObject {
    Q_OBJECT

private slots:
    // The textbook example (Cohen 1960 as usually quoted): 50 items, 20 yes/yes, 5 yes/no,
    // 10 no/yes, 15 no/no. Observed agreement 0.7, chance 0.5, kappa 0.4.
    void kappaOfTheTextbookTable() {
        ConfusionMatrix m;
        for (int i = 0; i < 20; ++i) m.add(true, true);
        for (int i = 0; i < 5; ++i) m.add(true, false);
        for (int i = 0; i < 10; ++i) m.add(false, true);
        for (int i = 0; i < 15; ++i) m.add(false, false);
        QCOMPARE(m.total(), std::int64_t(50));
        QCOMPARE(*m.agreement(), 0.7);
        QVERIFY(qAbs(*m.kappa() - 0.4) < 1e-12);
        QCOMPARE(*m.precision(), 20.0 / 25.0);
        QCOMPARE(*m.recall(), 20.0 / 30.0);
    }

    void kappaIsOneForPerfectAndBelowZeroForSystematicDisagreement() {
        ConfusionMatrix same;
        same.add(true, true);
        same.add(false, false);
        QCOMPARE(*same.kappa(), 1.0);
        ConfusionMatrix opposite;
        opposite.add(true, false);
        opposite.add(false, true);
        QCOMPARE(*opposite.kappa(), -1.0);
    }

    void undefinedValuesAreEmptyNotNan() {
        ConfusionMatrix none;
        QVERIFY(!none.agreement());
        QVERIFY(!none.kappa());
        ConfusionMatrix all_yes;  // both raters always say yes: chance agreement is 1
        all_yes.add(true, true);
        all_yes.add(true, true);
        QCOMPARE(*all_yes.agreement(), 1.0);
        QVERIFY(!all_yes.kappa());
        ConfusionMatrix no_positives;
        no_positives.add(false, false);
        QVERIFY(!no_positives.precision());
        QVERIFY(!no_positives.recall());
    }

    void jaccardOfKeywordLists() {
        QCOMPARE(jaccard({"a", "b", "c"}, {"b", "c", "d"}), 0.5);
        QCOMPARE(jaccard({}, {}), 1.0);
        QCOMPARE(jaccard({"x"}, {}), 0.0);
        // Case, outer and repeated inner whitespace, and duplicates do not count as differences.
        QCOMPARE(
            jaccard({"  Gochujang   Sauce ", "kimchi", "kimchi"}, {"gochujang sauce", "Kimchi"}),
            1.0);
        QCOMPARE(normalise_term(" A\tB  c "), std::string("a b c"));
    }

    void percentilesAndMean() {
        Distribution d({10, 1, 9, 2, 8, 3, 7, 4, 6, 5});
        QCOMPARE(d.size(), std::size_t(10));
        QCOMPARE(d.percentile(0.0), 1.0);
        QCOMPARE(d.percentile(1.0), 10.0);
        QCOMPARE(d.percentile(0.5), 6.0);  // nearest rank: round(0.5 * 9) = index 5
        QCOMPARE(d.mean(), 5.5);
        QCOMPARE(Distribution().percentile(0.5), 0.0);
        QCOMPARE(Distribution({1.0, std::nan(""), 3.0}).size(), std::size_t(2));
    }

    // u1: one themes call (3 s) makes t0 and t1; keywords on t0 take 2 s and on t1 0.5 s; the
    // judge (a gate: same keys) takes 0.1 s on t0 and 1 s on t1. Chains: 5.1 s and 4.5 s.
    void criticalPathTakesTheSlowestChain() {
        CriticalPath path;
        path.add({"u1", "input", "u1", "", "", 0});
        path.add({"u1", "themes", "u1/themes/0", "input", "u1", 3000});
        path.add({"u1", "themes", "u1/themes/1", "input", "u1", 3000});
        path.add({"u1", "keywords", "u1/themes/0/k", "themes", "u1/themes/0", 2000});
        path.add({"u1", "keywords", "u1/themes/1/k", "themes", "u1/themes/1", 500});
        path.add({"u1", "judge", "u1/themes/0/k", "keywords", "u1/themes/0/k", 100});
        path.add({"u1", "judge", "u1/themes/1/k", "keywords", "u1/themes/1/k", 1000});
        path.add({"u2", "input", "u2", "", "", 0});
        path.add({"u2", "themes", "u2/themes/0", "input", "u2", 1200});
        QCOMPARE(path.per_input().at("u1"), 5100.0);
        QCOMPARE(path.per_input().at("u2"), 1200.0);
        QCOMPARE(path.per_stage().at("u1").at("keywords"), 2000.0);
        QCOMPARE(path.per_stage().at("u1").at("judge"), 1000.0);
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "test_metrics.moc"
