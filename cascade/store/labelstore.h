#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cascade/core/item.h"
#include "cascade/store/database.h"
#include "cascade/store/storerecords.h"

namespace cascade {

// The review labels of a project's run store, on their own connection: ground truth per stage
// and item content ("keep" / "drop"), which every run's agreement, precision and recall are
// computed from. Labels outlive runs; none belongs to one.
class LabelStore {
public:
    explicit LabelStore(const std::string& path);

    // Stores a label, replacing the one for the same (stage, content_hash).
    void set(const Label& label);
    // Removes the label of (stage, content_hash); false when there was none.
    bool clear(const std::string& stage, const std::string& content_hash);
    // Removes every label of a stage (every label when stage is empty); returns how many.
    int clear_stage(const std::string& stage);
    std::optional<Label> find(const std::string& stage, const std::string& content_hash);
    // Every label of a stage (every label when stage is empty), by stage then item key.
    std::vector<Label> list(const std::string& stage = {});

    struct Merged {
        int added = 0;
        int updated = 0;    // replaced an older label of the same content
        int unchanged = 0;  // the same, or older than the one stored
    };
    // Labels from elsewhere (a teammate's export): the newer of two labels of the same content
    // wins, by updated_at. One transaction.
    Merged merge(const std::vector<Label>& labels);

    // The key a label follows: a hash of the item's data (its text or JSON, canonical).
    static std::string content_hash(const Json& data);
    // What a reviewer's "the gate was right / wrong" about a run's decision says about the item.
    static Truth truth_for_verdict(ItemStatus decision, bool gate_was_right);
    // Whether a run's decision agrees with the truth; empty for error items (no decision).
    static std::optional<bool> decision_agrees(ItemStatus decision, Truth truth);

private:
    Database db_;
};

}  // namespace cascade
