#include "cascade/cost/promptrenderer.h"

#include "cascade/core/error.h"
#include "cascade/llm/chatprovider.h"
#include "cascade/llm/responsecache.h"

namespace cascade {

PromptRenderer::PromptRenderer(const Project& project, const StageConfig& stage) : stage_(stage) {
    const auto model = project.models.find(stage.spec.value("model", ""));
    if (model == project.models.end())
        throw Error("stage \"" + stage.id + "\" names no known model");
    model_ = &model->second;
    provider_ = make_chat_provider(model_->provider);
    const auto name_of = [&](const char* key) { return stage.spec.value(key, std::string(key)); };
    if (const auto it = stage.files.find("system"); it != stage.files.end())
        system_ = MustacheTemplate::parse(it->second, name_of("system"));
    if (const auto it = stage.files.find("prompt"); it != stage.files.end())
        user_ = MustacheTemplate::parse(it->second, name_of("prompt"));
    // As the stages build requests: a judge always asks for JSON with its schema; generate
    // sends the schema for JSON output (the default when it has one). Both only when the model
    // accepts structured output.
    const Json output = stage.spec.value("output", Json::object());
    const bool judge = stage.kind == "judge";
    const bool json_output =
        judge || output.value("format", stage.schema ? "json" : "text") == "json";
    structured_ = json_output && stage.schema && model_->structured_output;
    // A judge without a schema file sends a default schema that only JudgeStage knows.
    keys_exact_ = !(judge && !stage.schema && model_->structured_output);
}

Json PromptRenderer::request_body(const TemplateContext& context, const Item& item,
                                  bool strict) const {
    TemplateOptions options;
    options.strict = strict;
    ChatRequest request;
    if (system_) request.messages.push_back({"system", system_->render(context, options)});
    request.messages.push_back(
        {"user", user_ ? user_->render(context, options) : item.data.dump(2)});
    request.params = stage_.spec.value("params", Json::object());
    if (structured_) request.json_schema = &*stage_.schema;
    request.schema_name = stage_.id;
    // The cache is keyed on the non-streamed body whatever ModelConfig::stream says.
    return provider_->request_body(*model_, request, false);
}

std::string PromptRenderer::cache_key(const Json& body) const {
    return response_cache_key(*model_, body);
}

TemplateContext PromptRenderer::context(const std::vector<const Item*>& chain) {
    const Item& item = *chain.front();
    Json named = Json::object();
    named["input"] = chain.back()->data;
    named["parent"] = chain.size() > 1 ? chain[1]->data : Json::object();
    named["item"] = item.data;
    TemplateContext context;
    context.push(named);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) context.push((*it)->data);
    return context;
}

}  // namespace cascade
