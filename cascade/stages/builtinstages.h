#pragma once

#include "cascade/run/stageregistry.h"

namespace cascade {

// Registers every stage kind this build ships.
void register_builtin_stages(StageRegistry& registry);

}  // namespace cascade
