#pragma once

#include <functional>
#include <string_view>

#include "cascade/llm/chattypes.h"

namespace cascade {

// Reads one streamed reply as its raw bytes arrive, in arbitrary pieces (a chunk may end in the
// middle of an event or of a UTF-8 sequence): one instance per request.
class StreamParser {
public:
    using DeltaCallback = std::function<void(std::string_view)>;

    virtual ~StreamParser() = default;

    // Consumes the next raw bytes and reports each text delta found, in order.
    virtual void feed(std::string_view bytes, const DeltaCallback& on_delta) = 0;

    // After the transfer: the assembled reply with its usage. Throws cascade::Error with a
    // readable message when the stream was malformed or carried an error.
    virtual ParsedReply finish() = 0;
};

}  // namespace cascade
