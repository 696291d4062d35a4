#pragma once

#include <functional>
#include <optional>

#include "cascade/run/stage.h"
#include "cascade/run/stageregistry.h"
#include "cascade/schema/schemavalidator.h"
#include "cascade/stages/chatprompt.h"

namespace cascade {

// `generate`: one LLM call per kept input item. JSON output is parsed, schema-checked and
// repaired by feedback; `output.explode` turns an array in the reply into one child per element.
class GenerateStage : public Stage {
public:
    explicit GenerateStage(const StageConfig& config);
    void run(StageContext& context) override;

    static StageKind kind();

private:
    // Renders and submits one item's call; false when the prompt failed (an error item is out).
    bool submit_item(StageContext& context, const ModelConfig& model, const Item& input,
                     std::function<void(struct StructuredReply)> done);
    void finish_item(StageContext& context, const Item& input, struct StructuredReply reply);

    ChatPrompt prompt_;
    std::string model_;
    bool expect_json_ = true;
    std::string explode_;
    int max_repairs_ = 2;
    std::optional<SchemaValidator> schema_;
};

}  // namespace cascade
