#pragma once

#include <string>
#include <vector>

#include "cascade/run/stage.h"
#include "cascade/run/stageregistry.h"
#include "cascade/stages/inlinetemplate.h"

namespace cascade {

// `dedup`: embeds `text` per item with `embedder` and keeps greedily in input order within a
// `scope` ("parent": same parent item, "input": same input row, "run": everything). An item
// whose cosine to an already kept item of its scope is >= `threshold` is filtered.
//
// Scores: {"similarity": max cosine to an earlier kept item of the scope (0 when none),
// "duplicate_of": that item's key or null, "neighbors": [{"key", "similarity"}]}, where
// neighbors lists every earlier item of the scope, kept or not, at cosine >= kNeighborFloor, in
// input order. That is enough to replay the greedy pass for any threshold >= kNeighborFloor,
// which is why the threshold cannot go below it.
class DedupStage : public Stage {
public:
    static constexpr double kNeighborFloor = 0.5;

    explicit DedupStage(const StageConfig& config);
    void run(StageContext& context) override;

    static StageKind kind();
    // The greedy pass replayed from scores.neighbors alone (DedupReplay); items in stage order.
    static std::vector<bool> keep(const std::vector<Item>& items, double threshold);

private:
    std::string scope_key(const Item& input) const;

    std::string embedder_;
    InlineTemplate text_;
    double threshold_ = 0.9;
    std::string scope_ = "input";
};

}  // namespace cascade
