#include "cascade/stages/generatestage.h"

#include <algorithm>
#include <functional>

#include "cascade/core/error.h"
#include "cascade/llm/llmclient.h"
#include "cascade/project/specreader.h"
#include "cascade/run/stagecontext.h"
#include "cascade/stages/orderedemitter.h"
#include "cascade/stages/structuredcall.h"

namespace cascade {

GenerateStage::GenerateStage(const StageConfig& config)
    : prompt_(config), model_(config.spec.value("model", "")) {
    const Json output = config.spec.value("output", Json::object());
    expect_json_ = output.value("format", config.schema ? "json" : "text") == "json";
    explode_ = output.value("explode", "");
    max_repairs_ = output.value("max_repairs", 2);
    allow_empty_ = output.value("allow_empty", false);
    if (config.schema) schema_.emplace(*config.schema);
}

void GenerateStage::run(StageContext& context) {
    const ModelConfig& model = context.project().models.at(model_);
    const auto& inputs = context.inputs();
    OrderedEmitter emitter(context, inputs.size());
    // Prompts are rendered just ahead of the network rather than all up front, so the first
    // requests go out at once and rendering overlaps with waiting for replies.
    const std::size_t window = 2 * static_cast<std::size_t>(std::max(1, model.max_concurrency)) + 8;
    std::size_t next = 0, in_flight = 0;
    std::function<void()> feed = [&] {
        while (in_flight < window && next < inputs.size() && !context.run().is_cancelled()) {
            const std::size_t index = next++;
            ++in_flight;
            submit_item(context, model, inputs[index], [&, index](StructuredReply reply) {
                --in_flight;
                if (!reply.cancelled)
                    emitter.deliver(index, results(context, inputs[index], std::move(reply)));
                feed();
            });
        }
    };
    feed();
    context.llm().run(context.run());
    emitter.flush();
}

void GenerateStage::submit_item(StageContext& context, const ModelConfig& model, const Item& input,
                                std::function<void(StructuredReply)> done) {
    StructuredCall::Spec spec;
    spec.item_key = input.key;
    spec.model = &model;
    spec.expect_json = expect_json_;
    spec.schema = schema_ ? &*schema_ : nullptr;
    spec.max_repairs = max_repairs_;
    spec.allow_empty = allow_empty_;
    try {
        spec.request = prompt_.render(context, input);
    } catch (const Error& e) {
        StructuredReply failed;
        failed.error = std::string("prompt: ") + e.what();
        done(std::move(failed));
        return;
    }
    if (expect_json_ && schema_ && model.structured_output)
        spec.request.json_schema = &*context.config().schema;
    spec.request.schema_name = context.config().id;
    StructuredCall::submit(context, std::move(spec), std::move(done));
}

std::vector<Item> GenerateStage::results(StageContext& context, const Item& input,
                                         StructuredReply reply) const {
    const auto failure = [&](std::string reason) {
        Item failed = context.make_child(input, 0, false, Json{{"raw_text", reply.text}});
        failed.status = ItemStatus::Error;
        failed.reason = std::move(reason);
        if (reply.call_id) failed.call_id = reply.call_id;
        return std::vector<Item>{std::move(failed)};
    };
    if (!reply.ok) return failure(reply.error);
    if (explode_.empty()) {
        Item child = context.make_child(input, 0, false, std::move(reply.value));
        child.call_id = reply.call_id;
        return {std::move(child)};
    }
    const Json* list = find_pointer(reply.value, explode_);
    if (!list || !list->is_array()) {
        const std::string reason = "the reply has no array at " + explode_ + " to explode";
        StructuredCall::reject(context, reply, reason);
        return failure(reason);
    }
    std::vector<Item> children;
    int ordinal = 0;
    for (const Json& element : *list) {
        Item child = context.make_child(input, ordinal++, true, element);
        child.call_id = reply.call_id;
        children.push_back(std::move(child));
    }
    return children;
}

StageKind GenerateStage::kind() {
    StageKind kind;
    kind.name = "generate";
    kind.description = "one LLM call per item; JSON or text output, optional explode into children";
    kind.create = [](const StageConfig& config) { return std::make_unique<GenerateStage>(config); };
    kind.validate = [](const Project& project, const StageConfig& stage, Diagnostics& diags) {
        SpecReader r(stage.spec, "cascade.json", stage.json_path, diags);
        r.warn_unknown_keys({"id", "kind", "from", "description", "model", "prompt", "system",
                             "params", "output"});
        r.string("model", true);
        r.string("prompt", true);
        r.object("params");
        if (const Json* output = r.object("output")) {
            SpecReader o(*output, "cascade.json", r.path_of("output"), diags);
            o.warn_unknown_keys({"format", "schema", "explode", "max_repairs", "allow_empty"});
            if (auto format = o.string("format"); format && *format != "json" && *format != "text")
                diags.error("cascade.json", o.path_of("format"),
                            "expected \"json\" or \"text\", got \"" + *format + "\"");
            if (auto explode = o.string("explode"); explode && (explode->empty() || (*explode)[0] != '/'))
                diags.error("cascade.json", o.path_of("explode"),
                            "expected a JSON pointer such as \"/themes\"");
            o.integer("max_repairs", false, 0);
            o.boolean("allow_empty");
        }
    };
    return kind;
}

}  // namespace cascade
