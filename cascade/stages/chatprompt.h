#pragma once

#include <optional>
#include <string>

#include "cascade/llm/chattypes.h"
#include "cascade/project/project.h"
#include "cascade/template/mustachetemplate.h"

namespace cascade {

class StageContext;
struct Item;

// The messages of an LLM stage: an optional system template and a user prompt template (the
// stage's "system" and "prompt" files), parsed once and rendered per item.
class ChatPrompt {
public:
    explicit ChatPrompt(const StageConfig& config);
    // Throws cascade::Error naming the template and the unknown variable.
    ChatRequest render(const StageContext& context, const Item& item) const;

private:
    std::optional<MustacheTemplate> system_;
    std::optional<MustacheTemplate> user_;
    Json params_;
};

}  // namespace cascade
