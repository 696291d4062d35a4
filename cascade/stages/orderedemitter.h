#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "cascade/core/item.h"

namespace cascade {

class StageContext;

// Emits each input's results in input order, as soon as every earlier input has finished,
// although the calls behind them finish in any order. Downstream gates then see the same
// order on every run: greedy dedup depends on it, and so do offline replays.
class OrderedEmitter {
public:
    OrderedEmitter(StageContext& context, std::size_t inputs);
    // The results of input `index` (possibly none); marks that input done.
    void deliver(std::size_t index, std::vector<Item> items);
    // After a cancel: emits what finished behind the inputs that never will.
    void flush();

private:
    StageContext& context_;
    std::vector<std::optional<std::vector<Item>>> finished_;
    std::size_t next_ = 0;
};

}  // namespace cascade
