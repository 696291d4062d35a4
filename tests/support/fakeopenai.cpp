#include "fakeopenai.h"

namespace cascade::testing {

namespace {

Json usage(int tokens_in, int tokens_out) {
    return {{"prompt_tokens", tokens_in},
            {"completion_tokens", tokens_out},
            {"total_tokens", tokens_in + tokens_out}};
}

std::string event(const Json& chunk) {
    return "data: " + chunk.dump() + "\n\n";
}

Json stream_chunk(const std::string& model, Json choices) {
    return {{"id", "chatcmpl-fake"},
            {"object", "chat.completion.chunk"},
            {"created", 1700000000},
            {"model", model},
            {"choices", std::move(choices)}};
}

}  // namespace

Json openai_chat_reply(const std::string& text, int tokens_in, int tokens_out,
                       const std::string& model) {
    return {{"id", "chatcmpl-fake"},
            {"object", "chat.completion"},
            {"created", 1700000000},
            {"model", model},
            {"choices", Json::array({{{"index", 0},
                                      {"message", {{"role", "assistant"}, {"content", text}}},
                                      {"finish_reason", "stop"}}})},
            {"usage", usage(tokens_in, tokens_out)}};
}

std::vector<std::string> openai_stream_chunks(const std::string& text, int tokens_in,
                                              int tokens_out, const std::string& model) {
    std::vector<std::string> events;
    const auto delta_chunk = [&](Json delta, Json finish_reason) {
        return event(
            stream_chunk(model, Json::array({{{"index", 0},
                                              {"delta", std::move(delta)},
                                              {"finish_reason", std::move(finish_reason)}}})));
    };
    events.push_back(delta_chunk({{"role", "assistant"}, {"content", ""}}, nullptr));
    // Word-sized deltas, each keeping its trailing spaces, so they concatenate back to `text`.
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        end = end == std::string::npos ? text.size() : text.find_first_not_of(' ', end);
        if (end == std::string::npos) end = text.size();
        events.push_back(delta_chunk({{"content", text.substr(start, end - start)}}, nullptr));
        start = end;
    }
    events.push_back(delta_chunk(Json::object(), "stop"));
    Json usage_chunk = stream_chunk(model, Json::array());
    usage_chunk["usage"] = usage(tokens_in, tokens_out);
    events.push_back(event(usage_chunk));
    events.push_back("data: [DONE]\n\n");
    return events;
}

Json openai_error(const std::string& message, const std::string& type) {
    return {{"error", {{"message", message}, {"type", type}, {"code", nullptr}}}};
}

}  // namespace cascade::testing
