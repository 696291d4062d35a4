#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cascade/core/eventsink.h"

// The run thread's side of RunBridge: every engine event is queued under a mutex and already
// coalesced here (latest state per stage, consecutive deltas of one call concatenated), so a
// chatty run costs the GUI one small batch per timer tick, never one signal per token.
class QueuedEventSink : public cascade::EventSink {
public:
    struct Delta {
        std::string stage;
        std::string key;
        std::string text;
    };
    struct Batch {
        std::optional<std::int64_t> started;
        std::vector<cascade::StageEvent> stages;  // one per stage, in pipeline order
        std::vector<Delta> deltas;
        std::vector<cascade::RunIssue> issues;
        std::optional<cascade::RunEnded> ended;
        bool empty() const {
            return !started && stages.empty() && deltas.empty() && issues.empty() && !ended;
        }
    };

    void run_started(std::int64_t run_id, int stage_count) override;
    void stage_started(const cascade::StageEvent& event) override { update(event); }
    void stage_progress(const cascade::StageEvent& event) override { update(event); }
    void stage_finished(const cascade::StageEvent& event) override { update(event); }
    void call_delta(const cascade::CallDelta& delta) override;
    void issue(const cascade::RunIssue& issue) override;
    void run_ended(const cascade::RunEnded& ended) override;

    // Moves everything queued so far out (GUI thread). The end of the run stays queued until
    // `with_end`, so the bridge can hold it back until the worker thread has exited.
    Batch take(bool with_end);
    bool hasEnded() const;

private:
    void update(const cascade::StageEvent& event);

    mutable std::mutex mutex_;
    Batch pending_;
    bool ended_ = false;
};
