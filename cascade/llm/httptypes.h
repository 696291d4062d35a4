#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cascade {

struct HttpRequest {
    std::string method = "POST";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;  // may hold Authorization: never log
    std::string body;
    double timeout_s = 60.0;
    // The most reply body bytes kept (0: no limit). Bytes past it are read, counted in
    // HttpResponse::body_bytes_dropped and discarded, and such a reply is not retried.
    std::size_t max_body_bytes = 0;
};

struct HttpResponse {
    long status = 0;                            // 0 when no HTTP reply arrived
    std::string body;                           // whole body (also for streamed replies)
    std::size_t body_bytes_dropped = 0;         // received past HttpRequest::max_body_bytes
    std::map<std::string, std::string> headers; // names lower-cased
    std::string transport_error;                // curl's error text when status == 0
    bool timed_out = false;
    bool cancelled = false;
    int attempts = 0;                           // including retries
    double elapsed_ms = 0.0;                    // first attempt start -> final reply
};

// How a request is retried: on 429, 5xx, connection errors and timeouts, with exponential
// backoff and full jitter, honouring Retry-After (seconds or HTTP date) when the server sends one.
struct RetryPolicy {
    int max_retries = 4;
    double base_delay_s = 0.5;
    double max_delay_s = 30.0;
};

}  // namespace cascade
