#pragma once

namespace cascade {

class StageContext;

// One stage kind's behaviour. An instance serves one stage of one run: it reads the kept items
// of its source stage from the context and emits its own items through it.
class Stage {
public:
    virtual ~Stage() = default;
    virtual void run(StageContext& context) = 0;
};

}  // namespace cascade
