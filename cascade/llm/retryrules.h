#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <random>
#include <string>

#include "cascade/llm/httptypes.h"

namespace cascade {

// The transport-level retry decisions HttpMulti makes, kept apart so they can be tested alone.
class RetryRules {
public:
    // 429 and the 5xx codes that mean "try again later".
    static bool retryable_status(long status);

    // Connection failures, resets and timeouts; not configuration errors (bad URL, DNS, TLS
    // certificate), which no retry fixes. `curl_code` is a CURLcode.
    static bool retryable_transport(int curl_code);

    // Seconds the server asked us to wait, from Retry-After (delta-seconds or HTTP-date) or
    // OpenAI's retry-after-ms; nullopt when absent or unreadable. Header names are lower-case.
    static std::optional<double> retry_after_s(const std::map<std::string, std::string>& headers,
                                               std::chrono::system_clock::time_point now);

    // Full jitter: uniform in [0, min(max_delay, base * 2^(retry-1))], retry counting from 1.
    static double backoff_s(const RetryPolicy& policy, int retry, std::mt19937_64& random);

    // The delay before retry number `retry`: Retry-After when the server sent one (capped at
    // max_delay_s), otherwise the jittered backoff.
    static double delay_s(const RetryPolicy& policy, int retry, const HttpResponse& response,
                          std::mt19937_64& random);
};

}  // namespace cascade
