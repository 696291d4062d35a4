#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cascade/core/eventsink.h"
#include "cascade/core/item.h"
#include "cascade/core/runcontext.h"
#include "cascade/project/project.h"
#include "cascade/store/storerecords.h"

namespace cascade {

class LlmClient;
class StageResources;
class TemplateContext;
struct LlmCall;

// Everything a stage may touch while it runs. The executor wires the hooks to the run store and
// the event sink; tests wire them to vectors, so a stage can be exercised on hand-made items.
class StageContext {
public:
    struct Hooks {
        std::function<void(Item&&)> emit;                       // store the item
        std::function<std::int64_t(const CallRecord&)> record_call;  // store the call, return id
        std::function<void(const CallDelta&)> delta;
        std::function<void(const RunIssue&)> issue;
        std::function<void(const StageCounters&)> progress;
        // (stage, key) -> the item, for ancestors; null when unknown
        std::function<const Item*(const std::string&, const std::string&)> find_item;
    };

    StageContext(const Project& project, const StageConfig& config, std::vector<Item> inputs,
                 RunContext& run, Hooks hooks);

    const Project& project() const { return project_; }
    const StageConfig& config() const { return config_; }
    const Json& spec() const { return config_.spec; }
    const std::vector<Item>& inputs() const { return inputs_; }
    RunContext& run() { return run_; }
    std::int64_t run_id() const { return run_id_; }
    void set_run_id(std::int64_t id) { run_id_ = id; }

    LlmClient& llm();
    void set_llm(LlmClient* llm) { llm_ = llm; }
    StageResources& resources();
    void set_resources(StageResources* resources) { resources_ = resources; }

    // The Mustache context for an item: the input row, every ancestor's data, then the item's
    // data on top; plus the names input., parent. and item. It refers to the items' data
    // without copying it: use it while they live (during the render).
    TemplateContext template_context(const Item& item) const;

    // A child of `parent` made by this stage: key, provenance and ordinal filled in.
    Item make_child(const Item& parent, int ordinal, bool numbered, Json data) const;
    // The same item marked by this gate: same key, parent = the input item.
    Item pass_through(const Item& input) const;

    void emit(Item item);
    // Stores a finished LLM call (one attempt chain) and accounts for its tokens, cost, latency.
    // Takes the call by value: its request and reply move into the record, uncopied.
    std::int64_t record_call(LlmCall call, const std::string& item_key,
                             const std::string& model_alias, int repairs);
    void delta(const std::string& item_key, std::string_view text);
    void issue(RunIssue::Severity severity, const std::string& item_key, std::string message);
    void note(std::string text);  // stage-level note, shown in the strip and the report
    // Marks one input processed (for progress).
    void input_done();

    const StageCounters& counters() const { return counters_; }
    StageCounters finish_counters();  // fills latency percentiles; notes oversized replies
    const Json& notes() const { return notes_; }

private:
    const Project& project_;
    const StageConfig& config_;
    std::vector<Item> inputs_;
    RunContext& run_;
    Hooks hooks_;
    std::int64_t run_id_ = 0;
    LlmClient* llm_ = nullptr;
    StageResources* resources_ = nullptr;
    StageCounters counters_;
    std::vector<double> latencies_;
    std::int64_t oversized_replies_ = 0;  // past their model's max_reply_bytes
    std::uint64_t dropped_reply_bytes_ = 0;
    Json notes_ = Json::array();
};

}  // namespace cascade
