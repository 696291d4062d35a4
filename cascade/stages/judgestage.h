#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "cascade/core/item.h"
#include "cascade/run/stage.h"
#include "cascade/run/stageregistry.h"
#include "cascade/schema/schemavalidator.h"
#include "cascade/stages/chatprompt.h"
#include "cascade/stages/orderedemitter.h"

namespace cascade {

struct StructuredReply;

// `judge`: LLM-as-judge. One call per item with the rubric `prompt` (and optional `system`); the
// JSON reply is checked against the stage's schema, or a built-in one: {score, rationale}, or
// {scores: {<dimension>: number}, rationale} when `dimensions` [{"name", "min_score"}] are set.
// Kept when the value at `score` (default "/score"; with dimensions and no such value, the mean
// of the dimensions) is >= `min_score` and every dimension reaches its own minimum.
//
// Scores: {"score", "dimensions": {name: value}, "rationale"}. A reply that still fails after
// the repairs is an error item whose scores hold the raw text. Items are emitted in input
// order, so a later order-sensitive gate (dedup) sees the same order on every run.
class JudgeStage : public Stage {
public:
    struct Dimension {
        std::string name;
        double min_score = 0.0;
    };

    explicit JudgeStage(const StageConfig& config);
    void run(StageContext& context) override;

    static StageKind kind();
    // The number compared with min_score: the score, or NaN (never kept) for an error item, a
    // missing score or a dimension below its own minimum.
    static double decisive_score(const Item& item, const std::vector<Dimension>& dimensions);
    static bool keep(const Item& item, double min_score, const std::vector<Dimension>& dimensions);
    static std::vector<Dimension> dimensions_of(const Json& spec);
    static Json default_schema(const std::vector<Dimension>& dimensions);

private:
    void finish_item(StageContext& context, std::size_t index, StructuredReply reply);
    // Emits finished items in input order, as soon as every earlier one is finished.
    void deliver(StageContext& context, std::size_t index, Item item);
    void flush(StageContext& context);

    ChatPrompt prompt_;
    std::string model_;
    std::string score_pointer_;
    std::string rationale_pointer_;
    double min_score_ = 0.0;
    std::vector<Dimension> dimensions_;
    Json schema_json_;
    std::optional<SchemaValidator> schema_;
    int max_repairs_ = 2;
    std::optional<OrderedEmitter> emitter_;
};

}  // namespace cascade
