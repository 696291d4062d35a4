#include "cascade/llm/httpmulti.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <mutex>

#include "cascade/core/error.h"
#include "cascade/llm/retryrules.h"

namespace cascade {

namespace {

void global_init_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
            throw Error("libcurl could not be initialised");
        }
    });
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.remove_suffix(1);
    }
    return text;
}

}  // namespace

struct HttpMulti::Transfer {
    RequestId id = 0;
    std::string lane;
    HttpRequest request;
    RetryPolicy retry;
    DoneCallback on_done;
    Hooks hooks;
    HttpResponse response;  // the current attempt's reply
    int attempts = 0;
    Clock::time_point first_start{};
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    bool chunk_delivered = false;
    std::string consumer_error;  // on_chunk threw: reported, never retried
    char error[CURL_ERROR_SIZE] = {};
};

// Shared with RunContext cancel hooks, which may outlive this HttpMulti.
struct HttpMulti::Waker {
    std::mutex mutex;
    CURLM* multi = nullptr;
    void wake() {
        std::lock_guard lock(mutex);
        if (multi) curl_multi_wakeup(multi);
    }
};

HttpMulti::HttpMulti() : waker_(std::make_shared<Waker>()), random_(std::random_device{}()) {
    global_init_once();
    multi_ = curl_multi_init();
    if (!multi_) throw Error("libcurl could not create a multi handle");
    waker_->multi = multi_;
}

HttpMulti::~HttpMulti() {
    {
        std::lock_guard lock(waker_->mutex);
        waker_->multi = nullptr;
    }
    for (auto& [id, transfer] : transfers_) {
        if (!transfer->easy) continue;
        curl_multi_remove_handle(multi_, transfer->easy);
        curl_easy_cleanup(transfer->easy);
        curl_slist_free_all(transfer->headers);
    }
    for (void* easy : spare_easy_) curl_easy_cleanup(easy);
    curl_multi_cleanup(multi_);
}

HttpMulti::RequestId HttpMulti::submit(const std::string& lane, int lane_concurrency,
                                       HttpRequest request, RetryPolicy retry, DoneCallback on_done,
                                       Hooks hooks) {
    auto transfer = std::make_unique<Transfer>();
    transfer->id = next_id_++;
    transfer->lane = lane;
    transfer->request = std::move(request);
    transfer->retry = retry;
    transfer->on_done = std::move(on_done);
    transfer->hooks = std::move(hooks);
    Lane& queue = lanes_[lane];
    queue.limit = std::max(1, lane_concurrency);
    queue.queue.push_back(transfer.get());
    const RequestId id = transfer->id;
    transfers_.emplace(id, std::move(transfer));
    return id;
}

void HttpMulti::post(std::function<void()> task) {
    posted_.push_back(std::move(task));
}

void HttpMulti::wakeup() {
    waker_->wake();
}

void HttpMulti::run(RunContext& ctx) {
    ctx.on_cancel([weak = std::weak_ptr<Waker>(waker_)] {
        if (auto waker = weak.lock()) waker->wake();
    });
    while (!ctx.is_cancelled()) {
        // The wait is only a safety net: transfers, due retries and cancel() all wake the poll.
        if (!run_once(1000)) return;
    }
    cancel_all();
}

bool HttpMulti::run_once(int max_wait_ms) {
    run_posted();
    promote_due_retries();
    start_ready();
    if (active_count_ > 0 || unread_) {
        unread_ = false;
        int running = 0;
        curl_multi_perform(multi_, &running);
        collect_finished();
    }
    run_posted();
    if (idle()) return false;
    promote_due_retries();
    start_ready();
    const int wait_ms = wait_budget_ms(max_wait_ms);
    if (wait_ms > 0 && before_wait_) before_wait_();
    curl_multi_poll(multi_, nullptr, 0, wait_ms, nullptr);
    return true;
}

void HttpMulti::cancel_all() {
    while (!idle()) {
        run_posted();
        std::vector<std::unique_ptr<Transfer>> cancelled;
        for (auto& [id, transfer] : transfers_) {
            if (transfer->easy) release_easy(*transfer);
            cancelled.push_back(std::move(transfer));
        }
        transfers_.clear();
        retry_timers_.clear();
        for (auto& [name, lane] : lanes_) lane.queue.clear();
        std::sort(cancelled.begin(), cancelled.end(),
                  [](const auto& a, const auto& b) { return a->id < b->id; });
        for (auto& transfer : cancelled) {
            HttpResponse response;
            response.cancelled = true;
            response.transport_error = "cancelled";
            response.attempts = transfer->attempts;
            if (transfer->attempts > 0) {
                response.elapsed_ms =
                    std::chrono::duration<double, std::milli>(Clock::now() - transfer->first_start)
                        .count();
            }
            if (transfer->on_done) transfer->on_done(std::move(response));
        }
    }
}

void HttpMulti::run_posted() {
    // One at a time, so that a task that throws leaves the others queued.
    while (!posted_.empty()) {
        auto task = std::move(posted_.front());
        posted_.pop_front();
        task();
    }
}

void HttpMulti::promote_due_retries() {
    const auto now = Clock::now();
    std::vector<Transfer*> due;
    while (!retry_timers_.empty() && retry_timers_.begin()->first <= now) {
        due.push_back(retry_timers_.begin()->second);
        retry_timers_.erase(retry_timers_.begin());
    }
    // A retry goes ahead of requests that never ran, oldest first.
    for (auto it = due.rbegin(); it != due.rend(); ++it) {
        lanes_[(*it)->lane].queue.push_front(*it);
    }
}

void HttpMulti::start_ready() {
    for (auto& [name, lane] : lanes_) {
        while (lane.active < lane.limit && !lane.queue.empty()) {
            Transfer* transfer = lane.queue.front();
            lane.queue.pop_front();
            start(*transfer);
        }
    }
}

void HttpMulti::start(Transfer& transfer) {
    if (transfer.attempts == 0) transfer.first_start = Clock::now();
    ++transfer.attempts;
    transfer.response = HttpResponse{};
    transfer.error[0] = '\0';
    transfer.easy = static_cast<CURL*>(take_easy());
    CURL* easy = transfer.easy;
    const HttpRequest& request = transfer.request;

    curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, &transfer);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer.error);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &HttpMulti::on_write);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &HttpMulti::on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
    if (request.timeout_s > 0) {
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS,
                         static_cast<long>(std::ceil(request.timeout_s * 1000)));
    }
    if (request.method == "GET") {
        curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    } else {
        if (request.method != "POST") {
            curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        }
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(request.body.size()));
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
    }
    for (const auto& [name, value] : request.headers) {
        transfer.headers = curl_slist_append(transfer.headers, (name + ": " + value).c_str());
    }
    // No "Expect: 100-continue" round trip for large bodies.
    transfer.headers = curl_slist_append(transfer.headers, "Expect:");
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer.headers);

    ++lanes_[transfer.lane].active;
    ++active_count_;
    const CURLMcode added = curl_multi_add_handle(multi_, easy);
    if (added != CURLM_OK) {
        // Completed on the next turn: callbacks must not run while start_ready() walks lanes_.
        release_easy(transfer);
        transfer.response.transport_error = curl_multi_strerror(added);
        post([this, &transfer] { complete(transfer); });
    }
}

void HttpMulti::collect_finished() {
    // First every finished transfer frees its slot and queued requests go out, so the server
    // works on them while the callbacks below parse and store replies on this thread.
    std::vector<RequestId> done;
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
        if (message->msg != CURLMSG_DONE) continue;
        Transfer* transfer = nullptr;
        curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &transfer);
        if (finish(*transfer, message->data.result)) done.push_back(transfer->id);
    }
    if (done.empty()) return;
    start_ready();
    int running = 0;
    curl_multi_perform(multi_, &running);
    // That send may have finished transfers that no poll would report: look before waiting.
    unread_ = true;
    // A callback may cancel the rest, which completes them itself.
    for (const RequestId id : done) {
        const auto it = transfers_.find(id);
        if (it != transfers_.end()) complete(*it->second);
    }
}

bool HttpMulti::finish(Transfer& transfer, int curl_code) {
    long status = 0;
    curl_easy_getinfo(transfer.easy, CURLINFO_RESPONSE_CODE, &status);
    release_easy(transfer);
    HttpResponse& response = transfer.response;
    if (!transfer.consumer_error.empty()) {
        response.transport_error = "stream consumer failed: " + transfer.consumer_error;
        return true;
    }
    bool retryable = false;
    if (curl_code == CURLE_OK) {
        response.status = status;
        retryable = RetryRules::retryable_status(status);
    } else {
        // A reply cut short is no reply: callers look at transport_error when status is 0.
        response.status = 0;
        response.transport_error = transfer.error[0] != '\0'
                                       ? std::string(transfer.error)
                                       : curl_easy_strerror(static_cast<CURLcode>(curl_code));
        response.timed_out = curl_code == CURLE_OPERATION_TIMEDOUT;
        // Still reading a reply too large to keep: another attempt would only pay for it again.
        retryable = RetryRules::retryable_transport(curl_code) && response.body_bytes_dropped == 0;
    }
    return !(retryable && retry_later(transfer));
}

bool HttpMulti::retry_later(Transfer& transfer) {
    if (transfer.attempts > transfer.retry.max_retries) return false;
    if (transfer.chunk_delivered) {
        if (!transfer.hooks.restart) return false;
        transfer.hooks.restart();
        transfer.chunk_delivered = false;
    }
    const double delay =
        RetryRules::delay_s(transfer.retry, transfer.attempts, transfer.response, random_);
    const auto due = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(delay));
    retry_timers_.emplace(due, &transfer);
    return true;
}

void HttpMulti::complete(Transfer& transfer) {
    const HttpResponse& reply = transfer.response;
    if (transfer.hooks.check && reply.status >= 200 && reply.status < 300 &&
        reply.body_bytes_dropped == 0) {
        std::string problem;
        try {
            problem = transfer.hooks.check(reply);
        } catch (const std::exception& e) {
            problem = e.what();
        }
        if (!problem.empty() && retry_later(transfer)) return;
    }
    auto node = transfers_.extract(transfer.id);
    std::unique_ptr<Transfer> owned = std::move(node.mapped());
    HttpResponse response = std::move(owned->response);
    response.attempts = owned->attempts;
    response.elapsed_ms =
        std::chrono::duration<double, std::milli>(Clock::now() - owned->first_start).count();
    if (owned->on_done) owned->on_done(std::move(response));
}

int HttpMulti::wait_budget_ms(int max_wait_ms) const {
    if (!posted_.empty() || unread_) return 0;
    int wait = std::max(0, max_wait_ms);
    if (!retry_timers_.empty()) {
        const auto until = retry_timers_.begin()->first - Clock::now();
        const auto ms = std::chrono::ceil<std::chrono::milliseconds>(until).count();
        wait = static_cast<int>(std::clamp<long long>(ms, 0, wait));
    }
    return wait;
}

void* HttpMulti::take_easy() {
    if (spare_easy_.empty()) {
        CURL* easy = curl_easy_init();
        if (!easy) throw Error("libcurl could not create an easy handle");
        return easy;
    }
    void* easy = spare_easy_.back();
    spare_easy_.pop_back();
    return easy;
}

void HttpMulti::release_easy(Transfer& transfer) {
    curl_multi_remove_handle(multi_, transfer.easy);
    // Connections stay in the multi handle's cache, so a reset handle still reuses them.
    curl_easy_reset(transfer.easy);
    spare_easy_.push_back(transfer.easy);
    curl_slist_free_all(transfer.headers);
    transfer.headers = nullptr;
    transfer.easy = nullptr;
    --lanes_[transfer.lane].active;
    --active_count_;
}

std::size_t HttpMulti::on_write(char* data, std::size_t size, std::size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    std::string& body = transfer->response.body;
    const std::size_t limit = transfer->request.max_body_bytes;
    std::size_t kept = bytes;
    if (limit > 0 && body.size() + bytes > limit) {
        kept = limit > body.size() ? limit - body.size() : 0;
        transfer->response.body_bytes_dropped += bytes - kept;
    }
    body.append(data, kept);
    if (!transfer->hooks.on_chunk || kept == 0) return bytes;
    long status = 0;
    curl_easy_getinfo(transfer->easy, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status >= 300) return bytes;
    transfer->chunk_delivered = true;
    // An exception must not cross libcurl's C frames: abort the transfer and report it.
    try {
        transfer->hooks.on_chunk(std::string_view(data, kept));
    } catch (const std::exception& e) {
        transfer->consumer_error = e.what();
        return 0;
    } catch (...) {
        transfer->consumer_error = "unknown exception";
        return 0;
    }
    return bytes;
}

std::size_t HttpMulti::on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    const std::string_view line = trim(std::string_view(data, bytes));
    if (line.starts_with("HTTP/")) {
        transfer->response.headers.clear();  // a new reply (after 100 Continue or a redirect)
        return bytes;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return bytes;
    std::string name(trim(line.substr(0, colon)));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    transfer->response.headers[name] = std::string(trim(line.substr(colon + 1)));
    return bytes;
}

}  // namespace cascade
