#include "cascade/store/labelstore.h"

#include "cascade/core/hash.h"
#include "cascade/store/statement.h"
#include "cascade/store/storeschema.h"

namespace cascade {

namespace {

const char* kLabelColumns = "stage, content_hash, truth, note, item_key, run_id, updated_at";

Label read_label(Statement& q) {
    Label label;
    label.stage = q.text(0);
    label.content_hash = q.text(1);
    label.truth = truth_from_string(q.text(2));
    label.note = q.text(3);
    label.item_key = q.text(4);
    if (!q.is_null(5)) label.run_id = q.int64(5);
    label.updated_at = q.text(6);
    return label;
}

}  // namespace

LabelStore::LabelStore(const std::string& path) : db_(path) {
    StoreSchema::migrate(db_);
}

void LabelStore::set(const Label& label) {
    Statement q(db_, std::string("INSERT OR REPLACE INTO labels (") + kLabelColumns +
                         ") VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, label.stage)
        .bind(2, label.content_hash)
        .bind(3, to_string(label.truth))
        .bind(4, label.note)
        .bind(5, label.item_key)
        .bind(6, label.run_id)
        .bind(7, label.updated_at.empty() ? utc_now_iso() : label.updated_at)
        .run();
}

bool LabelStore::clear(const std::string& stage, const std::string& content_hash) {
    Statement q(db_, "DELETE FROM labels WHERE stage = ? AND content_hash = ?");
    q.bind(1, stage).bind(2, content_hash).run();
    return db_.changes() > 0;
}

int LabelStore::clear_stage(const std::string& stage) {
    Statement q(db_, "DELETE FROM labels WHERE ?1 = '' OR stage = ?1");
    q.bind(1, stage).run();
    return db_.changes();
}

std::optional<Label> LabelStore::find(const std::string& stage, const std::string& content_hash) {
    Statement q(db_, std::string("SELECT ") + kLabelColumns +
                         " FROM labels WHERE stage = ? AND content_hash = ?");
    q.bind(1, stage).bind(2, content_hash);
    if (!q.step()) return std::nullopt;
    return read_label(q);
}

std::vector<Label> LabelStore::list(const std::string& stage) {
    Statement q(db_, std::string("SELECT ") + kLabelColumns +
                         " FROM labels WHERE ?1 = '' OR stage = ?1 ORDER BY stage, item_key, "
                         "content_hash");
    q.bind(1, stage);
    std::vector<Label> out;
    while (q.step()) out.push_back(read_label(q));
    return out;
}

LabelStore::Merged LabelStore::merge(const std::vector<Label>& labels) {
    Merged merged;
    Transaction tx(db_);
    for (const auto& label : labels) {
        const auto existing = find(label.stage, label.content_hash);
        if (existing && (existing->updated_at >= label.updated_at ||
                         (existing->truth == label.truth && existing->note == label.note))) {
            ++merged.unchanged;
            continue;
        }
        set(label);
        ++(existing ? merged.updated : merged.added);
    }
    tx.commit();
    return merged;
}

std::string LabelStore::content_hash(const Json& data) {
    return Sha256().add("cascade-label/1").add(canonical_dump(data)).hex();
}

Truth LabelStore::truth_for_verdict(ItemStatus decision, bool gate_was_right) {
    const bool dropped = decision == ItemStatus::Filtered;
    return dropped == gate_was_right ? Truth::Drop : Truth::Keep;
}

std::optional<bool> LabelStore::decision_agrees(ItemStatus decision, Truth truth) {
    if (decision == ItemStatus::Error) return std::nullopt;
    return (decision == ItemStatus::Filtered) == (truth == Truth::Drop);
}

}  // namespace cascade
