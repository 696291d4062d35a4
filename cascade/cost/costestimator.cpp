#include "cascade/cost/costestimator.h"

#include <cstdio>
#include <map>
#include <set>

#include "cascade/core/error.h"
#include "cascade/cost/promptrenderer.h"
#include "cascade/cost/tokenestimator.h"
#include "cascade/store/runreader.h"
#include "cascade/store/statement.h"

namespace cascade {

namespace {

constexpr double kDefaultReplyTokens = 256.0;

struct RenderStats {
    int rendered = 0;
    int failed = 0;  // prompts that do not render (the run would report those items as errors)
    int cached = 0;
    double tokens_in = 0.0;
    bool exact_keys = false;  // the cache keys of the very prompts the run will send
    std::string basis;        // what the prompts were rendered over
};

// Ancestors of reference-run items, loaded once each.
class ItemCache {
public:
    ItemCache(RunReader& reader, std::int64_t run_id) : reader_(reader), run_id_(run_id) {}
    std::vector<const Item*> chain(const Item& item) {
        std::vector<const Item*> chain{&item};
        const Item* current = &item;
        while (!current->parent_key.empty()) {
            const Item* parent = find(current->parent_stage, current->parent_key);
            if (!parent) break;
            chain.push_back(parent);
            current = parent;
        }
        return chain;
    }

private:
    const Item* find(const std::string& stage, const std::string& key) {
        const auto id = stage + '\n' + key;
        auto it = items_.find(id);
        if (it == items_.end()) {
            auto item = reader_.item(run_id_, stage, key);
            if (!item) return nullptr;
            it = items_.emplace(id, std::move(*item)).first;
        }
        return &it->second;
    }
    RunReader& reader_;
    std::int64_t run_id_;
    std::map<std::string, Item> items_;
};

// Every n-th item, so that a sample of a big stage spans all its inputs.
template <typename T>
std::vector<const T*> sample(const std::vector<T>& all, int max) {
    std::vector<const T*> out;
    const std::size_t n = all.size();
    const std::size_t take = std::min<std::size_t>(n, static_cast<std::size_t>(std::max(max, 1)));
    for (std::size_t i = 0; i < take; ++i) out.push_back(&all[i * n / take]);
    return out;
}

std::string fixed(double value, int decimals) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

// What a stage's prompts are rendered over: the inputs, or a reference run's items.
struct RenderScope {
    const std::vector<Item>& inputs;
    const std::set<std::string>& input_ids;
    RunReader* reader;
    std::optional<std::int64_t> reference;
    ItemCache* ancestors;
    int max_renders;
};

// Renders a stage's request bodies over the items it will (likely) see, counting their tokens
// and looking their cache keys up: the inputs for a first stage (exact), the reference run's
// items of its source for a later one, or the input rows alone when neither is there.
RenderStats render_stage(const PromptRenderer& renderer, const std::string& source,
                         const RenderScope& scope) {
    RenderStats stats;
    std::optional<Statement> lookup;
    if (scope.reader && renderer.cache_keys_exact())
        lookup.emplace(scope.reader->db(), "SELECT 1 FROM response_cache WHERE key = ?");
    const auto render = [&](const TemplateContext& context, const Item& item, bool strict) {
        try {
            const Json body = renderer.request_body(context, item, strict);
            stats.tokens_in += static_cast<double>(TokenEstimator::count_request(body));
            ++stats.rendered;
            if (strict && lookup) {
                lookup->reset();
                lookup->bind(1, renderer.cache_key(body));
                stats.cached += lookup->step() ? 1 : 0;
            }
        } catch (const Error&) {
            ++stats.failed;
        }
    };
    if (source == "input") {
        for (const Item* item : sample(scope.inputs, scope.max_renders))
            render(PromptRenderer::context({item}), *item, true);
        stats.exact_keys = renderer.cache_keys_exact();
        stats.basis = "prompts rendered over the inputs";
    } else if (scope.ancestors) {
        std::vector<Item> items;
        for (auto& item : scope.reader->items(*scope.reference, source, {ItemStatus::Kept, ""}))
            if (scope.input_ids.count(item.input_id)) items.push_back(std::move(item));
        for (const Item* item : sample(items, scope.max_renders))
            render(PromptRenderer::context(scope.ancestors->chain(*item)), *item, true);
        stats.basis = "prompts rendered over run " + std::to_string(*scope.reference) + "'s " +
                      source + " items";
    }
    if (stats.rendered > 0) return stats;
    // No items to render over: the template's fixed text and the input row's fields.
    stats = {};
    for (const Item* item : sample(scope.inputs, scope.max_renders))
        render(PromptRenderer::context({item}), *item, false);
    stats.basis = "template rendered over the input rows only";
    return stats;
}

}  // namespace

CostEstimator::CostEstimator(const Project& project, RunReader* reader)
    : project_(project), reader_(reader) {}

std::optional<std::int64_t> CostEstimator::pick_reference(const EstimateOptions& options) const {
    if (!reader_ || options.reference_run < 0) return std::nullopt;
    if (options.reference_run > 0) return options.reference_run;
    std::optional<std::int64_t> any_variant;
    for (const auto& run : reader_->runs()) {  // newest first
        if (options.before_run > 0 && run.id >= options.before_run) continue;
        if (run.status != "finished") continue;
        if (run.variant == project_.variant) return run.id;
        if (!any_variant) any_variant = run.id;
    }
    return any_variant;
}

CostEstimate CostEstimator::estimate(const EstimateOptions& options) const {
    CostEstimate result;
    const std::size_t count = options.limit > 0
                                  ? std::min<std::size_t>(options.limit, project_.input_rows.size())
                                  : project_.input_rows.size();
    std::vector<Item> inputs;
    std::set<std::string> input_ids;
    for (std::size_t i = 0; i < count; ++i) {
        Item item;
        item.stage = "input";
        item.key = item.input_id = project_.input_id(project_.input_rows[i]);
        item.ordinal = static_cast<int>(i);
        item.data = project_.input_rows[i];
        input_ids.insert(item.key);
        inputs.push_back(std::move(item));
    }
    result.inputs = static_cast<std::int64_t>(count);
    result.reference_run = pick_reference(options);
    std::map<std::string, StageRunRecord> reference;
    if (result.reference_run)
        for (auto& s : reader_->stages(*result.reference_run)) reference[s.stage] = std::move(s);
    std::optional<ItemCache> ancestors;
    if (result.reference_run) ancestors.emplace(*reader_, *result.reference_run);
    const RenderScope scope{inputs,
                            input_ids,
                            reader_,
                            result.reference_run,
                            ancestors ? &*ancestors : nullptr,
                            options.max_renders};

    std::map<std::string, double> kept{{"input", static_cast<double>(count)}};
    for (std::size_t index = 0; index < project_.stages.size(); ++index) {
        const StageConfig& config = project_.stages[index];
        const std::string source = !config.from.empty()
                                       ? config.from
                                       : (index == 0 ? "input" : project_.stages[index - 1].id);
        const auto ref_it = reference.find(config.id);
        const StageCounters* ref = ref_it == reference.end() ? nullptr : &ref_it->second.counters;
        StageEstimate e;
        e.stage = config.id;
        e.kind = config.kind;
        e.items_in = kept[source];
        e.items_exact = source == "input";
        const bool ref_items = ref && ref->items_in > 0;
        kept[config.id] =
            e.items_in * (ref_items ? double(ref->kept) / double(ref->items_in) : 1.0);
        std::string basis =
            ref_items ? "items from the fan-out of run " + std::to_string(*result.reference_run)
                      : (e.items_exact ? "items: the inputs" : "items: fan-out 1 assumed");

        const std::string alias = config.spec.value("model", "");
        if (!project_.models.count(alias) || !config.files.count("prompt")) {
            e.basis = basis + "; no LLM calls";
            result.stages.push_back(std::move(e));
            continue;
        }
        e.model = alias;
        const PromptRenderer renderer(project_, config);
        const RenderStats stats = render_stage(renderer, source, scope);
        e.cache_exact = stats.exact_keys;
        e.rendered = stats.rendered;
        const double calls_per_item =
            ref_items && ref->calls > 0 ? double(ref->calls) / double(ref->items_in) : 1.0;
        e.calls = e.items_in * calls_per_item;
        const double in_per_call = stats.rendered ? stats.tokens_in / stats.rendered : 0.0;
        double out_per_call = kDefaultReplyTokens;
        std::string out_basis = "reply 256 tokens assumed";
        if (ref && ref->calls > 0 && ref->tokens_out > 0) {
            out_per_call = double(ref->tokens_out) / double(ref->calls);
            out_basis = "reply tokens per call from run " + std::to_string(*result.reference_run);
        } else if (const Json* max = find_pointer(config.spec, "/params/max_tokens");
                   max && max->is_number()) {
            out_per_call = max->get<double>() / 2.0;
            out_basis = "reply max_tokens/2 assumed";
        }
        e.tokens_in = e.calls * in_per_call;
        e.tokens_out = e.calls * out_per_call;
        const Price& price = renderer.model().price;
        e.cost = (e.tokens_in * price.input_per_mtok + e.tokens_out * price.output_per_mtok) / 1e6;
        e.cached_share = stats.rendered ? double(stats.cached) / double(stats.rendered) : 0.0;
        e.cost_to_pay = e.cost * (1.0 - e.cached_share);
        e.basis = basis + "; " + stats.basis + " (" + std::to_string(stats.rendered) + ", " +
                  fixed(in_per_call, 0) + " tokens each)" +
                  (stats.failed ? "; " + std::to_string(stats.failed) + " fail to render" : "") +
                  "; " + out_basis + "; " + fixed(e.cached_share * 100.0, 0) + "% cached" +
                  (e.cache_exact ? "" : " (estimated)");
        result.stages.push_back(std::move(e));
    }
    for (const auto& s : result.stages) {
        result.calls += s.calls;
        result.tokens_in += s.tokens_in;
        result.tokens_out += s.tokens_out;
        result.cost += s.cost;
        result.cost_to_pay += s.cost_to_pay;
    }
    return result;
}

EstimateVsActual CostEstimator::compare(std::int64_t run_id) const {
    if (!reader_) throw Error("the project has no runs yet");
    const auto run = reader_->run(run_id);
    if (!run) throw Error("no run " + std::to_string(run_id));
    EstimateOptions options;
    options.limit = run->options.value("limit", 0);
    options.before_run = run_id;
    EstimateVsActual result;
    result.run_id = run_id;
    result.estimate = estimate(options);
    const auto stages = reader_->stages(run_id);
    for (const auto& e : result.estimate.stages) {
        EstimateVsActualRow row;
        row.estimate = e;
        for (const auto& s : stages)
            if (s.stage == e.stage) {
                row.ran = true;
                row.actual = s.counters;
                row.actual.cost += row.actual.saved_cost;
            }
        result.rows.push_back(std::move(row));
    }
    return result;
}

}  // namespace cascade
