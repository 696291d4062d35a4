#pragma once

#include <optional>
#include <string>

#include "cascade/core/item.h"

namespace cascade {

// What the inspector and `cascade show` narrow a stage's items to.
struct ItemFilter {
    std::optional<ItemStatus> status;
    std::string text;  // case-insensitive substring of key, reason or data
};

}  // namespace cascade
