#include "progressprinter.h"

#include <unistd.h>

#include <cstdio>

#include "textable.h"

namespace cascade::cli {

ProgressPrinter::ProgressPrinter(bool quiet) : interactive_(isatty(STDERR_FILENO)), quiet_(quiet) {}

void ProgressPrinter::stage_started(const StageEvent& event) { draw(event, true); }

void ProgressPrinter::stage_progress(const StageEvent& event) { draw(event, false); }

void ProgressPrinter::stage_finished(const StageEvent& event) {
    if (quiet_) return;
    if (line_open_) std::fputs("\r\033[K", stderr);
    line_open_ = false;
    const auto& c = event.counters;
    using ll = long long;
    std::fprintf(stderr, "  %-14s %s  in %lld -> kept %lld, filtered %lld, errors %lld  %s\n",
                 event.stage.c_str(), event.reused ? "reused " : "ran    ", ll(c.items_in),
                 ll(c.kept), ll(c.filtered), ll(c.errors),
                 event.reused ? ("(from run " + std::to_string(event.reused_from_run) + ")").c_str()
                              : (format_cost(c.cost) + ", " + std::to_string(c.calls) + " calls, " +
                                 std::to_string(c.cache_hits) + " cached")
                                    .c_str());
}

void ProgressPrinter::draw(const StageEvent& event, bool force) {
    if (quiet_ || !interactive_) return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    const auto& c = event.counters;
    using ll = long long;
    std::fprintf(stderr, "\r\033[K  %-14s %lld/%lld  kept %lld  filtered %lld  errors %lld  "
                         "calls %lld  tokens %s  %s",
                 event.stage.c_str(), ll(c.done), ll(c.items_in), ll(c.kept), ll(c.filtered),
                 ll(c.errors), ll(c.calls),
                 format_count(c.tokens_in + c.tokens_out).c_str(), format_cost(c.cost).c_str());
    std::fflush(stderr);
    line_open_ = true;
}

void ProgressPrinter::issue(const RunIssue& issue) {
    if (quiet_ && issue.severity != RunIssue::Severity::Error) return;
    // A systematic failure (an offline miss, a bad key) would print once per item.
    if (!issue.item_key.empty() && ++item_issues_ > kMaxItemIssues) {
        if (item_issues_ == kMaxItemIssues + 1)
            std::fputs("  ... further item errors are not printed; see `cascade show` --status error\n",
                       stderr);
        return;
    }
    if (line_open_) std::fputs("\r\033[K", stderr);
    line_open_ = false;
    const char* level = issue.severity == RunIssue::Severity::Error     ? "error"
                        : issue.severity == RunIssue::Severity::Warning ? "warning"
                                                                        : "note";
    std::string where = issue.stage;
    if (!issue.item_key.empty()) where += (where.empty() ? "" : " ") + issue.item_key;
    std::fprintf(stderr, "  %s: %s%s%s\n", level, where.c_str(), where.empty() ? "" : ": ",
                 issue.message.c_str());
}

}  // namespace cascade::cli
