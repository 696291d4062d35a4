#include "cascade/stages/inlinetemplate.h"

#include "cascade/core/error.h"
#include "cascade/project/specreader.h"
#include "cascade/run/stagecontext.h"
#include "cascade/template/templatecontext.h"

namespace cascade {

InlineTemplate::InlineTemplate(const StageConfig& config, const std::string& key) {
    const auto it = config.spec.find(key);
    if (it == config.spec.end() || !it->is_string())
        throw Error("stage \"" + config.id + "\": \"" + key + "\" must be a template string");
    template_ = MustacheTemplate::parse(it->get<std::string>(), config.id + "." + key);
}

std::string InlineTemplate::render(const StageContext& context, const Item& item) const {
    return template_.render(context.template_context(item));
}

void InlineTemplate::validate(SpecReader& reader, const std::string& key, bool required) {
    const auto text = reader.string(key, required);
    if (!text) return;
    try {
        MustacheTemplate::parse(*text, key);
    } catch (const Error& e) {
        reader.diagnostics().error(reader.file(), reader.path_of(key), e.what());
    }
}

}  // namespace cascade
