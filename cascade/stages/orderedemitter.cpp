#include "cascade/stages/orderedemitter.h"

#include "cascade/run/stagecontext.h"

namespace cascade {

OrderedEmitter::OrderedEmitter(StageContext& context, std::size_t inputs)
    : context_(context), finished_(inputs) {}

void OrderedEmitter::deliver(std::size_t index, std::vector<Item> items) {
    finished_[index] = std::move(items);
    context_.input_done();
    for (; next_ < finished_.size() && finished_[next_]; ++next_)
        for (auto& item : *finished_[next_]) context_.emit(std::move(item));
}

void OrderedEmitter::flush() {
    for (; next_ < finished_.size(); ++next_)
        if (finished_[next_])
            for (auto& item : *finished_[next_]) context_.emit(std::move(item));
}

}  // namespace cascade
