#include "cascade/llm/retryrules.h"

#include <curl/curl.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace cascade {

bool RetryRules::retryable_status(long status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

bool RetryRules::retryable_transport(int curl_code) {
    switch (static_cast<CURLcode>(curl_code)) {
        case CURLE_COULDNT_CONNECT:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
        case CURLE_SSL_CONNECT_ERROR:
            return true;
        default:
            return false;
    }
}

static std::optional<double> parse_seconds(const std::string& text) {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end == text.c_str()) return std::nullopt;
    while (*end == ' ' || *end == '\t') ++end;
    if (*end != '\0' || !std::isfinite(value)) return std::nullopt;
    return std::max(0.0, value);
}

std::optional<double> RetryRules::retry_after_s(const std::map<std::string, std::string>& headers,
                                                std::chrono::system_clock::time_point now) {
    if (auto it = headers.find("retry-after-ms"); it != headers.end()) {
        if (auto ms = parse_seconds(it->second)) return *ms / 1000.0;
    }
    const auto it = headers.find("retry-after");
    if (it == headers.end()) return std::nullopt;
    if (auto seconds = parse_seconds(it->second)) return seconds;
    const time_t when = curl_getdate(it->second.c_str(), nullptr);
    if (when < 0) return std::nullopt;
    const auto delta = std::chrono::system_clock::from_time_t(when) - now;
    return std::max(0.0, std::chrono::duration<double>(delta).count());
}

double RetryRules::backoff_s(const RetryPolicy& policy, int retry, std::mt19937_64& random) {
    const double exponential = policy.base_delay_s * std::pow(2.0, std::max(0, retry - 1));
    const double cap = std::min(policy.max_delay_s, exponential);
    if (cap <= 0.0) return 0.0;
    return std::uniform_real_distribution<double>(0.0, cap)(random);
}

double RetryRules::delay_s(const RetryPolicy& policy, int retry, const HttpResponse& response,
                           std::mt19937_64& random) {
    if (auto asked = retry_after_s(response.headers, std::chrono::system_clock::now())) {
        return std::min(*asked, policy.max_delay_s);
    }
    return backoff_s(policy, retry, random);
}

}  // namespace cascade
