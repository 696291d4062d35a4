#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cascade/run/stage.h"
#include "cascade/run/stageregistry.h"
#include "cascade/stages/inlinetemplate.h"
#include "cascade/stages/rerankendpoint.h"

namespace cascade {

// `rerank`: a cross-encoder relevance gate. Renders `query` and `text` per item and sends one
// rerank request per distinct query, with the texts of every item sharing it as documents.
// Without an `endpoint` it falls back to the bi-encoder cosine of the `embedder`, and notes that
// in the run. Kept when relevance >= `threshold`. Scores {"relevance", "method":
// "cross-encoder" | "bi-encoder"}.
class RerankStage : public Stage {
public:
    explicit RerankStage(const StageConfig& config);
    void run(StageContext& context) override;

    static StageKind kind();
    static bool keep(const Item& item, double threshold);

private:
    // Fill relevance[i] (or problems[i]) and call_ids[i] for every item that rendered. Each
    // request is a call: served from the response cache when the run allows, recorded and
    // priced.
    void score_with_endpoint(StageContext& context, const std::vector<std::string>& queries,
                             const std::vector<std::string>& texts,
                             std::vector<std::string>& problems,
                             std::vector<std::optional<double>>& relevance,
                             std::vector<std::int64_t>& call_ids) const;
    void score_with_embedder(StageContext& context, const std::vector<std::string>& queries,
                             const std::vector<std::string>& texts,
                             const std::vector<std::string>& problems,
                             std::vector<std::optional<double>>& relevance) const;

    InlineTemplate query_;
    InlineTemplate text_;
    double threshold_ = 0.5;
    std::optional<RerankEndpoint> endpoint_;
    std::string embedder_;
};

}  // namespace cascade
