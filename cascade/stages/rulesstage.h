#pragma once

#include "cascade/core/json.h"
#include "cascade/run/stage.h"
#include "cascade/run/stageregistry.h"

namespace cascade {

// `rules`: policy guardrails (see PolicyRule). Every rule is evaluated; an item that breaks any
// is filtered, its reason naming each broken rule and what matched ("rule title-length: 71 > 60
// chars; rule no-alcohol: \"wine\" in /title"). Scores {"failed_rules": [ids]}. No threshold.
class RulesStage : public Stage {
public:
    explicit RulesStage(const StageConfig& config);
    void run(StageContext& context) override;

    static StageKind kind();

private:
    Json rules_;
};

}  // namespace cascade
