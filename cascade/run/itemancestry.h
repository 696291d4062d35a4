#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cascade/core/item.h"
#include "cascade/project/project.h"
#include "cascade/template/templatecontext.h"

namespace cascade {

// (stage, key) -> the item, or nullopt when it is unknown (e.g. read from a run store).
using FindItem =
    std::function<std::optional<Item>(const std::string& stage, const std::string& key)>;

// The item followed by its ancestors, innermost first, up to the input row (or as far as
// `find` knows them).
std::vector<Item> item_ancestry(const Item& item, const FindItem& find);

// The Mustache context a stage's prompt sees for chain.front() (an ancestry as above): the input
// row, every ancestor's data, the item's data on top, and the names input., parent. and item.
// The same stack StageContext::template_context builds during a run, so a preview renders what
// the model will be sent.
TemplateContext template_context_of(const std::vector<Item>& chain);

// The stage whose kept items feed `stage`: its "from", else the previous stage, else "input".
std::string input_stage_of(const Project& project, const StageConfig& stage);

}  // namespace cascade
