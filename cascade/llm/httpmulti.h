#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cascade/core/runcontext.h"
#include "cascade/llm/httptypes.h"

namespace cascade {

// One libcurl multi loop, driven on the calling thread, shared by every HTTP client of a run
// (chat, embeddings, rerank). Requests queue per lane (e.g. a model alias) and at most the
// lane's concurrency are in flight at once. Retries (429, 502/503/504/500, connection errors,
// timeouts, and 2xx replies that a request's check rejects) happen inside, with backoff timers
// that never block other requests.
//
// Threading: everything runs on the thread that calls run()/run_once(); callbacks run there
// too and may submit more requests or post tasks. Only wakeup() may be called from elsewhere.
// Headers are never logged: they may hold an Authorization key.
class HttpMulti {
public:
    using RequestId = std::uint64_t;
    using DoneCallback = std::function<void(HttpResponse)>;
    using ChunkCallback = std::function<void(std::string_view)>;

    // Optional per-request hooks, all called on the loop thread.
    struct Hooks {
        // Sees body bytes of a 2xx reply as they arrive.
        ChunkCallback on_chunk;
        // Reads a complete 2xx reply and returns why it cannot be used (a malformed body, a
        // stream cut short), which is retried like a 5xx within the same budget; "" takes it.
        std::function<std::string(const HttpResponse&)> check;
        // Called before an attempt whose chunks were delivered is retried, so the consumer can
        // start over. Without it such a request is not retried: its bytes cannot be taken back.
        std::function<void()> restart;
    };

    HttpMulti();
    ~HttpMulti();  // drops pending requests without calling their callbacks
    HttpMulti(const HttpMulti&) = delete;
    HttpMulti& operator=(const HttpMulti&) = delete;

    // Queues a request. `lane_concurrency` (>= 1) becomes the lane's limit from now on.
    // `on_done` is called exactly once, inside run()/run_once()/cancel_all(), with the final
    // attempt's reply.
    RequestId submit(const std::string& lane, int lane_concurrency, HttpRequest request,
                     RetryPolicy retry, DoneCallback on_done, Hooks hooks = {});

    // Called on the loop thread each time the loop is about to wait for the network: the moment
    // to commit what the callbacks wrote, so that no transaction stays open while nothing happens.
    void set_before_wait(std::function<void()> hook) { before_wait_ = std::move(hook); }

    // Runs `task` on the loop thread at the next turn: for results that need no network (cache
    // hits, early errors) so that every completion arrives inside run(), never inside submit().
    void post(std::function<void()> task);

    // Drives transfers until nothing is queued, waiting, in flight or posted. Cancelling `ctx`
    // (from any thread) wakes the loop; every request then completes with cancelled = true.
    void run(RunContext& ctx);

    // One turn of the loop, waiting at most max_wait_ms for network activity or a due retry.
    // Returns false when there is nothing left to do.
    bool run_once(int max_wait_ms);

    // Aborts in-flight transfers and completes every request (queued, waiting for a retry,
    // in flight, or submitted by these very callbacks) with cancelled = true.
    void cancel_all();

    // Interrupts a run_once() wait; safe from any thread.
    void wakeup();

    bool idle() const { return transfers_.empty() && posted_.empty(); }
    std::size_t in_flight() const { return active_count_; }

private:
    using Clock = std::chrono::steady_clock;
    struct Transfer;
    struct Lane {
        int limit = 1;
        int active = 0;
        std::deque<Transfer*> queue;
    };
    struct Waker;

    void run_posted();
    void promote_due_retries();
    void start_ready();
    void start(Transfer& transfer);
    void collect_finished();
    // Releases a finished attempt's handle; false when a retry was scheduled instead.
    bool finish(Transfer& transfer, int curl_code);
    // Schedules another attempt if the budget allows one; false when the reply is final.
    bool retry_later(Transfer& transfer);
    // Completes the request, unless its check rejects the reply and a retry was scheduled.
    void complete(Transfer& transfer);
    int wait_budget_ms(int max_wait_ms) const;
    void* take_easy();
    void release_easy(Transfer& transfer);

    static std::size_t on_write(char* data, std::size_t size, std::size_t count, void* user);
    static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user);

    void* multi_ = nullptr;  // CURLM*
    std::shared_ptr<Waker> waker_;
    std::unordered_map<RequestId, std::unique_ptr<Transfer>> transfers_;
    std::unordered_map<std::string, Lane> lanes_;
    std::multimap<Clock::time_point, Transfer*> retry_timers_;
    std::deque<std::function<void()>> posted_;
    std::function<void()> before_wait_;
    std::vector<void*> spare_easy_;  // reused CURL* handles
    std::size_t active_count_ = 0;
    bool unread_ = false;  // curl may hold finished transfers that no poll will report
    RequestId next_id_ = 1;
    std::mt19937_64 random_;
};

}  // namespace cascade
