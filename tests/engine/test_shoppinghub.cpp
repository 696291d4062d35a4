// The flagship sample end to end, offline from its recordings: every phase runs, every gate
// has work to do, every dropped item says why, and keyword selection stays inside the pruned
// candidate list.
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <set>

#include "cascade/engine/engine.h"
#include "cascade/store/runreader.h"

using namespace cascade;
namespace fs = std::filesystem;

class TestShoppingHub : public QObject {
    Q_OBJECT

private slots:
    void runsOfflineEndToEnd() {
        QTemporaryDir temp;
        const fs::path source = fs::path(CASCADE_PROJECTS_DIR) / "shopping-hub";
        const fs::path dir = fs::path(temp.path().toStdString()) / "shopping-hub";
        // The generated corpus and its index are copied when present so the test reuses them.
        fs::copy(source, dir, fs::copy_options::recursive);
        fs::remove(dir / "runs.sqlite");
        fs::remove(dir / "runs.sqlite-wal");
        fs::remove(dir / "runs.sqlite-shm");

        Engine engine;
        auto opened = engine.open(dir);
        QVERIFY2(opened.project, opened.diagnostics.format_errors().c_str());
        RunOptions options;
        options.offline = true;
        RunContext context;
        EventSink sink;
        const auto run_id = engine.run(*opened.project, options, context, sink);

        RunReader reader((dir / "runs.sqlite").string());
        QCOMPARE(reader.run(run_id)->status, std::string("finished"));
        const auto stages = reader.stages(run_id);
        QCOMPARE(stages.size(), std::size_t(6));
        for (const auto& stage : stages) {
            QVERIFY2(stage.counters.errors == 0, stage.stage.c_str());
            QVERIFY2(stage.counters.kept > 0, stage.stage.c_str());
        }
        QCOMPARE(reader.count_items(run_id, "input"), 12);
        // Every gate dropped something, and said why.
        for (const char* gate : {"dedup", "judge", "policy"}) {
            ItemFilter filtered;
            filtered.status = ItemStatus::Filtered;
            QVERIFY2(reader.count_items(run_id, gate, filtered) > 0, gate);
        }
        for (const auto& item : reader.filtered_items(run_id))
            QVERIFY2(!item.reason.empty(), item.key.c_str());

        // Keywords are chosen only from the candidates their theme was offered.
        int checked = 0;
        for (const auto& keywords : reader.items(run_id, "keywords")) {
            const auto candidates = reader.item(run_id, keywords.parent_stage, keywords.parent_key);
            QVERIFY(candidates);
            QCOMPARE(candidates->data["candidates"].size(), std::size_t(100));
            std::set<std::string> offered;
            for (const auto& c : candidates->data["candidates"]) offered.insert(c["text"]);
            for (const auto& k : keywords.data["keywords"]) {
                QVERIFY2(offered.count(k.get<std::string>()), k.get<std::string>().c_str());
                ++checked;
            }
        }
        QVERIFY(checked > 100);

        // The monolithic variant replays too, for the cost comparison.
        auto monolithic = engine.open(dir, "monolithic");
        QVERIFY2(monolithic.project, monolithic.diagnostics.format_errors().c_str());
        const auto mono_id = engine.run(*monolithic.project, options, context, sink);
        QCOMPARE(reader.run(mono_id)->status, std::string("finished"));
        for (const auto& stage : reader.stages(mono_id))
            QVERIFY2(stage.counters.errors == 0, stage.stage.c_str());
    }
};

QTEST_APPLESS_MAIN(TestShoppingHub)
#include "test_shoppinghub.moc"
