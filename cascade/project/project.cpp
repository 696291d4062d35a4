#include "cascade/project/project.h"

namespace cascade {

const StageConfig* Project::stage(const std::string& id) const {
    for (const auto& stage : stages)
        if (stage.id == id) return &stage;
    return nullptr;
}

int Project::stage_index(const std::string& id) const {
    for (const auto& stage : stages)
        if (stage.id == id) return stage.index;
    return -1;
}

std::string Project::input_id(const Json& row) const {
    const auto it = row.find(inputs.id_field);
    if (it == row.end()) return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace cascade
