#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <vector>

namespace cascade {

// Passed into every long call (QgsFeedback-style): the caller cancels from any thread, the
// worker polls is_cancelled() and reports progress in [0, 1].
class RunContext {
public:
    void cancel() {
        cancelled_.store(true);
        std::lock_guard lock(mutex_);
        for (auto& hook : cancel_hooks_) hook();
    }
    bool is_cancelled() const { return cancelled_.load(); }
    void throw_if_cancelled() const;

    void set_progress(double fraction) { progress_.store(fraction); }
    double progress() const { return progress_.load(); }

    // Called (on the cancelling thread) when cancel() happens, e.g. to wake a curl multi wait.
    void on_cancel(std::function<void()> hook) {
        std::lock_guard lock(mutex_);
        cancel_hooks_.push_back(std::move(hook));
    }

private:
    std::atomic<bool> cancelled_{false};
    std::atomic<double> progress_{0.0};
    std::mutex mutex_;
    std::vector<std::function<void()>> cancel_hooks_;
};

}  // namespace cascade
