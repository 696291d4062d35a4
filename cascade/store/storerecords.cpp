#include "cascade/store/storerecords.h"

#include <chrono>
#include <ctime>

#include "cascade/core/error.h"

namespace cascade {

std::string utc_now_iso() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
    char out[40];
    std::snprintf(out, sizeof out, "%s.%03dZ", buffer, static_cast<int>(millis));
    return out;
}

const char* to_string(Truth truth) {
    return truth == Truth::Drop ? "drop" : "keep";
}

Truth truth_from_string(const std::string& text) {
    if (text == "keep") return Truth::Keep;
    if (text == "drop") return Truth::Drop;
    throw Error("unknown label \"" + text + "\" (expected keep or drop)");
}

std::string reply_sources_text(std::int64_t calls, std::int64_t recorded, std::int64_t imported) {
    if (calls == 0) return "no calls";
    if (recorded == calls) return "recorded";
    if (imported == calls) return "imported";
    const auto share = [calls](const char* name, std::int64_t count) {
        return std::string(name) + " " + std::to_string(count) + "/" + std::to_string(calls);
    };
    std::string text;
    if (recorded > 0) text = share("recorded", recorded);
    if (imported > 0) text += (text.empty() ? "" : ", ") + share("imported", imported);
    return text.empty() ? "live" : text;
}

std::string reply_sources_text(const RunRecord& run) {
    return reply_sources_text(run.calls, run.recorded_calls, run.imported_calls);
}

}  // namespace cascade
