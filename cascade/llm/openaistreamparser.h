#pragma once

#include <string>

#include "cascade/core/json.h"
#include "cascade/llm/streamparser.h"

namespace cascade {

// Server-sent events of an OpenAI-compatible streamed chat completion: `data: {...}` events
// with choices[0].delta.content, usage in the final chunk (stream_options.include_usage), and
// `data: [DONE]` at the end.
class OpenAiStreamParser : public StreamParser {
public:
    void feed(std::string_view bytes, const DeltaCallback& on_delta) override;
    ParsedReply finish() override;

private:
    void take_line(std::string_view line, const DeltaCallback& on_delta);
    void take_event(const DeltaCallback& on_delta);
    Json assembled() const;

    std::string raw_;      // everything received, for servers that ignore "stream"
    std::string pending_;  // bytes after the last complete line
    std::string data_;     // data lines of the event being read
    bool saw_event_ = false;
    bool done_ = false;
    std::string error_;
    std::string text_;
    std::string finish_reason_;
    Json meta_ = Json::object();  // id, created, model of the first chunk
    Json usage_;
};

}  // namespace cascade
