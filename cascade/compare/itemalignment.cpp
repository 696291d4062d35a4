#include "cascade/compare/itemalignment.h"

#include <functional>
#include <string_view>
#include <unordered_map>

#include "cascade/store/runreader.h"
#include "cascade/store/statement.h"

namespace cascade {

namespace {

struct Digest {
    std::string key;
    std::size_t status, reason, scores, data;
};

// Rows as stored, in stage order; the JSON texts are hashed, never parsed.
std::vector<Digest> digests(RunReader& reader, std::int64_t run_id, const std::string& stage) {
    Statement q(reader.db(),
                "SELECT key, status, reason, scores, data FROM items WHERE run_id = ? AND "
                "stage = ? ORDER BY id");
    q.bind(1, run_id).bind(2, stage);
    const std::hash<std::string_view> hash;
    std::vector<Digest> out;
    while (q.step())
        out.push_back({q.text(0), hash(q.text_view(1)), hash(q.text_view(2)), hash(q.text_view(3)),
                       hash(q.text_view(4))});
    return out;
}

std::uint8_t diff_mask(const Digest& a, const Digest& b) {
    return static_cast<std::uint8_t>((a.status != b.status ? 1 : 0) |
                                     (a.reason != b.reason ? 2 : 0) |
                                     (a.scores != b.scores ? 4 : 0) | (a.data != b.data ? 8 : 0));
}

}  // namespace

const char* to_string(ItemChange change) {
    switch (change) {
        case ItemChange::Same:
            return "same";
        case ItemChange::Changed:
            return "changed";
        case ItemChange::Added:
            return "added";
        case ItemChange::Removed:
            return "removed";
    }
    return "same";
}

ItemAlignment::ItemAlignment(RunReader& reader, std::int64_t run_a, std::int64_t run_b,
                             const std::string& stage)
    : reader_(reader), run_a_(run_a), run_b_(run_b), stage_(stage) {
    const auto a = digests(reader, run_a, stage);
    const auto b = digests(reader, run_b, stage);
    std::unordered_map<std::string_view, std::size_t> index_a;
    index_a.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) index_a.emplace(a[i].key, i);

    std::vector<std::uint8_t> masks(a.size(), 0);
    std::vector<bool> in_b(a.size(), false);
    // added[i]: B-only rows that follow A's row i - 1 (added[0]: before A's first row).
    std::vector<std::vector<std::size_t>> added(a.size() + 1);
    std::size_t slot = 0;
    for (std::size_t j = 0; j < b.size(); ++j) {
        const auto it = index_a.find(b[j].key);
        if (it == index_a.end()) {
            added[slot].push_back(j);
            continue;
        }
        in_b[it->second] = true;
        masks[it->second] = diff_mask(a[it->second], b[j]);
        slot = it->second + 1;
    }
    rows_.reserve(a.size() + b.size());
    const auto push_added = [&](std::size_t at) {
        for (const auto j : added[at]) rows_.push_back({b[j].key, ItemChange::Added, 0});
    };
    push_added(0);
    for (std::size_t i = 0; i < a.size(); ++i) {
        const ItemChange change = !in_b[i]        ? ItemChange::Removed
                                  : masks[i] != 0 ? ItemChange::Changed
                                                  : ItemChange::Same;
        rows_.push_back({a[i].key, change, masks[i]});
        push_added(i + 1);
    }
}

std::int64_t ItemAlignment::count(ItemChange change) const {
    std::int64_t n = 0;
    for (const auto& row : rows_) n += row.change == change ? 1 : 0;
    return n;
}

ItemPage ItemAlignment::page(bool only_differences, std::int64_t offset, std::int64_t limit) const {
    ItemPage page;
    for (const auto& row : rows_) {
        if (only_differences && row.change == ItemChange::Same) continue;
        const std::int64_t position = page.total++;
        if (position < offset || (limit >= 0 && position >= offset + limit)) continue;
        AlignedItem item;
        item.key = row.key;
        item.change = row.change;
        item.status_changed = row.diff_mask & 1;
        item.reason_changed = row.diff_mask & 2;
        item.scores_changed = row.diff_mask & 4;
        item.data_changed = row.diff_mask & 8;
        if (row.change != ItemChange::Added) item.a = reader_.item(run_a_, stage_, row.key);
        if (row.change != ItemChange::Removed) item.b = reader_.item(run_b_, stage_, row.key);
        page.rows.push_back(std::move(item));
    }
    return page;
}

std::string ItemAlignment::display_text(const Item& item) {
    if (item.data.is_string()) return item.data.get<std::string>();
    // Text output is stored as {"text": ...}.
    if (item.data.is_object() && item.data.size() == 1 && item.data.contains("text") &&
        item.data["text"].is_string())
        return item.data["text"].get<std::string>();
    return item.data.dump(2);
}

}  // namespace cascade
