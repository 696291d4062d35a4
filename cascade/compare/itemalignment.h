#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cascade/core/item.h"

namespace cascade {

class RunReader;

enum class ItemChange { Same, Changed, Added, Removed };
const char* to_string(ItemChange change);

struct AlignedItem {
    std::string key;
    ItemChange change = ItemChange::Same;
    std::optional<Item> a;  // empty for an added item
    std::optional<Item> b;  // empty for a removed item
    // What differs, for a changed item.
    bool status_changed = false;
    bool data_changed = false;
    bool reason_changed = false;
    bool scores_changed = false;
};

struct ItemPage {
    std::vector<AlignedItem> rows;
    std::int64_t total = 0;  // rows matching the filter, across all pages
};

// One stage's items of two runs aligned by key: same, changed (status, reason, data or
// scores differ), added (only in B) or removed (only in A). The alignment holds only keys and
// digests of the stored rows, without parsing their JSON, so a stage of 100,000 items aligns
// quickly; a page then loads its full items.
class ItemAlignment {
public:
    ItemAlignment(RunReader& reader, std::int64_t run_a, std::int64_t run_b,
                  const std::string& stage);

    std::int64_t count(ItemChange change) const;
    std::int64_t size() const { return static_cast<std::int64_t>(rows_.size()); }
    std::int64_t differences() const { return size() - count(ItemChange::Same); }

    ItemPage page(bool only_differences, std::int64_t offset, std::int64_t limit) const;

    // The text a word diff is taken of: a string as is, anything else as indented JSON.
    static std::string display_text(const Item& item);

private:
    struct Row {
        std::string key;
        ItemChange change;
        std::uint8_t diff_mask;  // 1 status, 2 reason, 4 scores, 8 data
    };

    RunReader& reader_;
    std::int64_t run_a_;
    std::int64_t run_b_;
    std::string stage_;
    std::vector<Row> rows_;  // A's order, each added item after the B item before it
};

}  // namespace cascade
