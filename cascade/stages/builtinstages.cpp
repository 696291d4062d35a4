#include "cascade/stages/builtinstages.h"

#include "cascade/stages/dedupstage.h"
#include "cascade/stages/generatestage.h"
#include "cascade/stages/judgestage.h"
#include "cascade/stages/rerankstage.h"
#include "cascade/stages/retrievestage.h"
#include "cascade/stages/rulesstage.h"

namespace cascade {

void register_builtin_stages(StageRegistry& registry) {
    registry.add(GenerateStage::kind());
    registry.add(RetrieveStage::kind());
    registry.add(DedupStage::kind());
    registry.add(JudgeStage::kind());
    registry.add(RerankStage::kind());
    registry.add(RulesStage::kind());
}

}  // namespace cascade
