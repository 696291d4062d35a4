#pragma once

#include <optional>
#include <string>

#include "cascade/run/stage.h"
#include "cascade/run/stageregistry.h"
#include "cascade/stages/inlinetemplate.h"

namespace cascade {

// `retrieve`: RAG candidate pruning. Renders `query` per item, embeds every query in one batch
// with the corpus's embedder, and emits one child per item carrying the `top_k` nearest corpus
// terms: data {"query", "candidates": [{"text", "similarity"}]}, scores {"top_similarity",
// "candidates"}. Hits below `min_similarity` are dropped; a child left with no candidate is
// filtered, since the next phase would have nothing to choose from.
class RetrieveStage : public Stage {
public:
    explicit RetrieveStage(const StageConfig& config);
    void run(StageContext& context) override;

    static StageKind kind();
    // Kept when some candidate reaches min_similarity (read from scores.top_similarity).
    static bool keep(const Item& item, std::optional<double> min_similarity);

private:
    std::string corpus_;
    InlineTemplate query_;
    int top_k_ = 100;
    std::optional<double> min_similarity_;
};

}  // namespace cascade
