#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cascade/core/json.h"

namespace cascade::testing {

// One request as the server read it.
struct FakeRequest {
    std::string method;                          // "POST"
    std::string path;                            // request target, e.g. "/v1/chat/completions"
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
    std::optional<Json> json;                           // the body, when it parses as JSON
    std::chrono::steady_clock::time_point received_at;  // when the whole request had arrived
    // When the whole reply had been written to the socket, and its status; unset when the
    // server never finished a reply (hang, drop, reset, cut, or the client went away).
    std::optional<std::chrono::steady_clock::time_point> answered_at;
    int answered_status = 0;

    // The header's value, or "" when absent; `name` is matched case-insensitively.
    std::string header(const std::string& name) const;
};

// What the handler wants sent back. The default is an empty 200 JSON reply.
struct FakeReply {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;  // e.g. {"Retry-After", "1"}
    std::string body;
    std::string content_type = "application/json";
    int delay_ms = 0;                     // wait before answering (cut short when the server stops)
    std::vector<std::string> sse_chunks;  // non-empty: a text/event-stream reply, chunked,
    int chunk_delay_ms = 2;               //   one HTTP chunk per entry, this far apart
    bool hang = false;   // never answer: holds the connection until the client gives up
    bool drop = false;   // close the connection without answering (a connection error)
    bool reset = false;  // abort the connection with a TCP reset instead of answering
    bool close = false;  // answer, then close the connection instead of keeping it alive
    int cut_after_chunks = -1;  // >= 0: a stream that stops after this many chunks, unfinished

    static FakeReply json(const Json& body, int status = 200);
    static FakeReply text(int status, std::string body);
    static FakeReply stream(std::vector<std::string> chunks);
};

// A real HTTP/1.1 server on 127.0.0.1 (ephemeral port) for tests and benchmarks: the client
// code under test talks to it through real sockets. One thread per connection; keep-alive,
// Content-Length request bodies, Expect: 100-continue. It listens from construction and stops
// (interrupting delays and hangs, closing connections, joining threads) in its destructor.
//
//   FakeHttpServer server([](const FakeRequest& request) {
//       return FakeReply::json(openai_chat_reply("hi", 10, 2, "m"));
//   });
//   model.base_url = server.base_url();  // http://127.0.0.1:PORT/v1
//
// The handler runs on connection threads, possibly several at once: it must be thread-safe.
class FakeHttpServer {
public:
    using Handler = std::function<FakeReply(const FakeRequest&)>;

    explicit FakeHttpServer(Handler handler = {});  // no handler: every request gets a 404
    ~FakeHttpServer();
    FakeHttpServer(const FakeHttpServer&) = delete;
    FakeHttpServer& operator=(const FakeHttpServer&) = delete;

    int port() const { return port_; }
    std::string origin() const;    // http://127.0.0.1:PORT
    std::string base_url() const;  // http://127.0.0.1:PORT/v1 (an OpenAI-style base URL)

    void set_handler(Handler handler);  // takes effect for the next request

    // Statistics (thread-safe).
    std::size_t request_count() const { return request_count_.load(); }
    std::size_t connection_count() const { return connection_count_.load(); }  // accepted
    int in_flight() const { return in_flight_.load(); }
    int max_in_flight() const { return max_in_flight_.load(); }  // requests being answered
    std::vector<FakeRequest> requests() const;  // every request received, in arrival order
    void set_recording(bool on);                // off: count only (long benchmarks)
    void reset_stats();

private:
    struct Connection;

    void accept_loop();
    void serve(Connection& connection);
    bool read_request(Connection& connection, FakeRequest& request, bool& keep_alive);
    bool answer(Connection& connection, const FakeRequest& request, bool keep_alive);
    // Writes the whole reply; false when it could not (or was told to stop short).
    bool send_reply(Connection& connection, const FakeReply& reply, bool keep_alive);
    void note_answered(std::size_t index, std::uint64_t generation, int status);
    bool wait_or_stop(int ms);
    void hang_until_closed(int fd);
    void reap_finished();

    int listen_fd_ = -1;
    int wake_pipe_[2] = {-1, -1};
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::mutex stop_mutex_;
    std::condition_variable stop_cv_;

    mutable std::mutex handler_mutex_;
    Handler handler_;

    mutable std::mutex stats_mutex_;
    std::vector<FakeRequest> recorded_;
    bool recording_ = true;
    std::uint64_t generation_ = 0;  // bumped by reset_stats(): older indexes are stale
    std::atomic<std::size_t> request_count_{0};
    std::atomic<std::size_t> connection_count_{0};
    std::atomic<int> in_flight_{0};
    std::atomic<int> max_in_flight_{0};

    std::mutex connections_mutex_;
    std::list<std::unique_ptr<Connection>> connections_;
    std::thread accept_thread_;
};

}  // namespace cascade::testing
