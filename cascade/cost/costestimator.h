#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cascade/core/eventsink.h"
#include "cascade/project/project.h"

namespace cascade {

class RunReader;

struct EstimateOptions {
    int limit = 0;  // as RunOptions::limit: only the first N inputs; 0 = all
    // The run whose fan-out, items and usage stand in for what later stages will see.
    // 0: the latest finished run of the same variant, else of any variant; -1: none.
    std::int64_t reference_run = 0;
    std::int64_t before_run = 0;  // > 0: pick the reference among earlier runs only
    int max_renders = 1000;       // prompts rendered per stage; more items are sampled evenly
};

struct StageEstimate {
    std::string stage;
    std::string kind;
    std::string model;  // alias; empty for a stage that makes no LLM calls
    double items_in = 0.0;
    double calls = 0.0;
    double tokens_in = 0.0;
    double tokens_out = 0.0;
    double cost = 0.0;          // list price of every call
    double cached_share = 0.0;  // share of the calls the response cache will serve
    double cost_to_pay = 0.0;   // cost * (1 - cached_share)
    bool items_exact = false;   // the stage reads the inputs themselves
    bool cache_exact = false;   // cache keys of the very prompts this run will send
    int rendered = 0;           // prompts rendered for the token and cache figures
    std::string basis;          // how the figures were obtained, for a tooltip or footnote
};

struct CostEstimate {
    std::int64_t inputs = 0;
    std::optional<std::int64_t> reference_run;
    std::vector<StageEstimate> stages;
    double calls = 0.0;
    double tokens_in = 0.0;
    double tokens_out = 0.0;
    double cost = 0.0;
    double cost_to_pay = 0.0;
};

struct EstimateVsActualRow {
    StageEstimate estimate;
    bool ran = false;      // the run has this stage
    StageCounters actual;  // cost here is paid + saved, the list price, like the estimate's
};

struct EstimateVsActual {
    std::int64_t run_id = 0;
    CostEstimate estimate;
    std::vector<EstimateVsActualRow> rows;
};

// Estimates a run's calls, tokens and cost per stage before it starts.
//
// - Items: the first stage's are the inputs (exact); a later stage's follow the kept/in ratio
//   of each stage in the reference run (fan-out of explode, share kept by gates), or 1 where
//   there is no reference.
// - Calls: one per item, times the calls-per-item of the reference (repairs), for stages that
//   name a model and have a prompt.
// - Input tokens: the stage's templates are rendered into the exact request body and counted
//   with TokenEstimator; over the inputs for a first stage, over the reference run's items
//   (with their ancestors) for later ones, or over the input rows alone, unknown variables
//   empty, when there is no reference.
// - Output tokens: the reference's tokens_out per call, else params.max_tokens / 2 (a reply
//   rarely fills its budget), else 256.
// - Cache: the rendered bodies' response-cache keys are looked up in the store; exact for a
//   stage over the inputs, an estimate where the reference's items stand in.
class CostEstimator {
public:
    // reader may be null when the project has no store yet.
    CostEstimator(const Project& project, RunReader* reader);

    CostEstimate estimate(const EstimateOptions& options = {}) const;
    // What the estimate before run_id would have said (reference: a run before it, same limit)
    // next to what the run used.
    EstimateVsActual compare(std::int64_t run_id) const;

private:
    std::optional<std::int64_t> pick_reference(const EstimateOptions& options) const;

    const Project& project_;
    RunReader* reader_;
};

}  // namespace cascade
