#include "cascade/run/itemancestry.h"

namespace cascade {

std::vector<Item> item_ancestry(const Item& item, const FindItem& find) {
    std::vector<Item> chain{item};
    // Keys are paths, so a chain is never deeper than a pipeline; the bound only guards against
    // a corrupt store that links an item to itself.
    constexpr std::size_t kMaxDepth = 256;
    while (find && !chain.back().parent_key.empty() && chain.size() < kMaxDepth) {
        auto parent = find(chain.back().parent_stage, chain.back().parent_key);
        if (!parent) break;
        chain.push_back(std::move(*parent));
    }
    return chain;
}

TemplateContext template_context_of(const std::vector<Item>& chain) {
    TemplateContext context;
    if (chain.empty()) return context;
    Json named = Json::object();
    named["input"] = chain.back().data;
    named["parent"] = chain.size() > 1 ? chain[1].data : Json::object();
    named["item"] = chain.front().data;
    context.push(std::move(named));
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) context.push(it->data);
    return context;
}

std::string input_stage_of(const Project& project, const StageConfig& stage) {
    if (!stage.from.empty()) return stage.from;
    return stage.index == 0 ? std::string("input") : project.stages[stage.index - 1].id;
}

}  // namespace cascade
