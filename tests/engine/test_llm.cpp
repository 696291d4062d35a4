// The LLM provider stack (LlmClient -> OpenAiChatProvider -> HttpMulti -> libcurl) against a
// real HTTP server on 127.0.0.1 that the test starts itself.
#include <QtTest>

#include <atomic>
#include <ctime>
#include <map>
#include <mutex>
#include <thread>

#include "cascade/core/error.h"
#include "cascade/llm/chatprovider.h"
#include "cascade/llm/llmclient.h"
#include "cascade/llm/openaistreamparser.h"
#include "cascade/llm/responsecache.h"
#include "cascade/llm/retryrules.h"
#include "support/fakehttpserver.h"
#include "support/fakeopenai.h"

using namespace cascade;
using namespace cascade::testing;

namespace {

const std::string kKey = "sk-secret-123";

class MemoryCache : public ResponseCache {
public:
    std::optional<CachedResponse> lookup(const std::string& key) override {
        const auto it = entries.find(key);
        if (it == entries.end()) return std::nullopt;
        return it->second;
    }
    void store(const std::string& key, const ModelConfig&, std::string_view,
               const CachedResponse& response) override {
        entries[key] = response;
    }
    void reject(const std::string& key, const std::string&) override { entries.erase(key); }
    std::map<std::string, CachedResponse> entries;
};

ModelConfig frontier(const FakeHttpServer& server) {
    ModelConfig model;
    model.name = "frontier";
    model.base_url = server.base_url();
    model.model = "gpt-4.1";
    model.api_key_env = "OPENAI_API_KEY";
    model.price = {2.0, 8.0};
    model.timeout_s = 20;
    model.max_retries = 2;
    return model;
}

LlmOptions options(std::optional<std::string> key = kKey) {
    LlmOptions result;
    result.key_lookup = [key](const std::string&) { return key; };
    result.retry_defaults.base_delay_s = 0.01;  // keeps retries quick; Retry-After still wins
    result.retry_defaults.max_delay_s = 5.0;
    return result;
}

ChatRequest hello() {
    ChatRequest request;
    request.messages = {{"system", "Be brief."}, {"user", "Say hello."}};
    request.params = {{"temperature", 0}, {"max_tokens", 50}};
    return request;
}

FakeReply ok_reply(const std::string& text = "hello", int in = 1000, int out = 500) {
    return FakeReply::json(openai_chat_reply(text, in, out, "gpt-4.1"));
}

LlmCall call_once(LlmClient& client, const ModelConfig& model, ChatRequest request = hello(),
                  LlmClient::DeltaCallback on_delta = {}) {
    LlmCall result;
    int done = 0;
    client.submit(
        model, std::move(request),
        [&](LlmCall call) {
            result = std::move(call);
            ++done;
        },
        std::move(on_delta));
    RunContext ctx;
    client.run(ctx);
    if (done != 1) throw Error("on_done ran " + std::to_string(done) + " times");
    return result;
}

// A port on 127.0.0.1 that nothing listens on (a server's, after it stopped).
std::string closed_base_url() {
    FakeHttpServer server;
    return server.base_url();
}

}  // namespace

class TestLlm : public QObject {
    Q_OBJECT

private slots:
    void success_reads_tokens_and_cost() {
        FakeHttpServer server([](const FakeRequest&) { return ok_reply(); });
        LlmClient client(options(), nullptr);
        const LlmCall call = call_once(client, frontier(server));
        QVERIFY2(call.ok, call.error.c_str());
        QCOMPARE(call.text, std::string("hello"));
        QCOMPARE(call.tokens_in, 1000);
        QCOMPARE(call.tokens_out, 500);
        QCOMPARE(call.cost, (1000 * 2.0 + 500 * 8.0) / 1e6);
        QCOMPARE(call.http_status, 200L);
        QCOMPARE(call.attempts, 1);
        QVERIFY(!call.cache_hit);
        QVERIFY(call.latency_ms > 0);
        QCOMPARE(call.request_body["model"], Json("gpt-4.1"));
        QCOMPARE(call.request_body["temperature"], Json(0));
        QCOMPARE(call.request_body["messages"][1]["content"], Json("Say hello."));

        const auto requests = server.requests();
        QCOMPARE(requests.size(), std::size_t{1});
        QCOMPARE(requests[0].path, std::string("/v1/chat/completions"));
        QCOMPARE(requests[0].header("Authorization"), "Bearer " + kKey);
        QVERIFY(requests[0].json.has_value());
        QCOMPARE(canonical_dump(*requests[0].json), canonical_dump(call.request_body));
    }

    void retry_after_is_honoured() {
        std::atomic<int> seen{0};
        FakeHttpServer server([&](const FakeRequest&) {
            if (seen++ > 0) return ok_reply();
            FakeReply busy = FakeReply::json(openai_error("slow down", "rate_limit_error"), 429);
            busy.headers.emplace_back("Retry-After", "1");
            return busy;
        });
        LlmClient client(options(), nullptr);
        const LlmCall call = call_once(client, frontier(server));
        QVERIFY2(call.ok, call.error.c_str());
        QCOMPARE(call.attempts, 2);
        const auto requests = server.requests();
        QCOMPARE(requests.size(), std::size_t{2});
        QVERIFY(requests[1].received_at - requests[0].received_at >= std::chrono::seconds(1));
    }

    void retry_after_forms() {
        const std::time_t base = 1700000000;
        std::tm utc{};
        const std::time_t later = base + 5;
        gmtime_r(&later, &utc);
        char date[64];
        std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &utc);
        const auto now = std::chrono::system_clock::from_time_t(base);
        QCOMPARE(RetryRules::retry_after_s({{"retry-after", date}}, now), std::optional(5.0));
        QCOMPARE(RetryRules::retry_after_s({{"retry-after", "2"}}, now), std::optional(2.0));
        QCOMPARE(RetryRules::retry_after_s({{"retry-after-ms", "250"}}, now), std::optional(0.25));
        QCOMPARE(RetryRules::retry_after_s({{"retry-after", "soon"}}, now), std::nullopt);
        QCOMPARE(RetryRules::retry_after_s({}, now), std::nullopt);

        RetryPolicy policy{4, 0.5, 3.0};
        std::mt19937_64 random(7);
        for (int retry = 1; retry <= 10; ++retry) {
            const double delay = RetryRules::backoff_s(policy, retry, random);
            QVERIFY(delay >= 0.0 && delay <= std::min(3.0, 0.5 * (1 << (retry - 1))));
        }
        HttpResponse asks_long;
        asks_long.headers["retry-after"] = "60";
        QCOMPARE(RetryRules::delay_s(policy, 1, asks_long, random), 3.0);  // capped
    }

    void server_error_then_success() {
        std::atomic<int> seen{0};
        FakeHttpServer server([&](const FakeRequest&) {
            return seen++ == 0 ? FakeReply::json(openai_error("oops", "server_error"), 500)
                               : ok_reply();
        });
        LlmClient client(options(), nullptr);
        const LlmCall call = call_once(client, frontier(server));
        QVERIFY2(call.ok, call.error.c_str());
        QCOMPARE(call.attempts, 2);
        QCOMPARE(server.request_count(), std::size_t{2});
    }

    void connection_drop_is_retried() {
        std::atomic<int> seen{0};
        FakeHttpServer server([&](const FakeRequest&) {
            FakeReply reply = ok_reply();
            reply.drop = seen++ == 0;
            return reply;
        });
        LlmClient client(options(), nullptr);
        const LlmCall call = call_once(client, frontier(server));
        QVERIFY2(call.ok, call.error.c_str());
        QCOMPARE(call.attempts, 2);
    }

    void timeout_after_retries() {
        FakeHttpServer server([](const FakeRequest&) {
            FakeReply reply;
            reply.hang = true;
            return reply;
        });
        ModelConfig model = frontier(server);
        model.timeout_s = 0.3;
        model.max_retries = 1;
        LlmClient client(options(), nullptr);
        const LlmCall call = call_once(client, model);
        QVERIFY(!call.ok);
        QCOMPARE(call.error, std::string("timed out after 0.3 s (model \"frontier\")"));
        QCOMPARE(call.attempts, 2);
        QCOMPARE(server.request_count(), std::size_t{2});
    }

    void cancel_mid_flight() {
        FakeHttpServer server([](const FakeRequest&) {
            FakeReply reply = ok_reply();
            reply.delay_ms = 60000;  // cut short when the server stops
            return reply;
        });
        LlmClient client(options(), nullptr);
        std::vector<LlmCall> calls;
        for (int i = 0; i < 4; ++i) {
            ChatRequest request = hello();
            request.params["seed"] = i;
            client.submit(frontier(server), request,
                          [&](LlmCall call) { calls.push_back(std::move(call)); });
        }
        RunContext ctx;
        std::thread canceller([&] {
            const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            while (server.request_count() < 4 && std::chrono::steady_clock::now() < give_up) {
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            ctx.cancel();
        });
        client.run(ctx);
        canceller.join();
        QCOMPARE(server.request_count(), std::size_t{4});
        QCOMPARE(calls.size(), std::size_t{4});
        for (const LlmCall& call : calls) {
            QVERIFY(call.cancelled);
            QVERIFY(!call.ok);
            QCOMPARE(call.error, std::string("cancelled"));
        }

        // The shared loop stays usable for the next run.
        server.set_handler([](const FakeRequest&) { return ok_reply("again"); });
        const LlmCall next = call_once(client, frontier(server));
        QVERIFY2(next.ok, next.error.c_str());
        QCOMPARE(next.text, std::string("again"));
    }

    void streaming_deltas_in_order() {
        FakeHttpServer server([](const FakeRequest&) {
            FakeReply reply = FakeReply::stream(
                openai_stream_chunks("The quick brown fox jumps", 12, 5, "gpt-4.1"));
            reply.chunk_delay_ms = 5;
            return reply;
        });
        ModelConfig model = frontier(server);
        model.stream = true;
        LlmClient client(options(), nullptr);
        std::vector<std::string> deltas;
        const LlmCall call = call_once(client, model, hello(),
                                       [&](std::string_view delta) { deltas.emplace_back(delta); });
        QVERIFY2(call.ok, call.error.c_str());
        const std::vector<std::string> expected{"The ", "quick ", "brown ", "fox ", "jumps"};
        QCOMPARE(deltas, expected);
        QCOMPARE(call.text, std::string("The quick brown fox jumps"));
        QCOMPARE(call.tokens_in, 12);
        QCOMPARE(call.tokens_out, 5);
        QCOMPARE(call.cost, (12 * 2.0 + 5 * 8.0) / 1e6);
        QCOMPARE(call.request_body["stream"], Json(true));
        QCOMPARE(call.request_body["stream_options"]["include_usage"], Json(true));
        const Json reassembled = Json::parse(call.response_body);
        QCOMPARE(reassembled["choices"][0]["message"]["content"], Json(call.text));
        QCOMPARE(reassembled["usage"]["completion_tokens"], Json(5));
        QCOMPARE(server.requests()[0].header("accept"), std::string("text/event-stream"));
    }

    void malformed_200_is_retried_like_a_5xx() {
        std::atomic<int> seen{0};
        FakeHttpServer server([&](const FakeRequest&) {
            switch (seen++) {
                case 0:
                    return FakeReply::text(200, "<html>upstream hiccup</html>");
                case 1:
                    return FakeReply::json({{"object", "chat.completion"}});  // no choices
                default:
                    return ok_reply();
            }
        });
        LlmClient client(options(), nullptr);
        const LlmCall call = call_once(client, frontier(server));
        QVERIFY2(call.ok, call.error.c_str());
        QCOMPARE(call.text, std::string("hello"));
        QCOMPARE(call.attempts, 3);
        QCOMPARE(server.request_count(), std::size_t{3});
    }

    void malformed_200_within_the_same_budget() {
        FakeHttpServer server([](const FakeRequest&) { return FakeReply::text(200, "{\"choi"); });
        MemoryCache cache;
        LlmClient client(options(), &cache);
        const LlmCall call = call_once(client, frontier(server));  // max_retries 2
        QVERIFY(!call.ok);
        QCOMPARE(call.attempts, 3);
        QCOMPARE(server.request_count(), std::size_t{3});
        QVERIFY2(call.error.starts_with("unreadable reply from model \"frontier\": "),
                 call.error.c_str());
        QVERIFY2(call.error.ends_with(" (after 3 attempts)"), call.error.c_str());
        QCOMPARE(call.response_body, std::string("{\"choi"));  // the raw reply is kept
        QVERIFY(cache.entries.empty());
    }

    void refusal_is_final() {
        FakeHttpServer server([](const FakeRequest&) {
            Json reply = openai_chat_reply("", 10, 2, "gpt-4.1");
            reply["choices"][0]["message"] = {{"role", "assistant"},
                                              {"content", nullptr},
                                              {"refusal", "I can't help with that."}};
            return FakeReply::json(reply);
        });
        LlmClient client(options(), nullptr);
        const LlmCall call = call_once(client, frontier(server));
        QVERIFY(!call.ok);
        QCOMPARE(call.attempts, 1);
        QCOMPARE(call.error,
                 std::string("the model refused: I can't help with that. (model \"frontier\")"));
    }

    void cut_off_stream_is_retried_from_the_start() {
        std::atomic<int> seen{0};
        FakeHttpServer server([&](const FakeRequest&) {
            auto chunks = openai_stream_chunks("The quick brown fox jumps", 12, 5, "gpt-4.1");
            FakeReply reply = FakeReply::stream(chunks);
            reply.chunk_delay_ms = 1;
            const int attempt = seen++;
            if (attempt == 0) reply.cut_after_chunks = 3;  // the connection breaks mid-stream
            if (attempt == 1) {
                // A stream that ends cleanly but without its finish: cut short upstream.
                chunks.resize(3);
                reply = FakeReply::stream(chunks);
            }
            return reply;
        });
        ModelConfig model = frontier(server);
        model.stream = true;
        LlmClient client(options(), nullptr);
        std::string live;
        const LlmCall call =
            call_once(client, model, hello(), [&](std::string_view delta) { live += delta; });
        QVERIFY2(call.ok, call.error.c_str());
        QCOMPARE(call.attempts, 3);
        QCOMPARE(call.text, std::string("The quick brown fox jumps"));
        QCOMPARE(Json::parse(call.response_body)["choices"][0]["message"]["content"],
                 Json(call.text));
        // The live view saw each attempt as it came.
        QCOMPARE(live, std::string("The quick The quick The quick brown fox jumps"));
    }

    void reply_larger_than_max_reply_bytes_is_cut_and_counted() {
        const std::string huge(200000, 'x');
        FakeHttpServer server([&](const FakeRequest&) {
            return FakeReply::json(openai_chat_reply(huge, 10, 50000));
        });
        const std::size_t whole = openai_chat_reply(huge, 10, 50000).dump().size();
        MemoryCache cache;
        LlmClient client(options(), &cache);
        for (const bool stream : {false, true}) {
            ModelConfig model = frontier(server);
            model.stream = stream;
            model.max_reply_bytes = 4096;
            const LlmCall call = call_once(client, model);
            QVERIFY(!call.ok);
            QCOMPARE(call.attempts, 1);  // asking again would pay for it again
            QCOMPARE(call.response_body.size(), std::size_t{4096});
            QCOMPARE(call.reply_bytes_dropped, whole - 4096);
            QCOMPARE(call.error,
                     "reply too large for model \"frontier\": its first 4096 bytes "
                     "(max_reply_bytes) are kept, " +
                         std::to_string(whole - 4096) + " more were dropped");
        }
        QVERIFY(cache.entries.empty());
        QCOMPARE(server.request_count(), std::size_t{2});
    }

    void loop_runs_the_before_wait_hook_while_requests_are_out() {
        FakeHttpServer server([](const FakeRequest&) {
            FakeReply reply = ok_reply();
            reply.delay_ms = 50;
            return reply;
        });
        LlmClient client(options(), nullptr);
        int waits_with_requests_out = 0;
        client.http().set_before_wait([&] {
            if (client.http().in_flight() > 0) ++waits_with_requests_out;
        });
        const LlmCall call = call_once(client, frontier(server));
        QVERIFY2(call.ok, call.error.c_str());
        QVERIFY(waits_with_requests_out >= 1);
    }

    void stream_parser_handles_any_split() {
        std::string raw;
        for (const auto& event : openai_stream_chunks("a bc def", 3, 4)) raw += event;
        OpenAiStreamParser parser;
        std::string text;
        for (char byte : raw) {
            parser.feed(std::string_view(&byte, 1), [&](std::string_view d) { text += d; });
        }
        const ParsedReply reply = parser.finish();
        QCOMPARE(text, std::string("a bc def"));
        QCOMPARE(reply.text, text);
        QCOMPARE(reply.finish_reason, std::string("stop"));
        QCOMPARE(reply.tokens_out, 4);

        OpenAiStreamParser cut;
        cut.feed(openai_stream_chunks("x y", 1, 1)[1], {});
        QVERIFY_THROWS_EXCEPTION(Error, cut.finish());
    }

    void rejected_key_names_env_not_key() {
        FakeHttpServer server([](const FakeRequest& request) {
            return FakeReply::json(
                openai_error("Incorrect API key provided: " + request.header("authorization")),
                401);
        });
        LlmClient client(options(), nullptr);
        const LlmCall call = call_once(client, frontier(server));
        QVERIFY(!call.ok);
        QVERIFY2(
            call.error.starts_with("API key rejected for model \"frontier\" (env OPENAI_API_KEY)"),
            call.error.c_str());
        QVERIFY(call.error.find(kKey) == std::string::npos);
        QVERIFY(call.response_body.find(kKey) == std::string::npos);
        QVERIFY(call.request_body.dump().find(kKey) == std::string::npos);
        QCOMPARE(call.attempts, 1);
        QCOMPARE(call.http_status, 401L);
    }

    void missing_key_is_an_error_without_network() {
        FakeHttpServer server([](const FakeRequest&) { return ok_reply(); });
        LlmClient client(options(std::nullopt), nullptr);
        const LlmCall call = call_once(client, frontier(server));
        QVERIFY(!call.ok);
        QCOMPARE(call.error, std::string("no API key for model \"frontier\": set OPENAI_API_KEY"));
        QCOMPARE(server.request_count(), std::size_t{0});
    }

    void readable_http_errors() {
        std::atomic<int> status{404};
        FakeHttpServer server([&](const FakeRequest&) {
            return FakeReply::json(openai_error("The model `gpt-4.1` does not exist"), status);
        });
        LlmClient client(options(), nullptr);
        const ModelConfig model = frontier(server);
        LlmCall call = call_once(client, model);
        QVERIFY2(call.error.starts_with("model or endpoint not found for model \"frontier\""),
                 call.error.c_str());
        QVERIFY(call.error.find(server.base_url() + "/chat/completions") != std::string::npos);

        status = 400;
        call = call_once(client, model);
        QCOMPARE(call.error, std::string("request rejected for model \"frontier\" (HTTP 400): "
                                         "The model `gpt-4.1` does not exist"));
        status = 429;
        call = call_once(client, model);
        QVERIFY2(call.error.starts_with("rate limited after 3 attempts (model \"frontier\")"),
                 call.error.c_str());
        QCOMPARE(call.attempts, 3);

        ModelConfig nowhere = model;
        nowhere.base_url = closed_base_url();
        nowhere.max_retries = 1;
        call = call_once(client, nowhere);
        QVERIFY2(call.error.starts_with("cannot reach " + nowhere.base_url +
                                        " for model \"frontier\": "),
                 call.error.c_str());
        QCOMPARE(call.attempts, 2);
    }

    void lane_concurrency_limit() {
        FakeHttpServer server([](const FakeRequest&) {
            FakeReply reply = ok_reply();
            reply.delay_ms = 20;
            return reply;
        });
        ModelConfig model = frontier(server);
        model.max_concurrency = 3;
        LlmClient client(options(), nullptr);
        int ok = 0;
        for (int i = 0; i < 24; ++i) {
            ChatRequest request = hello();
            request.params["seed"] = i;
            client.submit(model, request, [&](LlmCall call) { ok += call.ok ? 1 : 0; });
        }
        RunContext ctx;
        client.run(ctx);
        QCOMPARE(ok, 24);
        QVERIFY(server.max_in_flight() <= 3);
        QVERIFY(server.max_in_flight() >= 2);
        QVERIFY(server.connection_count() <= 3);  // keep-alive: connections are reused

        LlmOptions narrow = options();
        narrow.concurrency_override = 2;
        LlmClient overridden(narrow, nullptr);
        server.reset_stats();
        for (int i = 0; i < 8; ++i) overridden.submit(model, hello(), [](LlmCall) {});
        overridden.run(ctx);
        QVERIFY(server.max_in_flight() <= 2);
    }

    void cache_hit_on_second_call() {
        FakeHttpServer server([](const FakeRequest&) { return ok_reply("cached text", 300, 100); });
        MemoryCache cache;
        LlmClient client(options(), &cache);
        const ModelConfig model = frontier(server);
        const LlmCall first = call_once(client, model);
        QVERIFY2(first.ok, first.error.c_str());
        QVERIFY(!first.cache_hit);
        QCOMPARE(cache.entries.size(), std::size_t{1});

        std::vector<std::string> deltas;
        const LlmCall second =
            call_once(client, model, hello(), [&](std::string_view d) { deltas.emplace_back(d); });
        QVERIFY(second.ok);
        QVERIFY(second.cache_hit);
        QCOMPARE(second.text, first.text);
        QCOMPARE(second.cost, 0.0);
        QCOMPARE(second.saved_cost, first.cost);
        QCOMPARE(second.tokens_out, 100);
        QCOMPARE(second.cache_key, first.cache_key);
        QCOMPARE(deltas, std::vector<std::string>{"cached text"});
        QCOMPARE(server.request_count(), std::size_t{1});
    }

    void offline_serves_only_the_cache() {
        FakeHttpServer server([](const FakeRequest&) { return ok_reply(); });
        MemoryCache cache;
        LlmOptions offline = options(std::nullopt);  // replay needs no key
        offline.offline = true;
        LlmClient client(offline, &cache);
        const ModelConfig model = frontier(server);
        const LlmCall miss = call_once(client, model);
        QVERIFY(!miss.ok);
        QCOMPARE(miss.error,
                 std::string("offline: no recorded response for model \"frontier\" (gpt-4.1)"));
        QCOMPARE(server.request_count(), std::size_t{0});

        cache.entries[miss.cache_key] = CachedResponse{"{}", "recorded", 10, 20};
        const LlmCall hit = call_once(client, model);
        QVERIFY(hit.ok && hit.cache_hit);
        QCOMPARE(hit.text, std::string("recorded"));
        QCOMPARE(server.request_count(), std::size_t{0});
    }

    void cache_key_ignores_credentials_and_key_order() {
        FakeHttpServer server([](const FakeRequest&) { return ok_reply(); });
        const ModelConfig model = frontier(server);
        LlmClient one(options("sk-one"), nullptr);
        LlmClient two(options("sk-two"), nullptr);
        const LlmCall a = call_once(one, model);
        const LlmCall b = call_once(two, model);
        QCOMPARE(a.cache_key, b.cache_key);
        QCOMPARE(a.cache_key, response_cache_key(model, a.request_body));

        const Json body = {{"model", "gpt-4.1"}, {"x", {{"a", 1}, {"b", 2}}}, {"temperature", 0}};
        const Json reordered = {
            {"temperature", 0}, {"x", {{"b", 2}, {"a", 1}}}, {"model", "gpt-4.1"}};
        QCOMPARE(response_cache_key(model, body), response_cache_key(model, reordered));
        ModelConfig other = model;
        other.model = "gpt-4.1-mini";
        QVERIFY(response_cache_key(other, body) != response_cache_key(model, body));
        other = model;
        other.base_url = "http://127.0.0.1:1/v1";
        QVERIFY(response_cache_key(other, body) != response_cache_key(model, body));
        other = model;
        other.api_key_env = "OTHER_KEY";
        QCOMPARE(response_cache_key(other, body), response_cache_key(model, body));

        // Streaming is a view option: it does not change what is cached.
        ModelConfig streamed = model;
        streamed.stream = true;
        const auto provider = make_chat_provider("openai");
        QCOMPARE(response_cache_key(model, provider->request_body(model, hello(), false)),
                 a.cache_key);
    }

    // Cache keys and fingerprints hash this form, so it must stay what a round trip through
    // nlohmann::json (std::map objects) gives, byte for byte.
    void canonical_dump_sorts_keys_like_a_round_trip() {
        const Json value = {{"z", {3, {{"b", nullptr}, {"a", -0.0}}}},
                            {"A", "caf\u00e9 \"q\"\n\x01"},
                            {"m", {{"k2", 1.5e300}, {"k10", 18446744073709551615ull}, {"k1", -7}}},
                            {"", true},
                            {"e", Json::object()},
                            {"f", Json::array()},
                            {"g", 0.1},
                            {"h", 1.0},
                            {"\u00e9", "x"},
                            {"b", false}};
        QCOMPARE(canonical_dump(value), nlohmann::json::parse(value.dump()).dump());
        QCOMPARE(canonical_dump(Json{{"b", 1}, {"a", {{"d", 2}, {"c", "x"}}}}),
                 std::string(R"({"a":{"c":"x","d":2},"b":1})"));
        QCOMPARE(canonical_dump(Json("text")), std::string("\"text\""));
    }

    void response_format_json_schema() {
        FakeHttpServer server([](const FakeRequest&) { return ok_reply("{\"a\":1}"); });
        ModelConfig model = frontier(server);
        ChatRequest request = hello();
        const Json schema = {{"type", "object"},
                             {"properties", {{"a", {{"type", "integer"}}}}},
                             {"required", {"a"}},
                             {"additionalProperties", false}};
        request.json_schema = &schema;
        request.schema_name = "themes";
        LlmClient client(options(), nullptr);
        const LlmCall call = call_once(client, model, request);
        QVERIFY2(call.ok, call.error.c_str());
        const Json sent = *server.requests()[0].json;
        QCOMPARE(sent["response_format"]["type"], Json("json_schema"));
        QCOMPARE(sent["response_format"]["json_schema"]["name"], Json("themes"));
        QCOMPARE(sent["response_format"]["json_schema"]["strict"], Json(true));
        QCOMPARE(sent["response_format"]["json_schema"]["schema"], *request.json_schema);

        model.structured_output = false;
        const auto provider = make_chat_provider("openai");
        QVERIFY(!provider->request_body(model, request, false).contains("response_format"));
    }

    void unknown_provider_is_a_clear_error() {
        QVERIFY_THROWS_EXCEPTION(Error, make_chat_provider("gemini"));
        try {
            make_chat_provider("gemini");
        } catch (const Error& e) {
            QVERIFY(std::string(e.what()).find("\"gemini\"") != std::string::npos);
        }
    }
};

QTEST_APPLESS_MAIN(TestLlm)
#include "test_llm.moc"
