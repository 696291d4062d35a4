#include "widgets/queuedeventsink.h"

#include <algorithm>

void QueuedEventSink::run_started(std::int64_t run_id, int) {
    std::lock_guard lock(mutex_);
    pending_.started = run_id;
}

void QueuedEventSink::update(const cascade::StageEvent& event) {
    std::lock_guard lock(mutex_);
    auto& stages = pending_.stages;
    auto it = std::find_if(stages.begin(), stages.end(),
                           [&](const auto& s) { return s.stage == event.stage; });
    if (it != stages.end()) {
        *it = event;  // only the latest state of a stage matters to the GUI
        return;
    }
    auto pos = std::find_if(stages.begin(), stages.end(),
                            [&](const auto& s) { return s.index > event.index; });
    stages.insert(pos, event);
}

void QueuedEventSink::call_delta(const cascade::CallDelta& delta) {
    std::lock_guard lock(mutex_);
    auto& deltas = pending_.deltas;
    if (!deltas.empty() && deltas.back().stage == delta.stage &&
        deltas.back().key == delta.item_key) {
        deltas.back().text += delta.text;
        return;
    }
    // Interleaved streams of concurrent calls: append to that call's entry if it is queued.
    auto it = std::find_if(deltas.begin(), deltas.end(), [&](const Delta& d) {
        return d.stage == delta.stage && d.key == delta.item_key;
    });
    if (it != deltas.end()) it->text += delta.text;
    else deltas.push_back({delta.stage, delta.item_key, delta.text});
}

void QueuedEventSink::issue(const cascade::RunIssue& issue) {
    std::lock_guard lock(mutex_);
    pending_.issues.push_back(issue);
}

void QueuedEventSink::run_ended(const cascade::RunEnded& ended) {
    std::lock_guard lock(mutex_);
    pending_.ended = ended;
    ended_ = true;
}

QueuedEventSink::Batch QueuedEventSink::take(bool with_end) {
    std::lock_guard lock(mutex_);
    Batch batch = std::move(pending_);
    pending_ = Batch{};
    if (!with_end) std::swap(pending_.ended, batch.ended);
    return batch;
}

bool QueuedEventSink::hasEnded() const {
    std::lock_guard lock(mutex_);
    return ended_;
}
