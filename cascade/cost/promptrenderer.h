#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cascade/core/item.h"
#include "cascade/project/project.h"
#include "cascade/template/mustachetemplate.h"
#include "cascade/template/templatecontext.h"

namespace cascade {

class ChatProvider;

// Renders an LLM stage's request body for one item, exactly as the generate and judge stages
// build it (system and prompt templates, params, structured-output schema, the provider's wire
// format), so that its response-cache key can be looked up before a run.
class PromptRenderer {
public:
    // Throws cascade::Error when the stage names no known model.
    PromptRenderer(const Project& project, const StageConfig& stage);

    // The model the stage calls.
    const ModelConfig& model() const { return *model_; }

    // The request body for an item, given its context (see context()). With strict off, an
    // unknown variable renders empty instead of throwing: for template-only estimates.
    Json request_body(const TemplateContext& context, const Item& item, bool strict = true) const;
    std::string cache_key(const Json& body) const;
    // False where the body cannot match the stage's own byte for byte, so that looking its
    // key up in the cache would be meaningless.
    bool cache_keys_exact() const { return keys_exact_; }

    // The Mustache context a stage sees: the input row, each ancestor's data, the item's data
    // on top, and the names input., parent. and item. `chain` runs from the item up to its
    // input row (chain[0] is the item).
    static TemplateContext context(const std::vector<const Item*>& chain);

private:
    const StageConfig& stage_;
    const ModelConfig* model_ = nullptr;
    std::shared_ptr<const ChatProvider> provider_;
    std::optional<MustacheTemplate> system_;
    std::optional<MustacheTemplate> user_;
    bool structured_ = false;
    bool keys_exact_ = true;
};

}  // namespace cascade
