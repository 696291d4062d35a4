#pragma once

#include <functional>
#include <optional>

#include "cascade/run/stage.h"
#include "cascade/run/stageregistry.h"
#include "cascade/schema/schemavalidator.h"
#include "cascade/stages/chatprompt.h"
#include "cascade/stages/structuredcall.h"

namespace cascade {

// `generate`: one LLM call per kept input item. JSON output is parsed, schema-checked and
// repaired by feedback; `output.explode` turns an array in the reply into one child per element.
// An empty text reply is an error item unless `output.allow_empty` is true.
class GenerateStage : public Stage {
public:
    explicit GenerateStage(const StageConfig& config);
    void run(StageContext& context) override;

    static StageKind kind();

private:
    // Renders and submits one item's call; a prompt that fails to render is reported to `done`.
    void submit_item(StageContext& context, const ModelConfig& model, const Item& input,
                     std::function<void(StructuredReply)> done);
    // The items one reply makes: children, or one error item keeping the raw text.
    std::vector<Item> results(StageContext& context, const Item& input, StructuredReply reply) const;

    ChatPrompt prompt_;
    std::string model_;
    bool expect_json_ = true;
    std::string explode_;
    int max_repairs_ = 2;
    bool allow_empty_ = false;  // text output: an empty reply is kept rather than an error
    std::optional<SchemaValidator> schema_;
};

}  // namespace cascade
