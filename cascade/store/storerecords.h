#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cascade/core/eventsink.h"
#include "cascade/core/json.h"

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
};

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
    std::int64_t tokens_in = 0;
    std::int64_t tokens_out = 0;
    double cost = 0.0;
    double saved_cost = 0.0;
    double latency_ms = 0.0;
};

struct Label {
    std::string stage;
    std::string item_key;
    std::string verdict;  // correct | wrong
    std::string note;
    std::string updated_at;
};

std::string utc_now_iso();

}  // namespace cascade
