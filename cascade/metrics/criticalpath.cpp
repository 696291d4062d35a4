#include "cascade/metrics/criticalpath.h"

#include <algorithm>

namespace cascade {

namespace {

std::string node_id(const std::string& stage, const std::string& key) {
    return stage + '\n' + key;
}

}  // namespace

void CriticalPath::add(const Node& node) {
    double upstream = 0.0;
    if (!node.parent_stage.empty()) {
        const auto parent = path_to_.find(node_id(node.parent_stage, node.parent_key));
        if (parent != path_to_.end()) upstream = parent->second;
    }
    const double total = upstream + std::max(0.0, node.latency_ms);
    path_to_[node_id(node.stage, node.key)] = total;
    double& input_total = per_input_[node.input_id];
    input_total = std::max(input_total, total);
    double& slowest = per_stage_[node.input_id][node.stage];
    slowest = std::max(slowest, std::max(0.0, node.latency_ms));
}

}  // namespace cascade
