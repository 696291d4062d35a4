#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "cascade/llm/chattypes.h"
#include "cascade/project/modelconfig.h"
#include "cascade/schema/schemavalidator.h"

namespace cascade {

class StageContext;

struct StructuredReply {
    bool ok = false;
    bool cancelled = false;
    Json value;         // the parsed JSON (or {"text": ...} for text output)
    std::string text;   // the last raw reply, kept for error items
    std::string error;  // readable, when !ok
    std::int64_t call_id = 0;
    std::string cache_key;  // of the last call, so that a stage can still reject its reply
    int repairs = 0;
};

// One item's LLM call with validate-and-retry: a reply that is not JSON or breaks the schema is
// sent back with the errors, up to max_repairs times; a huge one is quoted cut short. An empty
// text reply is an error unless allowed. Every attempt is stored as a call.
class StructuredCall {
public:
    struct Spec {
        std::string item_key;
        const ModelConfig* model = nullptr;
        ChatRequest request;
        bool expect_json = true;
        const SchemaValidator* schema = nullptr;  // optional
        int max_repairs = 2;
        bool allow_empty = false;  // text output: keep an empty (or blank) reply
    };

    static void submit(StageContext& context, Spec spec,
                       std::function<void(StructuredReply)> done);

    // A valid reply the stage still cannot use (no array to explode, no score): the cache
    // stops serving it, so that the next run asks the model again.
    static void reject(StageContext& context, const StructuredReply& reply,
                       const std::string& reason);

    // Strips Markdown code fences and surrounding prose that models wrap JSON in.
    static std::string extract_json_text(const std::string& text);
};

}  // namespace cascade
