#include "cascade/llm/openaistreamparser.h"

#include "cascade/core/error.h"
#include "cascade/llm/openaichatprovider.h"

namespace cascade {

void OpenAiStreamParser::feed(std::string_view bytes, const DeltaCallback& on_delta) {
    raw_.append(bytes);
    pending_.append(bytes);
    std::size_t start = 0;
    for (std::size_t end; (end = pending_.find('\n', start)) != std::string::npos;
         start = end + 1) {
        take_line(std::string_view(pending_).substr(start, end - start), on_delta);
    }
    pending_.erase(0, start);
}

void OpenAiStreamParser::take_line(std::string_view line, const DeltaCallback& on_delta) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
        take_event(on_delta);
        return;
    }
    if (!line.starts_with("data:")) return;  // comments (": keep-alive"), event:, id:, retry:
    line.remove_prefix(5);
    if (line.starts_with(' ')) line.remove_prefix(1);
    if (!data_.empty()) data_ += '\n';
    data_.append(line);
}

void OpenAiStreamParser::take_event(const DeltaCallback& on_delta) {
    if (data_.empty()) return;
    const std::string data = std::move(data_);
    data_.clear();
    saw_event_ = true;
    if (data == "[DONE]") {
        done_ = true;
        return;
    }
    Json chunk;
    try {
        chunk = Json::parse(data);
    } catch (const nlohmann::json::exception& e) {
        if (error_.empty()) error_ = "unreadable stream event: " + data.substr(0, 200);
        return;
    }
    if (!chunk.is_object()) return;
    if (const auto error = chunk.find("error"); error != chunk.end() && !error->is_null()) {
        error_ = error->is_object() ? error->value("message", error->dump()) : error->dump();
        return;
    }
    for (const char* key : {"id", "created", "model"}) {
        if (!meta_.contains(key) && chunk.contains(key)) meta_[key] = chunk[key];
    }
    if (const auto usage = chunk.find("usage"); usage != chunk.end() && usage->is_object()) {
        usage_ = *usage;
    }
    const auto choices = chunk.find("choices");
    if (choices == chunk.end() || !choices->is_array() || choices->empty()) return;
    const Json& choice = choices->front();
    if (const auto reason = choice.find("finish_reason");
        reason != choice.end() && reason->is_string()) {
        finish_reason_ = reason->get<std::string>();
    }
    const auto delta = choice.find("delta");
    if (delta == choice.end() || !delta->is_object()) return;
    const auto content = delta->find("content");
    if (content == delta->end() || !content->is_string()) return;
    const std::string& piece = content->get_ref<const std::string&>();
    if (piece.empty()) return;
    text_ += piece;
    if (on_delta) on_delta(piece);
}

ParsedReply OpenAiStreamParser::finish() {
    // A last event without its closing blank line still counts.
    if (!pending_.empty()) {
        take_line(pending_, {});
        pending_.clear();
    }
    take_event({});
    if (!error_.empty()) throw Error("stream error: " + error_);
    if (!saw_event_) return OpenAiChatProvider::parse_completion(raw_);
    if (!done_ && finish_reason_.empty()) throw Error("stream ended before the reply was complete");
    ParsedReply parsed;
    parsed.text = text_;
    parsed.finish_reason = finish_reason_;
    if (usage_.is_object()) {
        const auto count = [this](const char* key) -> std::int64_t {
            const auto it = usage_.find(key);
            return it != usage_.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
        };
        parsed.tokens_in = count("prompt_tokens");
        parsed.tokens_out = count("completion_tokens");
    }
    parsed.response_body = assembled().dump();
    return parsed;
}

Json OpenAiStreamParser::assembled() const {
    Json reply = Json::object();
    reply["id"] = meta_.value("id", Json());
    reply["object"] = "chat.completion";
    reply["created"] = meta_.value("created", Json());
    reply["model"] = meta_.value("model", Json());
    Json choice = {{"index", 0},
                   {"message", {{"role", "assistant"}, {"content", text_}}},
                   {"finish_reason", finish_reason_.empty() ? Json() : Json(finish_reason_)}};
    reply["choices"] = Json::array({std::move(choice)});
    reply["usage"] = usage_.is_object() ? usage_ : Json();
    return reply;
}

}  // namespace cascade
