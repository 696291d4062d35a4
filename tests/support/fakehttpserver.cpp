#include "fakehttpserver.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "cascade/core/error.h"

namespace cascade::testing {

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string trim(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos) return "";
    return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

const char* reason_phrase(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        case 504:
            return "Gateway Timeout";
        default:
            return "Status";
    }
}

bool send_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR) continue;
        if (sent <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

[[noreturn]] void fail(const std::string& what) {
    throw Error("FakeHttpServer: " + what + ": " + std::strerror(errno));
}

}  // namespace

std::string FakeRequest::header(const std::string& name) const {
    const auto it = headers.find(lower(name));
    return it == headers.end() ? std::string() : it->second;
}

FakeReply FakeReply::json(const Json& body, int status) {
    FakeReply reply;
    reply.status = status;
    reply.body = body.dump();
    return reply;
}

FakeReply FakeReply::text(int status, std::string body) {
    FakeReply reply;
    reply.status = status;
    reply.body = std::move(body);
    reply.content_type = "text/plain";
    return reply;
}

FakeReply FakeReply::stream(std::vector<std::string> chunks) {
    FakeReply reply;
    reply.sse_chunks = std::move(chunks);
    reply.content_type = "text/event-stream";
    return reply;
}

struct FakeHttpServer::Connection {
    int fd = -1;
    std::string buffer;  // bytes read past the current request (pipelining)
    std::thread thread;
    std::atomic<bool> finished{false};
};

FakeHttpServer::FakeHttpServer(Handler handler) : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) fail("socket");
    const int yes = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;  // ephemeral
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0) {
        fail("bind 127.0.0.1");
    }
    if (::listen(listen_fd_, SOMAXCONN) < 0) fail("listen");
    socklen_t length = sizeof address;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    if (::pipe2(wake_pipe_, O_CLOEXEC) < 0) fail("pipe");
    accept_thread_ = std::thread([this] { accept_loop(); });
}

FakeHttpServer::~FakeHttpServer() {
    {
        std::lock_guard lock(stop_mutex_);
        stopping_ = true;
    }
    stop_cv_.notify_all();
    const char byte = 0;
    [[maybe_unused]] const auto written = ::write(wake_pipe_[1], &byte, 1);
    accept_thread_.join();
    // Unblocks every recv() and poll() on the connections; their threads then return.
    for (auto& connection : connections_) ::shutdown(connection->fd, SHUT_RDWR);
    for (auto& connection : connections_) {
        connection->thread.join();
        ::close(connection->fd);
    }
    ::close(listen_fd_);
    ::close(wake_pipe_[0]);
    ::close(wake_pipe_[1]);
}

std::string FakeHttpServer::origin() const {
    return "http://127.0.0.1:" + std::to_string(port_);
}

std::string FakeHttpServer::base_url() const {
    return origin() + "/v1";
}

void FakeHttpServer::set_handler(Handler handler) {
    std::lock_guard lock(handler_mutex_);
    handler_ = std::move(handler);
}

std::vector<FakeRequest> FakeHttpServer::requests() const {
    std::lock_guard lock(stats_mutex_);
    return recorded_;
}

void FakeHttpServer::set_recording(bool on) {
    std::lock_guard lock(stats_mutex_);
    recording_ = on;
}

void FakeHttpServer::reset_stats() {
    std::lock_guard lock(stats_mutex_);
    ++generation_;
    recorded_.clear();
    request_count_ = 0;
    connection_count_ = 0;
    max_in_flight_ = in_flight_.load();
}

void FakeHttpServer::accept_loop() {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    while (!stopping_) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (fds[1].revents != 0 || stopping_) return;
        if ((fds[0].revents & POLLIN) == 0) continue;
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        const int yes = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
        ++connection_count_;
        reap_finished();
        auto connection = std::make_unique<Connection>();
        connection->fd = fd;
        Connection& ref = *connection;
        std::lock_guard lock(connections_mutex_);
        connections_.push_back(std::move(connection));
        ref.thread = std::thread([this, &ref] { serve(ref); });
    }
}

void FakeHttpServer::reap_finished() {
    std::lock_guard lock(connections_mutex_);
    for (auto it = connections_.begin(); it != connections_.end();) {
        if (!(*it)->finished) {
            ++it;
            continue;
        }
        (*it)->thread.join();
        ::close((*it)->fd);
        it = connections_.erase(it);
    }
}

void FakeHttpServer::serve(Connection& connection) {
    // The fd is closed by whoever joins this thread, so its number cannot be reused meanwhile.
    try {
        bool keep_alive = true;
        while (keep_alive && !stopping_) {
            FakeRequest request;
            if (!read_request(connection, request, keep_alive)) break;
            if (!answer(connection, request, keep_alive)) break;
        }
    } catch (const std::exception&) {
        // A malformed request (e.g. a bad Content-Length): drop the connection.
    }
    ::shutdown(connection.fd, SHUT_RDWR);
    connection.finished = true;
}

bool FakeHttpServer::read_request(Connection& connection, FakeRequest& request, bool& keep_alive) {
    std::string& buffer = connection.buffer;
    char chunk[64 * 1024];
    auto read_more = [&] {
        const ssize_t got = ::recv(connection.fd, chunk, sizeof chunk, 0);
        if (got > 0) buffer.append(chunk, static_cast<std::size_t>(got));
        return got > 0 || (got < 0 && errno == EINTR);
    };
    std::size_t head_end;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
        if (!read_more()) return false;
    }
    const std::string head = buffer.substr(0, head_end);
    buffer.erase(0, head_end + 4);

    std::size_t line_end = head.find("\r\n");
    const std::string request_line = head.substr(0, line_end);
    const auto first_space = request_line.find(' ');
    const auto second_space = request_line.find(' ', first_space + 1);
    if (first_space == std::string::npos || second_space == std::string::npos) return false;
    request.method = request_line.substr(0, first_space);
    request.path = request_line.substr(first_space + 1, second_space - first_space - 1);
    const bool http11 = request_line.substr(second_space + 1) == "HTTP/1.1";
    while (line_end != std::string::npos) {
        const std::size_t start = line_end + 2;
        line_end = head.find("\r\n", start);
        const std::string line = head.substr(start, line_end - start);
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        request.headers[lower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
    }
    const std::string connection_header = lower(request.header("connection"));
    keep_alive = http11 ? connection_header != "close" : connection_header == "keep-alive";
    if (lower(request.header("expect")) == "100-continue") {
        if (!send_all(connection.fd, "HTTP/1.1 100 Continue\r\n\r\n")) return false;
    }
    const std::string length_text = request.header("content-length");
    const std::size_t length = length_text.empty() ? 0 : std::stoull(length_text);
    while (buffer.size() < length) {
        if (!read_more()) return false;
    }
    request.body = buffer.substr(0, length);
    buffer.erase(0, length);
    request.received_at = std::chrono::steady_clock::now();
    Json parsed = Json::parse(request.body, nullptr, false);
    if (!request.body.empty() && !parsed.is_discarded()) request.json = std::move(parsed);
    return true;
}

bool FakeHttpServer::answer(Connection& connection, const FakeRequest& request, bool keep_alive) {
    const int now_in_flight = ++in_flight_;
    int seen = max_in_flight_.load();
    while (now_in_flight > seen && !max_in_flight_.compare_exchange_weak(seen, now_in_flight)) {
    }
    ++request_count_;
    std::size_t index = 0;
    std::uint64_t generation = 0;
    {
        std::lock_guard lock(stats_mutex_);
        index = recorded_.size();
        generation = generation_;
        if (recording_) recorded_.push_back(request);
    }
    struct Leave {
        std::atomic<int>& count;
        ~Leave() { --count; }
    } leave{in_flight_};

    Handler handler;
    {
        std::lock_guard lock(handler_mutex_);
        handler = handler_;
    }
    FakeReply reply;
    if (!handler) {
        reply = FakeReply::text(404, "no handler");
    } else {
        try {
            reply = handler(request);
        } catch (const std::exception& e) {
            reply = FakeReply::text(500, std::string("handler threw: ") + e.what());
        }
    }
    if (reply.delay_ms > 0 && !wait_or_stop(reply.delay_ms)) return false;
    if (reply.hang) {
        hang_until_closed(connection.fd);
        return false;
    }
    if (reply.drop) return false;
    if (reply.reset) {
        // A zero linger turns the close into a reset; dup2 closes the socket while keeping its
        // number taken until the connection is reaped.
        const linger abort{1, 0};
        ::setsockopt(connection.fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
        const int placeholder = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        ::dup2(placeholder, connection.fd);
        ::close(placeholder);
        return false;
    }
    keep_alive = keep_alive && !reply.close;
    if (!send_reply(connection, reply, keep_alive)) return false;
    note_answered(index, generation, reply.status);
    return keep_alive;
}

void FakeHttpServer::note_answered(std::size_t index, std::uint64_t generation, int status) {
    std::lock_guard lock(stats_mutex_);
    if (generation != generation_ || index >= recorded_.size()) return;
    recorded_[index].answered_at = std::chrono::steady_clock::now();
    recorded_[index].answered_status = status;
}

bool FakeHttpServer::send_reply(Connection& connection, const FakeReply& reply, bool keep_alive) {
    const bool streamed = !reply.sse_chunks.empty();
    std::string head =
        "HTTP/1.1 " + std::to_string(reply.status) + " " + reason_phrase(reply.status) + "\r\n";
    head += "Content-Type: " + (streamed ? std::string("text/event-stream") : reply.content_type) +
            "\r\n";
    for (const auto& [name, value] : reply.headers) head += name + ": " + value + "\r\n";
    head += streamed ? std::string("Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n")
                     : "Content-Length: " + std::to_string(reply.body.size()) + "\r\n";
    head += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    if (!streamed) return send_all(connection.fd, head + reply.body);

    if (!send_all(connection.fd, head)) return false;
    for (std::size_t i = 0; i < reply.sse_chunks.size(); ++i) {
        if (static_cast<int>(i) == reply.cut_after_chunks) return false;
        if (i > 0 && reply.chunk_delay_ms > 0 && !wait_or_stop(reply.chunk_delay_ms)) return false;
        const std::string& data = reply.sse_chunks[i];
        if (data.empty()) continue;  // an empty HTTP chunk would end the body
        char size[32];
        std::snprintf(size, sizeof size, "%zx\r\n", data.size());
        if (!send_all(connection.fd, size + data + "\r\n")) return false;
    }
    if (reply.cut_after_chunks >= 0) return false;
    return send_all(connection.fd, "0\r\n\r\n");
}

bool FakeHttpServer::wait_or_stop(int ms) {
    std::unique_lock lock(stop_mutex_);
    return !stop_cv_.wait_for(lock, std::chrono::milliseconds(ms),
                              [this] { return stopping_.load(); });
}

void FakeHttpServer::hang_until_closed(int fd) {
    // Returns when the client hangs up (e.g. after its timeout) or the server stops.
    char byte;
    while (!stopping_) {
        pollfd watch{fd, POLLIN | POLLRDHUP, 0};
        const int ready = ::poll(&watch, 1, 20);
        if (ready < 0 && errno != EINTR) return;
        if (ready <= 0) continue;
        if (watch.revents & (POLLRDHUP | POLLHUP | POLLERR)) return;
        if (::recv(fd, &byte, 1, MSG_PEEK) <= 0) return;
        // The client sent more bytes (a pipelined request): keep hanging, without spinning.
        if (!wait_or_stop(20)) return;
    }
}

}  // namespace cascade::testing
