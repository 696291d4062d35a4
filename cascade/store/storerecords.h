#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cascade/core/eventsink.h"
#include "cascade/core/json.h"
#include "cascade/core/replysource.h"

namespace cascade {

struct RunRecord {
    std::int64_t id = 0;
    std::string project;
    std::string variant;
    std::string status;  // running | finished | cancelled | failed | interrupted
    std::string started_at;
    std::string finished_at;
    std::string message;
    Json config;   // resolved, secrets stripped
    Json options;  // limit, offline, stages...
    // Totals over the stage roll-ups.
    double cost = 0.0;
    double saved_cost = 0.0;
    std::int64_t tokens_in = 0;
    std::int64_t tokens_out = 0;
    std::int64_t inputs = 0;      // items in to the first stage
    std::int64_t final_kept = 0;  // kept by the last stage
    // Calls over the stage roll-ups (reused stages count the calls that made them), and how
    // many of them were answered from recordings or from an imported file.
    std::int64_t calls = 0;
    std::int64_t recorded_calls = 0;
    std::int64_t imported_calls = 0;
};

// How a run's (or a stage's) replies were made, for every view that lists them: "live",
// "recorded" (every call from recordings), "recorded 12/68", "imported 3/68", or "no calls".
std::string reply_sources_text(std::int64_t calls, std::int64_t recorded, std::int64_t imported);
std::string reply_sources_text(const RunRecord& run);

struct StageRunRecord {
    std::int64_t run_id = 0;
    std::string stage;
    int position = 0;
    std::string kind;
    std::string fingerprint;
    std::string status;  // running | finished | cancelled | failed | interrupted
    std::optional<std::int64_t> reused_from;
    StageCounters counters;
    std::string started_at;
    std::string finished_at;
    Json notes = Json::array();  // readable notes, e.g. "bi-encoder fallback used"
};

// Starts the error of a call whose reply a stage rejected (the reply itself is kept).
inline constexpr const char* kRejectedReplyPrefix = "reply rejected: ";

struct CallRecord {
    std::int64_t id = 0;
    std::int64_t run_id = 0;
    std::string stage;
    std::string item_key;
    std::string model;
    std::string cache_key;
    Json request;
    std::string request_text;  // request.dump() when the caller has it, so the store need not dump
    std::string response;
    std::string text;
    bool ok = false;
    std::string error;
    long http_status = 0;
    int attempts = 0;
    int repairs = 0;  // schema/parse retries with the error fed back
    bool cache_hit = false;
    std::optional<ReplySource> source;  // where the reply came from; empty when none came
    std::int64_t tokens_in = 0;
    std::int64_t tokens_out = 0;
    double cost = 0.0;
    double saved_cost = 0.0;
    double latency_ms = 0.0;

    // A reply came, and a stage rejected it (not JSON, against the schema, no score).
    bool rejected() const { return !ok && error.rfind(kRejectedReplyPrefix, 0) == 0; }
};

// What a reviewer says an item deserves, whatever any run decided about it.
enum class Truth { Keep, Drop };

const char* to_string(Truth truth);
// Throws cascade::Error for anything but keep or drop.
Truth truth_from_string(const std::string& text);

// Ground truth for one item content in one stage. Keyed by (stage, content_hash), so it follows
// the content across runs, and an item whose upstream changed does not inherit it.
struct Label {
    std::string stage;
    std::string content_hash;  // LabelStore::content_hash(item.data)
    Truth truth = Truth::Keep;
    std::string note;
    std::string item_key;                // the item it was given on, for people to find it
    std::optional<std::int64_t> run_id;  // the run on screen when it was given
    std::string updated_at;
};

std::string utc_now_iso();

}  // namespace cascade
