#include "cascade/store/storeupgrades.h"

#include "cascade/core/item.h"
#include "cascade/store/labelstore.h"
#include "cascade/store/statement.h"

namespace cascade {

void StoreUpgrades::verdicts_to_truth(Database& db) {
    {
        // Oldest first, so that of two verdicts on the same content the newer one wins.
        Statement old(db,
                      "SELECT v.stage, v.item_key, v.verdict, v.note, v.run_id, v.updated_at, "
                      "i.status, i.data FROM review_verdicts v JOIN items i ON i.run_id = "
                      "v.run_id AND i.stage = v.stage AND i.key = v.item_key "
                      "ORDER BY v.updated_at");
        Statement insert(db,
                         "INSERT OR REPLACE INTO labels (stage, content_hash, truth, note, "
                         "item_key, run_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
        while (old.step()) {
            const auto decision = item_status_from_string(old.text(6));
            const std::string verdict = old.text(2);
            if (decision == ItemStatus::Error || (verdict != "correct" && verdict != "wrong"))
                continue;
            const Truth truth = LabelStore::truth_for_verdict(decision, verdict == "correct");
            insert.bind(1, old.text(0))
                .bind(2, LabelStore::content_hash(Json::parse(old.text_view(7))))
                .bind(3, to_string(truth))
                .bind(4, old.text(3))
                .bind(5, old.text(1))
                .bind(6, old.int64(4))
                .bind(7, old.text(5))
                .run();
        }
    }
    db.exec("DROP TABLE review_verdicts");
}

void StoreUpgrades::reused_stage_sources(Database& db) {
    // A copy is always newer than what it copied, so in run order every source is final
    // before a copy of it is read.
    Statement reused(db,
                     "SELECT run_id, stage, reused_from FROM stage_runs WHERE reused_from IS NOT "
                     "NULL ORDER BY run_id");
    Statement update(db,
                     "UPDATE stage_runs SET recorded_calls = COALESCE((SELECT s.recorded_calls "
                     "FROM stage_runs s WHERE s.run_id = ?1 AND s.stage = ?2), 0) WHERE "
                     "run_id = ?3 AND stage = ?2");
    while (reused.step()) {
        update.bind(1, reused.int64(2)).bind(2, reused.text(1)).bind(3, reused.int64(0)).run();
    }
}

}  // namespace cascade
