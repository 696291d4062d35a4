#include "cascade/store/itemrow.h"

namespace cascade {

const char* const kItemColumns =
    "stage, key, parent_stage, parent_key, input_id, ordinal, status, reason, scores, data, "
    "call_id";

Item read_item_row(const Statement& row) {
    Item item;
    item.stage = row.text(0);
    item.key = row.text(1);
    item.parent_stage = row.text(2);
    item.parent_key = row.text(3);
    item.input_id = row.text(4);
    item.ordinal = static_cast<int>(row.int64(5));
    item.status = item_status_from_string(row.text(6));
    item.reason = row.text(7);
    item.scores = Json::parse(row.text_view(8));
    item.data = Json::parse(row.text_view(9));
    if (!row.is_null(10)) item.call_id = row.int64(10);
    return item;
}

}  // namespace cascade
