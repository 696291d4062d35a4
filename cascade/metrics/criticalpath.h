#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace cascade {

// Latency along a cascade's provenance chains. Each input's critical path is the longest sum of
// call latencies from the input down to any of its descendants: calls on one chain add up (phase
// after phase), and sibling items of a phase run in parallel, so only the slowest branch counts.
// Items must be added parents first (in stage order), as a run stores them.
class CriticalPath {
public:
    struct Node {
        std::string input_id;
        std::string stage;
        std::string key;
        std::string parent_stage;  // empty for an input item
        std::string parent_key;
        double latency_ms = 0.0;  // of the call that made or judged the item; 0 when none
    };

    void add(const Node& node);

    // Per input id: the critical-path latency in ms.
    const std::map<std::string, double>& per_input() const { return per_input_; }
    // Per input id and stage: the slowest call of that stage on the input's chains, for the
    // per-phase latency bar.
    const std::map<std::string, std::map<std::string, double>>& per_stage() const {
        return per_stage_;
    }

private:
    std::unordered_map<std::string, double> path_to_;  // "stage\nkey" -> latency to that item
    std::map<std::string, double> per_input_;
    std::map<std::string, std::map<std::string, double>> per_stage_;
};

}  // namespace cascade
