#include "cascade/run/stagecontext.h"

#include <algorithm>

#include "cascade/core/error.h"
#include "cascade/llm/chattypes.h"
#include "cascade/template/templatecontext.h"

namespace cascade {

StageContext::StageContext(const Project& project, const StageConfig& config,
                           std::vector<Item> inputs, RunContext& run, Hooks hooks)
    : project_(project), config_(config), inputs_(std::move(inputs)), run_(run),
      hooks_(std::move(hooks)) {
    counters_.items_in = static_cast<std::int64_t>(inputs_.size());
}

LlmClient& StageContext::llm() {
    if (!llm_) throw Error("stage \"" + config_.id + "\": no LLM client available");
    return *llm_;
}

StageResources& StageContext::resources() {
    if (!resources_) throw Error("stage \"" + config_.id + "\": no embedders or corpora available");
    return *resources_;
}

TemplateContext StageContext::template_context(const Item& item) const {
    // Walk up to the input row, then push outermost first so the item's own fields win.
    std::vector<const Item*> chain{&item};
    const Item* current = &item;
    while (hooks_.find_item && !current->parent_key.empty()) {
        const Item* parent = hooks_.find_item(current->parent_stage, current->parent_key);
        if (!parent) break;
        chain.push_back(parent);
        current = parent;
    }
    static const Json no_parent = Json::object();
    const Item* parent = chain.size() > 1 ? chain[1] : nullptr;
    // Views of the items' data, not copies: a large parent (a retrieve stage's candidates) is
    // rendered into every child's prompt.
    TemplateContext context;
    context.alias("input", chain.back()->data);
    context.alias("parent", parent ? parent->data : no_parent);
    context.alias("item", item.data);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) context.push_view((*it)->data);
    return context;
}

Item StageContext::make_child(const Item& parent, int ordinal, bool numbered, Json data) const {
    Item child;
    child.stage = config_.id;
    child.key = parent.key + "/" + config_.id + (numbered ? "/" + std::to_string(ordinal) : "");
    child.parent_stage = parent.stage;
    child.parent_key = parent.key;
    child.input_id = parent.input_id;
    child.ordinal = ordinal;
    child.data = std::move(data);
    return child;
}

Item StageContext::pass_through(const Item& input) const {
    Item item = input;
    item.stage = config_.id;
    item.parent_stage = input.stage;
    item.parent_key = input.key;
    item.status = ItemStatus::Kept;
    item.reason.clear();
    item.scores = Json::object();
    item.call_id.reset();
    return item;
}

void StageContext::emit(Item item) {
    switch (item.status) {
        case ItemStatus::Kept: ++counters_.kept; break;
        case ItemStatus::Filtered: ++counters_.filtered; break;
        case ItemStatus::Error:
            ++counters_.errors;
            issue(RunIssue::Severity::Error, item.key, item.reason);
            break;
    }
    if (hooks_.emit) hooks_.emit(std::move(item));
}

std::int64_t StageContext::record_call(LlmCall call, const std::string& item_key,
                                       const std::string& model_alias, int repairs) {
    ++counters_.calls;
    if (call.cache_hit) ++counters_.cache_hits;
    else latencies_.push_back(call.latency_ms);
    const bool replied = call.ok || call.cache_hit || !call.response_body.empty();
    if (replied && call.source == ReplySource::Recorded) ++counters_.recorded_calls;
    if (replied && call.source == ReplySource::Imported) ++counters_.imported_calls;
    counters_.tokens_in += call.tokens_in;
    counters_.tokens_out += call.tokens_out;
    counters_.cost += call.cost;
    counters_.saved_cost += call.saved_cost;
    if (call.reply_bytes_dropped > 0) {
        ++oversized_replies_;
        dropped_reply_bytes_ += call.reply_bytes_dropped;
    }
    if (!hooks_.record_call) return 0;
    CallRecord record;
    record.run_id = run_id_;
    record.stage = config_.id;
    record.item_key = item_key;
    record.model = model_alias;
    record.cache_key = std::move(call.cache_key);
    record.request = std::move(call.request_body);
    record.request_text = std::move(call.request_text);
    record.response = std::move(call.response_body);
    record.text = std::move(call.text);
    record.ok = call.ok;
    record.error = std::move(call.error);
    record.http_status = call.http_status;
    record.attempts = call.attempts;
    record.repairs = repairs;
    record.cache_hit = call.cache_hit;
    if (replied) record.source = call.source;
    record.tokens_in = call.tokens_in;
    record.tokens_out = call.tokens_out;
    record.cost = call.cost;
    record.saved_cost = call.saved_cost;
    record.latency_ms = call.latency_ms;
    return hooks_.record_call(record);
}

void StageContext::delta(const std::string& item_key, std::string_view text) {
    if (hooks_.delta) hooks_.delta(CallDelta{config_.id, item_key, std::string(text)});
}

void StageContext::issue(RunIssue::Severity severity, const std::string& item_key,
                         std::string message) {
    if (hooks_.issue) hooks_.issue(RunIssue{severity, config_.id, item_key, std::move(message)});
}

void StageContext::note(std::string text) {
    for (const auto& existing : notes_)
        if (existing == text) return;
    issue(RunIssue::Severity::Info, "", text);
    notes_.push_back(std::move(text));
}

void StageContext::input_done() {
    ++counters_.done;
    if (hooks_.progress) hooks_.progress(counters_);
}

static double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(rank, values.size() - 1)];
}

StageCounters StageContext::finish_counters() {
    counters_.latency_p50_ms = percentile(latencies_, 0.50);
    counters_.latency_p95_ms = percentile(latencies_, 0.95);
    if (oversized_replies_ > 0)
        note(std::to_string(oversized_replies_) +
             (oversized_replies_ == 1 ? " reply exceeded its" : " replies exceeded their") +
             " model's max_reply_bytes; " + std::to_string(dropped_reply_bytes_) +
             " bytes past the limit were dropped");
    return counters_;
}

}  // namespace cascade
