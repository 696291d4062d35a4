#pragma once

#include <chrono>
#include <string>

#include "cascade/core/eventsink.h"

namespace cascade::cli {

// Prints a live one-line progress display on a terminal (a plain log line per stage otherwise)
// and every issue as it happens.
class ProgressPrinter : public EventSink {
public:
    explicit ProgressPrinter(bool quiet);
    void stage_started(const StageEvent& event) override;
    void stage_progress(const StageEvent& event) override;
    void stage_finished(const StageEvent& event) override;
    void issue(const RunIssue& issue) override;

private:
    void draw(const StageEvent& event, bool force);

    bool interactive_;
    bool quiet_;
    bool line_open_ = false;
    static constexpr int kMaxItemIssues = 20;
    int item_issues_ = 0;
    std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace cascade::cli
