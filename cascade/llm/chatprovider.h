#pragma once

#include <memory>
#include <string>

#include "cascade/core/error.h"
#include "cascade/core/json.h"
#include "cascade/llm/chattypes.h"
#include "cascade/llm/httptypes.h"
#include "cascade/llm/streamparser.h"
#include "cascade/project/modelconfig.h"

namespace cascade {

// Thrown by parse_reply for a well-formed reply in which the model declined to answer: unlike a
// malformed reply, it is final and not retried.
class ModelRefused : public Error {
public:
    using Error::Error;
};

// One chat wire format (OpenAI-compatible chat completions today; Anthropic Messages and
// Ollama's native API fit the same four steps). Stateless and const, so one instance serves
// every request of a run.
class ChatProvider {
public:
    virtual ~ChatProvider() = default;

    // The JSON body for this request; `stream` asks for a streamed (SSE) reply.
    virtual Json request_body(const ModelConfig& model, const ChatRequest& request,
                              bool stream) const = 0;

    // URL, method, headers (with the key, if any) and timeout around a body; body_text is
    // body.dump(), which the caller has already made.
    virtual HttpRequest http_request(const ModelConfig& model, const Json& body,
                                     std::string body_text, const std::string& api_key) const = 0;

    // Reads a 2xx reply; throws cascade::Error with a readable message when it cannot.
    virtual ParsedReply parse_reply(const ModelConfig& model,
                                    const HttpResponse& response) const = 0;

    // A fresh parser for one streamed reply.
    virtual std::unique_ptr<StreamParser> stream_parser() const = 0;

    // The server's own explanation in an error reply (e.g. error.message), or "" when none.
    virtual std::string server_error(const HttpResponse& response) const = 0;
};

// The provider for a ModelConfig::provider name; throws cascade::Error for an unknown one.
std::unique_ptr<ChatProvider> make_chat_provider(const std::string& provider);

}  // namespace cascade
