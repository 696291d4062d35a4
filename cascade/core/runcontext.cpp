#include "cascade/core/runcontext.h"

#include "cascade/core/error.h"

namespace cascade {

void RunContext::throw_if_cancelled() const {
    if (is_cancelled()) throw Cancelled();
}

}  // namespace cascade
