#pragma once

#include "cascade/llm/chatprovider.h"

namespace cascade {

// OpenAI-compatible chat completions (OpenAI, Azure, vLLM, llama.cpp server, Ollama's /v1,
// LM Studio, OpenRouter): POST {base_url}/chat/completions.
class OpenAiChatProvider : public ChatProvider {
public:
    Json request_body(const ModelConfig& model, const ChatRequest& request,
                      bool stream) const override;
    HttpRequest http_request(const ModelConfig& model, const Json& body, std::string body_text,
                             const std::string& api_key) const override;
    ParsedReply parse_reply(const ModelConfig& model, const HttpResponse& response) const override;
    std::unique_ptr<StreamParser> stream_parser() const override;
    std::string server_error(const HttpResponse& response) const override;

    // Reads a chat.completion JSON text; shared with the stream parser for servers that answer
    // a stream request with a plain reply. Throws cascade::Error.
    static ParsedReply parse_completion(const std::string& body);
};

}  // namespace cascade
