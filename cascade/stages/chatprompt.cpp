#include "cascade/stages/chatprompt.h"

#include "cascade/run/stagecontext.h"
#include "cascade/template/templatecontext.h"

namespace cascade {

ChatPrompt::ChatPrompt(const StageConfig& config)
    : params_(config.spec.value("params", Json::object())) {
    const auto name_of = [&](const char* key) { return config.spec.value(key, std::string(key)); };
    if (const auto it = config.files.find("system"); it != config.files.end())
        system_ = MustacheTemplate::parse(it->second, name_of("system"));
    if (const auto it = config.files.find("prompt"); it != config.files.end())
        user_ = MustacheTemplate::parse(it->second, name_of("prompt"));
}

ChatRequest ChatPrompt::render(const StageContext& context, const Item& item) const {
    const TemplateContext values = context.template_context(item);
    ChatRequest request;
    if (system_) request.messages.push_back({"system", system_->render(values)});
    request.messages.push_back({"user", user_ ? user_->render(values) : item.data.dump(2)});
    request.params = params_;
    return request;
}

}  // namespace cascade
