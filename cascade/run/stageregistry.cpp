#include "cascade/run/stageregistry.h"

namespace cascade {

void StageRegistry::add(StageKind kind) {
    auto name = kind.name;
    kinds_[name] = std::move(kind);
}

const StageKind* StageRegistry::find(const std::string& name) const {
    const auto it = kinds_.find(name);
    return it == kinds_.end() ? nullptr : &it->second;
}

std::vector<std::string> StageRegistry::names() const {
    std::vector<std::string> out;
    for (const auto& [name, kind] : kinds_) out.push_back(name);
    return out;
}

StageValidator StageRegistry::validator() const {
    return [this](const Project& project, const StageConfig& stage, Diagnostics& diags) {
        const StageKind* kind = find(stage.kind);
        if (kind && kind->validate) kind->validate(project, stage, diags);
    };
}

}  // namespace cascade
