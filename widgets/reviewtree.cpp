#include "widgets/reviewtree.h"

#include <QHash>

#include <algorithm>

void ReviewTree::build(const std::vector<ReviewEntry>& entries) {
    stages_.clear();
    groups_.clear();
    order_.clear();
    entry_group_.assign(entries.size(), 0);
    entry_row_.assign(entries.size(), 0);
    position_.assign(entries.size(), 0);
    QHash<QString, int> stage_of;
    QHash<QString, int> group_of;  // "stage \x1f group name" -> group
    for (int e = 0; e < static_cast<int>(entries.size()); ++e) {
        const ReviewEntry& entry = entries[static_cast<size_t>(e)];
        auto stage = stage_of.find(entry.stage);
        if (stage == stage_of.end()) {
            stage = stage_of.insert(entry.stage, static_cast<int>(stages_.size()));
            stages_.push_back(Stage{entry.stage, {}, 0, 0});
        }
        const QString group_key = entry.stage + QChar(0x1f) + entry.group;
        auto group = group_of.find(group_key);
        if (group == group_of.end()) {
            group = group_of.insert(group_key, static_cast<int>(groups_.size()));
            groups_.push_back(Group{entry.group, *stage, 0, {}, 0});
            stages_[static_cast<size_t>(*stage)].groups.push_back(*group);
        }
        groups_[static_cast<size_t>(*group)].entries.push_back(e);
        ++stages_[static_cast<size_t>(*stage)].count;
    }
    for (Stage& stage : stages_) {
        // The biggest reason first: that is where a wrong threshold costs most.
        std::stable_sort(stage.groups.begin(), stage.groups.end(), [this](int a, int b) {
            return groups_[static_cast<size_t>(a)].entries.size() >
                   groups_[static_cast<size_t>(b)].entries.size();
        });
        for (size_t row = 0; row < stage.groups.size(); ++row) {
            Group& group = groups_[static_cast<size_t>(stage.groups[row])];
            group.row = static_cast<int>(row);
            for (size_t r = 0; r < group.entries.size(); ++r) {
                const auto e = static_cast<size_t>(group.entries[r]);
                entry_group_[e] = stage.groups[row];
                entry_row_[e] = static_cast<int>(r);
                position_[e] = static_cast<int>(order_.size());
                order_.push_back(static_cast<int>(e));
            }
        }
    }
}
