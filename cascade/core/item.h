#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cascade/core/json.h"

namespace cascade {

enum class ItemStatus { Kept, Filtered, Error };

const char* to_string(ItemStatus status);
ItemStatus item_status_from_string(const std::string& text);

// One artefact produced by a stage, with its provenance (DESIGN.md "Items").
// Identity inside a run is (stage, key); gates keep their input's key so that one item can be
// followed through every gate, and compare aligns two runs on (stage, key).
struct Item {
    std::string stage;         // "input" for the project's input rows
    std::string key;           // stable path, e.g. "u17/themes/2/keywords/0"
    std::string parent_stage;  // empty for inputs
    std::string parent_key;
    std::string input_id;  // the input row this item descends from
    int ordinal = 0;       // position among its siblings
    ItemStatus status = ItemStatus::Kept;
    std::string reason;               // readable: why it was filtered or failed
    Json scores = Json::object();     // raw gate scores, kept for threshold sweeps
    Json data;                        // the artefact itself
    std::optional<std::int64_t> call_id;  // the LLM call that produced or judged it
};

}  // namespace cascade
