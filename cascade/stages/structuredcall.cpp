#include "cascade/stages/structuredcall.h"

#include <memory>

#include "cascade/core/error.h"
#include "cascade/core/textclip.h"
#include "cascade/llm/llmclient.h"
#include "cascade/run/stagecontext.h"

namespace cascade {

namespace {

// How much of a rejected reply, and of what was wrong with it, a repair request quotes: enough
// for the model to see its mistake, without resending megabytes on every attempt.
constexpr std::size_t kQuotedReplyBytes = 8000;
constexpr std::size_t kQuotedProblemBytes = 2000;

bool blank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

struct Attempt {
    StageContext* context;
    StructuredCall::Spec spec;
    std::function<void(StructuredReply)> done;
    int repairs = 0;
};

std::optional<std::string> check_reply(const StructuredCall::Spec& spec, const std::string& text,
                                       Json& value) {
    if (!spec.expect_json) {
        value = Json{{"text", text}};
        return std::nullopt;
    }
    try {
        value = parse_json(StructuredCall::extract_json_text(text), "reply");
    } catch (const Error& e) {
        return std::string("the reply is not valid JSON (") + e.what() + ")";
    }
    if (spec.schema) {
        const auto errors = spec.schema->validate(value);
        if (!errors.empty())
            return "the reply does not match the schema: " + SchemaValidator::describe(errors);
    }
    return std::nullopt;
}

void send(std::shared_ptr<Attempt> attempt) {
    const bool stream = attempt->spec.model->stream;
    std::function<void(std::string_view)> on_delta;
    if (stream) {
        on_delta = [attempt](std::string_view text) {
            attempt->context->delta(attempt->spec.item_key, text);
        };
    }
    attempt->context->llm().submit(
        *attempt->spec.model, attempt->spec.request,
        [attempt](LlmCall call) {
            if (call.cancelled) {
                attempt->done(StructuredReply{false, true});
                return;
            }
            StructuredReply reply;
            reply.text = call.text;
            reply.repairs = attempt->repairs;
            const bool answered = call.ok;
            if (!answered) reply.error = call.error;
            reply.cache_key = call.cache_key;
            std::optional<std::string> problem;
            // An empty text reply is rejected like an invalid one, but asking again with the
            // same prompt is no repair: it ends the item at once.
            const bool empty = answered && !attempt->spec.expect_json &&
                               !attempt->spec.allow_empty && blank(reply.text);
            if (empty)
                problem =
                    "the model returned an empty reply (set output.allow_empty to keep empty "
                    "replies)";
            else if (answered)
                problem = check_reply(attempt->spec, reply.text, reply.value);
            if (problem) {
                // The call keeps the reply for inspection; the cache never serves it again,
                // so the next run asks the model instead of repeating this error.
                if (ResponseCache* cache = attempt->context->llm().cache())
                    cache->reject(call.cache_key, *problem);
                call.ok = false;
                call.error = kRejectedReplyPrefix + *problem;
            }
            reply.call_id =
                attempt->context->record_call(std::move(call), attempt->spec.item_key,
                                              attempt->spec.model->name, attempt->repairs);
            if (!answered) {
                attempt->done(std::move(reply));
                return;
            }
            if (!problem) {
                reply.ok = true;
                attempt->done(std::move(reply));
                return;
            }
            // A parse error can quote a whole megabyte token: keep the reason readable.
            problem = clip_middle(*problem, kQuotedProblemBytes);
            if (empty) {
                reply.error = *problem;
                attempt->done(std::move(reply));
                return;
            }
            if (attempt->repairs >= attempt->spec.max_repairs) {
                reply.error = *problem + " (after " + std::to_string(attempt->repairs + 1) +
                              " attempts)";
                attempt->done(std::move(reply));
                return;
            }
            // Feed the error back so the model can correct itself.
            ++attempt->repairs;
            auto& messages = attempt->spec.request.messages;
            messages.push_back({"assistant", clip_middle(reply.text, kQuotedReplyBytes)});
            messages.push_back({"user", "Your previous reply was rejected: " + *problem +
                                            "\nReply again with only the corrected JSON."});
            send(attempt);
        },
        on_delta);
}

}  // namespace

void StructuredCall::submit(StageContext& context, Spec spec,
                            std::function<void(StructuredReply)> done) {
    auto attempt = std::make_shared<Attempt>();
    attempt->context = &context;
    attempt->spec = std::move(spec);
    attempt->done = std::move(done);
    send(std::move(attempt));
}

void StructuredCall::reject(StageContext& context, const StructuredReply& reply,
                            const std::string& reason) {
    if (ResponseCache* cache = context.llm().cache(); cache && !reply.cache_key.empty())
        cache->reject(reply.cache_key, reason);
}

std::string StructuredCall::extract_json_text(const std::string& text) {
    const auto fence = text.find("```");
    if (fence != std::string::npos) {
        auto start = text.find('\n', fence);
        const auto end = text.find("```", fence + 3);
        if (start != std::string::npos && end != std::string::npos && end > start)
            return text.substr(start + 1, end - start - 1);
    }
    const auto first = text.find_first_of("{[");
    const auto last = text.find_last_of("}]");
    if (first != std::string::npos && last != std::string::npos && last > first)
        return text.substr(first, last - first + 1);
    return text;
}

}  // namespace cascade
