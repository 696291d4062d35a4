#include "cascade/llm/llmclient.h"

#include <cstdlib>
#include <sstream>

#include "cascade/core/error.h"

namespace cascade {

namespace {

std::optional<std::string> getenv_lookup(const std::string& name) {
    const char* value = std::getenv(name.c_str());
    if (!value) return std::nullopt;
    return std::string(value);
}

std::string quoted(const std::string& text) {
    return "\"" + text + "\"";
}

std::string seconds(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

std::string with_detail(std::string message, const std::string& detail) {
    if (!detail.empty()) message += ": " + detail;
    return message;
}

// Servers sometimes echo what they were sent; a key must not survive into errors or stores.
void redact(std::string& text, const std::string& secret) {
    if (secret.empty()) return;
    for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
        text.replace(pos, secret.size(), "[redacted]");
    }
}

}  // namespace

struct LlmClient::Pending {
    ModelConfig model;
    const ChatProvider* wire = nullptr;
    LlmCall call;
    std::string key_text;  // the non-streamed body, dumped: what the cache stores
    std::string url;
    std::string api_key;
    std::unique_ptr<StreamParser> parser;  // set for streamed calls
    DoneCallback on_done;
    // The last 2xx reply as read by the check: its content, or why it cannot be used.
    std::optional<ParsedReply> reply;
    std::string reply_error;
};

LlmClient::LlmClient(LlmOptions options, ResponseCache* cache)
    : options_(std::move(options)), cache_(cache) {
    if (!options_.key_lookup) options_.key_lookup = getenv_lookup;
}

const ChatProvider& LlmClient::provider(const std::string& name) {
    auto& slot = providers_[name];
    if (!slot) slot = make_chat_provider(name);
    return *slot;
}

void LlmClient::fail_later(LlmCall call, std::string error, DoneCallback on_done) {
    call.error = std::move(error);
    http_.post([call = std::move(call), on_done = std::move(on_done)]() mutable {
        on_done(std::move(call));
    });
}

void LlmClient::submit(const ModelConfig& model, const ChatRequest& request, DoneCallback on_done,
                       DeltaCallback on_delta) {
    auto pending = std::make_shared<Pending>();
    pending->model = model;
    pending->on_done = std::move(on_done);
    LlmCall& call = pending->call;
    const std::string name = quoted(model.name);
    try {
        pending->wire = &provider(model.provider);
    } catch (const Error& e) {
        fail_later(std::move(call), std::string(e.what()) + " for model " + name,
                   std::move(pending->on_done));
        return;
    }
    const ChatProvider& wire = *pending->wire;
    call.request_body = wire.request_body(model, request, model.stream);
    call.request_text = call.request_body.dump();
    // Keyed on the non-streamed form: switching the live view on or off keeps the cache valid.
    if (model.stream) {
        const Json key_body = wire.request_body(model, request, false);
        call.cache_key = response_cache_key(model, key_body);
        pending->key_text = key_body.dump();
    } else {
        call.cache_key = response_cache_key(model, call.request_body);
        pending->key_text = call.request_text;
    }

    if (cache_) {
        if (auto hit = cache_->lookup(call.cache_key)) {
            call.ok = true;
            call.cache_hit = true;
            call.source = hit->source;
            call.text = hit->text;
            call.response_body = hit->response_body;
            call.tokens_in = hit->tokens_in;
            call.tokens_out = hit->tokens_out;
            call.saved_cost = model.price.cost(hit->tokens_in, hit->tokens_out);
            http_.post([pending, on_delta = std::move(on_delta)] {
                if (on_delta && !pending->call.text.empty()) on_delta(pending->call.text);
                pending->on_done(std::move(pending->call));
            });
            return;
        }
    }
    if (options_.offline) {
        fail_later(std::move(call),
                   "offline: no recorded response for model " + name + " (" + model.model + ")",
                   std::move(pending->on_done));
        return;
    }
    if (!model.api_key_env.empty()) {
        const auto key = options_.key_lookup(model.api_key_env);
        if (!key || key->empty()) {
            fail_later(std::move(call),
                       "no API key for model " + name + ": set " + model.api_key_env,
                       std::move(pending->on_done));
            return;
        }
        pending->api_key = *key;
    }

    HttpRequest http_request =
        wire.http_request(model, call.request_body, call.request_text, pending->api_key);
    http_request.max_body_bytes = static_cast<std::size_t>(model.max_reply_bytes);
    pending->url = http_request.url;
    RetryPolicy retry = options_.retry_defaults;
    retry.max_retries = model.max_retries;
    const int concurrency =
        options_.concurrency_override > 0 ? options_.concurrency_override : model.max_concurrency;
    HttpMulti::Hooks hooks;
    if (model.stream) {
        pending->parser = wire.stream_parser();
        hooks.on_chunk = [pending, on_delta = std::move(on_delta)](std::string_view bytes) {
            pending->parser->feed(bytes, on_delta);
        };
        hooks.restart = [pending] { pending->parser = pending->wire->stream_parser(); };
    }
    // A malformed body or a stream cut short is retried like a 5xx, within the same budget.
    hooks.check = [pending](const HttpResponse& response) {
        return read_reply(*pending, response);
    };
    http_.submit(
        model.name, concurrency, std::move(http_request), retry,
        [this, pending](HttpResponse response) {
            finish(*pending, response);
            pending->on_done(std::move(pending->call));
        },
        std::move(hooks));
}

std::string LlmClient::read_reply(Pending& pending, const HttpResponse& response) {
    pending.reply.reset();
    pending.reply_error.clear();
    const ModelConfig& model = pending.model;
    const std::string name = quoted(model.name);
    try {
        pending.reply =
            pending.parser ? pending.parser->finish() : pending.wire->parse_reply(model, response);
        return {};
    } catch (const ModelRefused& e) {
        pending.reply_error = std::string(e.what()) + " (model " + name + ")";
        return {};  // an answer, if not the one wanted: asking again would pay again
    } catch (const std::exception& e) {
        pending.reply_error = "unreadable reply from model " + name + ": " + e.what();
        if (pending.parser) pending.parser = pending.wire->stream_parser();
        return pending.reply_error;
    }
}

void LlmClient::run(RunContext& ctx) {
    http_.run(ctx);
}

void LlmClient::finish(Pending& pending, const HttpResponse& response) {
    const ModelConfig& model = pending.model;
    LlmCall& call = pending.call;
    const std::string name = quoted(model.name);
    const std::string attempts = std::to_string(response.attempts) + " attempts";
    call.http_status = response.status;
    call.attempts = response.attempts;
    call.latency_ms = response.elapsed_ms;
    call.response_body = response.body;
    redact(call.response_body, pending.api_key);

    if (response.cancelled) {
        call.cancelled = true;
        call.error = "cancelled";
        return;
    }
    const long status = response.status;
    if (response.body_bytes_dropped > 0 && (status == 0 || (status >= 200 && status < 300))) {
        call.reply_bytes_dropped = response.body_bytes_dropped;
        call.error = "reply too large for model " + name + ": its first " +
                     std::to_string(response.body.size()) + " bytes (max_reply_bytes) are kept, " +
                     std::to_string(response.body_bytes_dropped) + " more were dropped";
        return;
    }
    // Only a failed reply is read for the server's explanation.
    const bool failed = status < 200 || status >= 300;
    const std::string detail = !failed       ? std::string()
                               : status == 0 ? response.transport_error
                                             : pending.wire->server_error(response);
    if (response.timed_out) {
        call.error = "timed out after " + seconds(model.timeout_s) + " s (model " + name + ")";
    } else if (status == 0) {
        call.error = with_detail("cannot reach " + model.base_url + " for model " + name, detail);
    } else if (status == 401 || status == 403) {
        call.error = with_detail(
            "API key rejected for model " + name +
                (model.api_key_env.empty()
                     ? " (HTTP " + std::to_string(status) + "; the model has no api_key_env)"
                     : " (env " + model.api_key_env + ")"),
            detail);
    } else if (status == 404) {
        call.error = with_detail("model or endpoint not found for model " + name + " (" +
                                     model.model + "): POST " + pending.url + " returned 404",
                                 detail);
    } else if (status == 400 || status == 422) {
        call.error = with_detail(
            "request rejected for model " + name + " (HTTP " + std::to_string(status) + ")",
            detail);
    } else if (status == 429) {
        call.error =
            with_detail("rate limited after " + attempts + " (model " + name + ")", detail);
    } else if (status >= 500) {
        call.error = with_detail("server error " + std::to_string(status) + " after " + attempts +
                                     " (model " + name + ")",
                                 detail);
    } else if (status < 200 || status >= 300) {
        call.error = with_detail("HTTP " + std::to_string(status) + " from model " + name, detail);
    }
    if (!call.error.empty()) {
        redact(call.error, pending.api_key);
        return;
    }

    // HttpMulti ran the check, read_reply, on this 2xx reply.
    if (!pending.reply) {
        call.error = pending.reply_error;
        if (response.attempts > 1) call.error += " (after " + attempts + ")";
        redact(call.error, pending.api_key);
        return;
    }
    ParsedReply& reply = *pending.reply;
    call.ok = true;
    call.text = std::move(reply.text);
    call.response_body = std::move(reply.response_body);
    redact(call.response_body, pending.api_key);
    call.tokens_in = reply.tokens_in;
    call.tokens_out = reply.tokens_out;
    call.cost = model.price.cost(reply.tokens_in, reply.tokens_out);
    if (cache_) {
        cache_->store(
            call.cache_key, model, pending.key_text,
            CachedResponse{call.response_body, call.text, call.tokens_in, call.tokens_out});
    }
}

}  // namespace cascade
