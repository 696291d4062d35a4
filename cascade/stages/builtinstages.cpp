#include "cascade/stages/builtinstages.h"

#include "cascade/stages/generatestage.h"

namespace cascade {

void register_builtin_stages(StageRegistry& registry) {
    registry.add(GenerateStage::kind());
}

}  // namespace cascade
