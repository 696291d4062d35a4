#include "cascade/core/item.h"

#include "cascade/core/error.h"

namespace cascade {

const char* to_string(ItemStatus status) {
    switch (status) {
        case ItemStatus::Kept: return "kept";
        case ItemStatus::Filtered: return "filtered";
        case ItemStatus::Error: return "error";
    }
    return "kept";
}

ItemStatus item_status_from_string(const std::string& text) {
    if (text == "kept") return ItemStatus::Kept;
    if (text == "filtered") return ItemStatus::Filtered;
    if (text == "error") return ItemStatus::Error;
    throw Error("unknown item status \"" + text + "\"");
}

}  // namespace cascade
