#include "cascade/stages/judgestage.h"

#include <limits>

#include "cascade/core/error.h"
#include "cascade/llm/llmclient.h"
#include "cascade/project/specreader.h"
#include "cascade/run/stagecontext.h"
#include "cascade/stages/scorecolumn.h"
#include "cascade/stages/scoreformat.h"
#include "cascade/stages/structuredcall.h"

namespace cascade {

JudgeStage::JudgeStage(const StageConfig& config)
    : prompt_(config),
      model_(config.spec.value("model", "")),
      score_pointer_(config.spec.value("score", "/score")),
      rationale_pointer_(config.spec.value("rationale", "/rationale")),
      min_score_(config.spec.value("min_score", 0.0)),
      dimensions_(dimensions_of(config.spec)) {
    max_repairs_ = config.spec.value("output", Json::object()).value("max_repairs", 2);
    schema_json_ = config.schema ? *config.schema : default_schema(dimensions_);
    schema_.emplace(schema_json_);
}

std::vector<JudgeStage::Dimension> JudgeStage::dimensions_of(const Json& spec) {
    std::vector<Dimension> dimensions;
    for (const Json& entry : spec.value("dimensions", Json::array()))
        dimensions.push_back({entry.value("name", ""), entry.value("min_score", 0.0)});
    return dimensions;
}

Json JudgeStage::default_schema(const std::vector<Dimension>& dimensions) {
    const Json number = {{"type", "number"}};
    const Json text = {{"type", "string"}};
    if (dimensions.empty())
        return {{"type", "object"},
                {"properties", {{"score", number}, {"rationale", text}}},
                {"required", {"score", "rationale"}},
                {"additionalProperties", false}};
    Json properties = Json::object();
    Json required = Json::array();
    for (const auto& dimension : dimensions) {
        properties[dimension.name] = number;
        required.push_back(dimension.name);
    }
    return {{"type", "object"},
            {"properties",
             {{"scores",
               {{"type", "object"},
                {"properties", properties},
                {"required", required},
                {"additionalProperties", false}}},
              {"rationale", text}}},
            {"required", {"scores", "rationale"}},
            {"additionalProperties", false}};
}

double JudgeStage::decisive_score(const Item& item, const std::vector<Dimension>& dimensions) {
    constexpr double never = std::numeric_limits<double>::quiet_NaN();
    const double score = ScoreColumn::number(item, "score");
    if (dimensions.empty()) return score;
    const auto values = item.scores.find("dimensions");
    if (values == item.scores.end()) return never;
    for (const auto& dimension : dimensions) {
        const auto value = values->find(dimension.name);
        if (value == values->end() || !value->is_number() ||
            value->get<double>() < dimension.min_score)
            return never;
    }
    return score;
}

bool JudgeStage::keep(const Item& item, double min_score,
                      const std::vector<Dimension>& dimensions) {
    return ScoreColumn::passes(decisive_score(item, dimensions), min_score);
}

void JudgeStage::run(StageContext& context) {
    const ModelConfig& model = context.project().models.at(model_);
    const auto& inputs = context.inputs();
    emitter_.emplace(context, inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        context.run().throw_if_cancelled();
        StructuredCall::Spec spec;
        spec.item_key = inputs[i].key;
        spec.model = &model;
        spec.schema = &*schema_;
        spec.max_repairs = max_repairs_;
        try {
            spec.request = prompt_.render(context, inputs[i]);
        } catch (const Error& e) {
            Item failed = context.pass_through(inputs[i]);
            failed.status = ItemStatus::Error;
            failed.reason = std::string("prompt: ") + e.what();
            deliver(context, i, std::move(failed));
            continue;
        }
        if (model.structured_output) spec.request.json_schema = &schema_json_;
        spec.request.schema_name = context.config().id;
        StructuredCall::submit(context, std::move(spec),
                               [this, &context, i](StructuredReply reply) {
                                   finish_item(context, i, std::move(reply));
                               });
    }
    context.llm().run(context.run());
    flush(context);
}

void JudgeStage::finish_item(StageContext& context, std::size_t index, StructuredReply reply) {
    if (reply.cancelled) return;  // unfinished work is simply absent from the run
    Item item = context.pass_through(context.inputs()[index]);
    item.call_id = reply.call_id;
    const auto fail = [&](std::string reason) {
        item.status = ItemStatus::Error;
        item.reason = std::move(reason);
        item.scores = {{"raw_text", reply.text}};
        deliver(context, index, std::move(item));
    };
    if (!reply.ok) return fail(reply.error);
    // From here a failure is the reply's fault: it is not served from the cache again.
    const auto reject = [&](std::string reason) {
        StructuredCall::reject(context, reply, reason);
        fail(std::move(reason));
    };

    Json dimensions = Json::object();
    double sum = 0.0;
    for (const auto& dimension : dimensions_) {
        const Json* value = find_pointer(reply.value, "/scores/" + dimension.name);
        if (!value || !value->is_number())
            return reject("the judge reply has no number at /scores/" + dimension.name);
        dimensions[dimension.name] = *value;
        sum += value->get<double>();
    }
    Json score;
    if (const Json* value = find_pointer(reply.value, score_pointer_); value && value->is_number())
        score = *value;
    else if (!dimensions_.empty())
        score = ScoreFormat::round4(sum / static_cast<double>(dimensions_.size()));
    else
        return reject("the judge reply has no number at " + score_pointer_);
    const Json* rationale = find_pointer(reply.value, rationale_pointer_);
    const std::string why =
        rationale && rationale->is_string() ? rationale->get<std::string>() : "";
    item.scores = {{"score", score}, {"dimensions", dimensions}, {"rationale", why}};

    if (!keep(item, min_score_, dimensions_)) {
        std::string failures;
        const auto add = [&](const std::string& name, double value, double min) {
            if (value >= min) return;
            if (!failures.empty()) failures += "; ";
            failures += name + " " + ScoreFormat::number(value) + " < " + ScoreFormat::number(min);
        };
        add("score", score.get<double>(), min_score_);
        for (const auto& dimension : dimensions_)
            add(dimension.name, dimensions[dimension.name].get<double>(), dimension.min_score);
        item.status = ItemStatus::Filtered;
        item.reason = "judge " + failures + (why.empty() ? "" : ": " + why);
    }
    deliver(context, index, std::move(item));
}

void JudgeStage::deliver(StageContext& context, std::size_t index, Item item) {
    std::vector<Item> items;
    items.push_back(std::move(item));
    emitter_->deliver(index, std::move(items));
}

void JudgeStage::flush(StageContext& context) { emitter_->flush(); }

StageKind JudgeStage::kind() {
    StageKind kind;
    kind.name = "judge";
    kind.description = "LLM-as-judge: a rubric score per item, kept at or above min_score";
    kind.is_gate = true;
    kind.create = [](const StageConfig& config) { return std::make_unique<JudgeStage>(config); };
    kind.validate = [](const Project&, const StageConfig& stage, Diagnostics& diags) {
        SpecReader r(stage.spec, "cascade.json", stage.json_path, diags);
        r.warn_unknown_keys({"id", "kind", "from", "description", "model", "prompt", "system",
                             "params", "output", "schema", "score", "rationale", "min_score",
                             "dimensions"});
        r.string("model", true);
        r.string("prompt", true);
        r.object("params");
        for (const char* key : {"score", "rationale"})
            if (auto pointer = r.string(key); pointer && (pointer->empty() || (*pointer)[0] != '/'))
                diags.error("cascade.json", r.path_of(key),
                            "expected a JSON pointer such as \"/" + std::string(key) + "\"");
        const Json* dimensions = r.array("dimensions");
        r.number("min_score", !dimensions || dimensions->empty(), 0.0, 10.0);
        for (std::size_t i = 0; dimensions && i < dimensions->size(); ++i) {
            SpecReader d((*dimensions)[i], "cascade.json",
                         r.path_of("dimensions") + "/" + std::to_string(i), diags);
            d.warn_unknown_keys({"name", "min_score"});
            d.string("name", true);
            d.number("min_score", false, 0.0, 10.0);
        }
        if (const Json* output = r.object("output")) {
            SpecReader o(*output, "cascade.json", r.path_of("output"), diags);
            o.warn_unknown_keys({"format", "schema", "max_repairs"});
            if (auto format = o.string("format"); format && *format != "json")
                diags.error("cascade.json", o.path_of("format"),
                            "a judge replies in JSON; expected \"json\", got \"" + *format + "\"");
            o.integer("max_repairs", false, 0);
        }
    };
    kind.thresholds = {{"min_score", "Min judge score", 0.0, 10.0, 0.5}};
    kind.prepare_sweep = ScoreColumn::prepare([](const StageConfig& config) {
        return [dimensions = dimensions_of(config.spec)](const Item& item) {
            return decisive_score(item, dimensions);
        };
    });
    kind.recompute_kept = one_off_recompute(kind.prepare_sweep);
    return kind;
}

}  // namespace cascade
