#pragma once

#include <QString>

#include <vector>

#include "widgets/reviewentry.h"

// The shape of the review: entries grouped by stage (pipeline order) and reason group (the
// biggest first), plus the flat display order that keyboard navigation walks. Plain data, no Qt
// model: ReviewModel maps it to indexes.
class ReviewTree {
public:
    struct Group {
        QString name;
        int stage = 0;  // index into stages()
        int row = 0;    // row under its stage
        std::vector<int> entries;
        int reviewed = 0;
    };
    struct Stage {
        QString name;
        std::vector<int> groups;  // indexes into groups(), in display order
        int count = 0;
        int reviewed = 0;
    };

    void build(const std::vector<ReviewEntry>& entries);

    std::vector<Stage>& stages() { return stages_; }
    const std::vector<Stage>& stages() const { return stages_; }
    std::vector<Group>& groups() { return groups_; }
    const std::vector<Group>& groups() const { return groups_; }
    const Group& group(int g) const { return groups_[static_cast<size_t>(g)]; }
    const Stage& stage(int s) const { return stages_[static_cast<size_t>(s)]; }

    int groupOfEntry(int e) const { return entry_group_[static_cast<size_t>(e)]; }
    int rowOfEntry(int e) const { return entry_row_[static_cast<size_t>(e)]; }
    // Entries in display order, and an entry's place in it.
    const std::vector<int>& order() const { return order_; }
    int position(int e) const { return position_[static_cast<size_t>(e)]; }

private:
    std::vector<Stage> stages_;
    std::vector<Group> groups_;
    std::vector<int> entry_group_;
    std::vector<int> entry_row_;
    std::vector<int> order_;
    std::vector<int> position_;
};
