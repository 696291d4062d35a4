#include "killharness.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "cascade/store/database.h"
#include "cascade/store/runreader.h"
#include "cascade/store/statement.h"
#include "childprocess.h"
#include "fakehttpserver.h"
#include "fakeopenai.h"
#include "testproject.h"

namespace cascade::testing {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr const char* kStage = "tagline";

void write_tagline_project(const KillPlan& plan, const std::string& base_url) {
    std::filesystem::remove_all(plan.dir);
    std::string rows;
    for (int i = 1; i <= plan.inputs; ++i)
        rows += Json{{"sku", "p" + std::to_string(i)}, {"name", "Product " + std::to_string(i)}}
                    .dump() +
                "\n";
    write_file(plan.dir / "data/products.jsonl", rows);
    write_file(plan.dir / "prompts/tagline.md", "Write a tagline for {{name}}.\n");
    Json document = {{"format", "cascade-project/1"},
                     {"name", "Kill soak"},
                     {"inputs", {{"path", "data/products.jsonl"}, {"id", "sku"}}},
                     {"models",
                      {{"writer",
                        {{"provider", "openai"},
                         {"base_url", base_url},
                         {"model", "kill-model"},
                         {"price_per_mtok", {{"input", 1.0}, {"output", 2.0}}},
                         {"max_concurrency", plan.concurrency},
                         {"timeout_s", 60}}}}},
                     {"stages", Json::array({{{"id", kStage},
                                              {"kind", "generate"},
                                              {"model", "writer"},
                                              {"prompt", "prompts/tagline.md"}}})}};
    write_project(plan.dir, document);
}

// The fake provider: a tagline per prompt after a short random delay; it can hold every
// request from some point of a run on (a stalled kill), and stall at random (the soak).
class Provider {
public:
    explicit Provider(const KillPlan& plan) : plan_(plan), random_(plan.seed) {}

    FakeReply answer(const FakeRequest& request) {
        const std::string prompt = request.json->at("messages")[0]["content"].get<std::string>();
        FakeReply reply = FakeReply::json(openai_chat_reply("Tagline: " + prompt, 12, 6));
        std::lock_guard lock(mutex_);
        if (++calls_ > hold_after_) {
            ++held_;
            reply.hang = true;  // until the client goes away
            return reply;
        }
        int delay = std::uniform_int_distribution<int>(0, plan_.max_reply_delay_ms)(random_);
        const auto now = Clock::now();
        if (now < stall_until_) {
            delay += static_cast<int>(
                std::chrono::ceil<std::chrono::milliseconds>(stall_until_ - now).count());
        } else if (plan_.stall_chance > 0 &&
                   std::bernoulli_distribution(plan_.stall_chance)(random_)) {
            stall_until_ = now + std::chrono::milliseconds(plan_.stall_ms);
            delay += plan_.stall_ms;
        }
        reply.delay_ms = delay;
        return reply;
    }

    // A new run: hold every request after `hold_after` of its calls (INT_MAX: never).
    void begin_segment(int hold_after) {
        std::lock_guard lock(mutex_);
        calls_ = 0;
        held_ = 0;
        hold_after_ = hold_after;
    }
    int calls() {
        std::lock_guard lock(mutex_);
        return calls_;
    }
    int held() {
        std::lock_guard lock(mutex_);
        return held_;
    }
    // Well inside a stall: the replies sent before it have long been read.
    bool deep_in_stall() {
        std::lock_guard lock(mutex_);
        const auto now = Clock::now();
        return now > stall_until_ - std::chrono::milliseconds(plan_.stall_ms) + 50ms &&
               now < stall_until_;
    }
    int random_between(int low, int high) {
        std::lock_guard lock(mutex_);
        return std::uniform_int_distribution<int>(low, high)(random_);
    }

private:
    const KillPlan& plan_;
    std::mutex mutex_;
    std::mt19937 random_;
    int calls_ = 0;
    int held_ = 0;
    int hold_after_ = INT_MAX;
    Clock::time_point stall_until_{};
};

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Waits for `done`, at most `limit`; false on time-out.
template <typename Predicate>
bool wait_for(Predicate done, std::chrono::milliseconds limit) {
    const auto give_up = Clock::now() + limit;
    while (!done()) {
        if (Clock::now() > give_up) return false;
        std::this_thread::sleep_for(2ms);
    }
    return true;
}

std::string integrity_of(const std::filesystem::path& store) {
    Database db(store.string());
    Statement check(db, "PRAGMA integrity_check");
    std::string result;
    while (check.step()) result += (result.empty() ? "" : "; ") + check.text(0);
    return result;
}

// The request bodies, canonical, of every reply in the response cache.
std::set<std::string> cached_requests(const std::filesystem::path& store) {
    Database db(store.string(), Database::Mode::ReadOnly);
    Statement query(db, "SELECT request FROM response_cache");
    std::set<std::string> bodies;
    while (query.step()) bodies.insert(canonical_dump(Json::parse(query.text(0))));
    return bodies;
}

// True when another connection can take the write lock at once (no busy wait).
bool write_lock_free(const std::filesystem::path& store) {
    Database db(store.string());
    sqlite3_busy_timeout(db.handle(), 0);
    if (sqlite3_exec(db.handle(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return false;
    sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    return true;
}

// Samples the write lock from another connection while the server stalls.
class LockProbe {
public:
    LockProbe(const std::filesystem::path& store, Provider& provider, KillReport& report)
        : thread_([this, store, &provider, &report] {
              while (!stop_) {
                  std::this_thread::sleep_for(5ms);
                  if (!provider.deep_in_stall() || !std::filesystem::exists(store)) continue;
                  try {
                      const bool held = !write_lock_free(store);
                      ++report.lock_probes;
                      if (held) ++report.lock_probes_held;
                  } catch (const std::exception&) {
                      // The store is being created: nothing to probe yet.
                  }
              }
          }) {}
    ~LockProbe() {
        stop_ = true;
        thread_.join();
    }

private:
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

// Stages one kill of a run that the server holds: every request it has in flight is held and
// the process sleeps, i.e. it waits on the network. Records what a reader sees, then kills.
void kill_stalled(ChildProcess& child, Provider& provider, const KillPlan& plan,
                  const FakeHttpServer& server, Clock::time_point started, KillRecord& record) {
    const auto store = plan.dir / "runs.sqlite";
    if (!wait_for([&] { return provider.held() >= plan.concurrency || !child.running(); }, 120s) ||
        !child.running()) {
        record.problem = "the run never had all its requests held";
        return;
    }
    int asleep = 0;
    if (!wait_for([&] { return (asleep = child.state() == 'S' ? asleep + 1 : 0) >= 10; }, 30s)) {
        record.problem = "the run never went to sleep while its requests were held";
        return;
    }
    const auto cached = cached_requests(store);
    for (const auto& request : server.requests()) {
        if (request.answered_status != 200 || !request.json || request.received_at < started)
            continue;
        ++record.answered;
        if (!cached.count(canonical_dump(*request.json))) ++record.uncached;
    }
    record.write_lock_free = write_lock_free(store);
}

void count_repaid(const FakeHttpServer& server, const std::vector<Clock::time_point>& starts,
                  const std::vector<Clock::time_point>& kills, KillReport& report) {
    struct Answer {
        Clock::time_point received, answered;
    };
    std::map<std::string, std::vector<Answer>> answers;
    for (const auto& request : server.requests())
        if (request.answered_status == 200 && request.json && request.answered_at)
            answers[canonical_dump(*request.json)].push_back(
                {request.received_at, *request.answered_at});
    for (const auto& [key, list] : answers) {
        Clock::time_point last_request{};
        for (const Answer& answer : list) last_request = std::max(last_request, answer.received);
        for (const Answer& answer : list) {
            // The run that sent it: the last one started before the request came in.
            const auto run = std::upper_bound(starts.begin(), starts.end(), answer.received) -
                             starts.begin() - 1;
            if (run < 0 || run >= static_cast<long>(kills.size())) continue;
            // Answered after the kill, into a socket nobody read: it never arrived.
            if (answer.answered >= kills[run]) continue;
            KillRecord& record = report.kills[static_cast<std::size_t>(run)];
            ++record.arrived;
            // Paid again: the same request was sent again after this reply had arrived.
            if (last_request <= answer.answered) continue;
            ++record.repaid;
            record.repaid_age_ms.push_back(
                std::chrono::duration<double, std::milli>(kills[run] - answer.answered).count());
        }
    }
}

}  // namespace

KillReport run_kill_plan(const KillPlan& plan) {
    Provider provider(plan);
    FakeHttpServer server([&](const FakeRequest& request) { return provider.answer(request); });
    write_tagline_project(plan, server.base_url());
    const auto store = plan.dir / "runs.sqlite";
    const std::vector<std::string> run_args{"run", plan.dir.string(), "--quiet"};

    KillReport report;
    std::vector<Clock::time_point> starts, kills;
    // Stalled and random kills interleaved, in an order the seed decides.
    std::vector<bool> stalled(static_cast<std::size_t>(plan.stalled_kills), true);
    stalled.resize(static_cast<std::size_t>(plan.stalled_kills + plan.random_kills), false);
    std::shuffle(stalled.begin(), stalled.end(), std::mt19937(plan.seed));
    for (std::size_t k = 0; k < stalled.size(); ++k) {
        KillRecord record;
        record.stalled = stalled[k];
        provider.begin_segment(record.stalled ? provider.random_between(8, 40) : INT_MAX);
        starts.push_back(Clock::now());
        {
            ChildProcess child(plan.cascade, run_args,
                               plan.dir / ("run" + std::to_string(k) + ".log"));
            std::optional<LockProbe> probe;
            if (plan.probe_lock) probe.emplace(store, provider, report);
            if (record.stalled) {
                kill_stalled(child, provider, plan, server, starts.back(), record);
            } else {
                const int target = provider.random_between(plan.min_calls, plan.max_calls);
                if (!wait_for([&] { return provider.calls() >= target || !child.running(); }, 600s))
                    record.problem = "the run made too few calls";
                std::this_thread::sleep_for(
                    std::chrono::milliseconds(provider.random_between(0, plan.max_kill_delay_ms)));
                if (!child.running()) record.problem = "the run ended before the kill";
            }
            kills.push_back(Clock::now());
            child.kill_hard();
            child.wait();
        }
        record.integrity = integrity_of(store);
        report.kills.push_back(std::move(record));
    }

    provider.begin_segment(INT_MAX);
    starts.push_back(Clock::now());
    {
        ChildProcess last(plan.cascade, run_args, plan.dir / "final.log");
        if (!wait_for([&] { return !last.running(); }, 600s)) last.kill_hard();
        report.final_exit_code = last.wait();
    }
    report.final_output = read_text(plan.dir / "final.log");
    count_repaid(server, starts, kills, report);
    RunReader reader(store.string());
    const auto runs = reader.runs();
    if (!runs.empty()) {
        report.final_status = runs.front().status;
        report.final_items = reader.count_items(runs.front().id, kStage);
    }
    return report;
}

}  // namespace cascade::testing
