#pragma once

#include "cascade/core/item.h"
#include "cascade/store/statement.h"

namespace cascade {

// The items columns every item query selects, in the order read_item_row() reads them.
extern const char* const kItemColumns;

Item read_item_row(const Statement& row);

}  // namespace cascade
