#pragma once

#include <cstdint>
#include <string>

namespace cascade {

// Per-stage counters, sent as progress and as the final roll-up.
struct StageCounters {
    std::int64_t items_in = 0;
    std::int64_t done = 0;  // inputs processed so far
    std::int64_t kept = 0;
    std::int64_t filtered = 0;
    std::int64_t errors = 0;
    std::int64_t calls = 0;
    std::int64_t cache_hits = 0;
    std::int64_t recorded_calls = 0;  // answered from the project's recordings
    std::int64_t imported_calls = 0;  // answered from an imported file
    std::int64_t tokens_in = 0;
    std::int64_t tokens_out = 0;
    double cost = 0.0;        // paid in this run
    double saved_cost = 0.0;  // what cache hits would have cost
    double latency_p50_ms = 0.0;
    double latency_p95_ms = 0.0;
};

struct StageEvent {
    std::int64_t run_id = 0;
    std::string stage;
    int index = 0;
    std::string kind;
    bool reused = false;  // copied from an earlier run with the same fingerprint
    std::int64_t reused_from_run = 0;
    StageCounters counters;
};

struct CallDelta {
    std::string stage;
    std::string item_key;
    std::string text;  // the newly streamed fragment
};

struct RunIssue {
    enum class Severity { Info, Warning, Error };
    Severity severity = Severity::Error;
    std::string stage;     // empty when the issue concerns the whole run
    std::string item_key;  // empty when it concerns the whole stage
    std::string message;
};

struct RunEnded {
    std::int64_t run_id = 0;
    std::string status;  // finished | cancelled | failed
    std::string message;
};

// Engine -> outside world. Called on the run's thread; implementations that feed a GUI queue
// the events and coalesce them (see widgets/runbridge). Every method has a no-op default.
class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void run_started(std::int64_t run_id, int stage_count) {}
    virtual void stage_started(const StageEvent& event) {}
    virtual void stage_progress(const StageEvent& event) {}
    virtual void stage_finished(const StageEvent& event) {}
    virtual void call_delta(const CallDelta& delta) {}
    virtual void issue(const RunIssue& issue) {}
    virtual void run_ended(const RunEnded& ended) {}
};

}  // namespace cascade
