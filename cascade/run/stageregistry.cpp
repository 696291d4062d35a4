#include "cascade/run/stageregistry.h"

namespace cascade {

StageKind::RecomputeKept one_off_recompute(StageKind::PrepareSweep prepare) {
    return [prepare = std::move(prepare)](const StageConfig& config, const std::vector<Item>& items,
                                          const std::string& param, double value) {
        return prepare(config, items)(param, value);
    };
}

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
