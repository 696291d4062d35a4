#include "cascade/llm/openaichatprovider.h"

#include <cctype>

#include "cascade/core/error.h"
#include "cascade/llm/openaistreamparser.h"

namespace cascade {

namespace {

// Keys the body builder owns; params may not replace them.
bool reserved_key(const std::string& key) {
    return key == "model" || key == "messages" || key == "stream" || key == "stream_options" ||
           key == "response_format";
}

std::string endpoint(const std::string& base_url) {
    std::string url = base_url;
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url + "/chat/completions";
}

std::int64_t int_or_zero(const Json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

}  // namespace

Json OpenAiChatProvider::request_body(const ModelConfig& model, const ChatRequest& request,
                                      bool stream) const {
    Json body = Json::object();
    body["model"] = model.model;
    Json messages = Json::array();
    for (const ChatMessage& message : request.messages) {
        messages.push_back({{"role", message.role}, {"content", message.content}});
    }
    body["messages"] = std::move(messages);
    if (request.params.is_object()) {
        for (const auto& [key, value] : request.params.items()) {
            if (!reserved_key(key)) body[key] = value;
        }
    }
    if (request.json_schema && model.structured_output) {
        // Filled in place: an initializer list would copy the schema twice.
        Json& format = body["response_format"];
        format["type"] = "json_schema";
        Json& schema = format["json_schema"];
        schema["name"] = request.schema_name;
        schema["schema"] = *request.json_schema;
        schema["strict"] = true;
    }
    if (stream) {
        body["stream"] = true;
        body["stream_options"] = {{"include_usage", true}};
    }
    return body;
}

HttpRequest OpenAiChatProvider::http_request(const ModelConfig& model, const Json& body,
                                             std::string body_text,
                                             const std::string& api_key) const {
    HttpRequest request;
    request.method = "POST";
    request.url = endpoint(model.base_url);
    request.body = std::move(body_text);
    request.timeout_s = model.timeout_s;
    const bool stream = body.value("stream", false);
    request.headers.emplace_back("Content-Type", "application/json");
    request.headers.emplace_back("Accept", stream ? "text/event-stream" : "application/json");
    if (!api_key.empty()) request.headers.emplace_back("Authorization", "Bearer " + api_key);
    return request;
}

ParsedReply OpenAiChatProvider::parse_reply(const ModelConfig& model,
                                            const HttpResponse& response) const {
    return parse_completion(response.body);
}

ParsedReply OpenAiChatProvider::parse_completion(const std::string& body) {
    const Json reply = parse_json(body, "reply");
    if (!reply.is_object()) throw Error("reply is not a JSON object");
    if (const auto error = reply.find("error"); error != reply.end() && !error->is_null()) {
        throw Error("reply carries an error: " +
                    (error->is_object() ? error->value("message", error->dump()) : error->dump()));
    }
    const auto choices = reply.find("choices");
    if (choices == reply.end() || !choices->is_array() || choices->empty()) {
        throw Error("reply has no choices");
    }
    const Json& choice = choices->front();
    static const Json no_message = Json::object();
    const auto found = choice.find("message");
    const Json& message = found != choice.end() ? *found : no_message;
    ParsedReply parsed;
    if (const auto content = message.find("content");
        content != message.end() && content->is_string()) {
        parsed.text = content->get<std::string>();
    } else if (const auto refusal = message.find("refusal");
               refusal != message.end() && refusal->is_string()) {
        throw ModelRefused("the model refused: " + refusal->get<std::string>());
    } else {
        throw Error("reply has no message content");
    }
    if (const auto reason = choice.find("finish_reason");
        reason != choice.end() && reason->is_string()) {
        parsed.finish_reason = reason->get<std::string>();
    }
    if (const auto usage = reply.find("usage"); usage != reply.end() && usage->is_object()) {
        parsed.tokens_in = int_or_zero(*usage, "prompt_tokens");
        parsed.tokens_out = int_or_zero(*usage, "completion_tokens");
    }
    parsed.response_body = body;
    return parsed;
}

std::unique_ptr<StreamParser> OpenAiChatProvider::stream_parser() const {
    return std::make_unique<OpenAiStreamParser>();
}

std::string OpenAiChatProvider::server_error(const HttpResponse& response) const {
    try {
        const Json reply = Json::parse(response.body);
        if (reply.is_object()) {
            const auto error = reply.find("error");
            if (error != reply.end() && error->is_object() && error->contains("message") &&
                (*error)["message"].is_string()) {
                return (*error)["message"].get<std::string>();
            }
            if (error != reply.end() && error->is_string()) return error->get<std::string>();
            if (reply.contains("message") && reply["message"].is_string()) {
                return reply["message"].get<std::string>();
            }
        }
    } catch (const nlohmann::json::exception&) {
        // Not JSON (a proxy's HTML page, plain text): fall through to the raw text.
    }
    constexpr std::size_t kMaxChars = 300;
    std::string text = response.body.substr(0, kMaxChars);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    if (response.body.size() > kMaxChars) text += "...";
    return text;
}

}  // namespace cascade
