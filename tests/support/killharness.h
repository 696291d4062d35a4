#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cascade::testing {

// Kills a real `cascade run` with SIGKILL again and again, re-running the same one-stage project
// (one text `generate` call per input) against a fake server, then lets a last run finish. The
// server counts what it answered per request body, that is per cache key, so a reply that had
// arrived before a kill and is paid for again later is seen. Shared by test_kill (a few kills)
// and bench_killsoak (the long soak).
struct KillPlan {
    std::filesystem::path dir;  // the project folder, written afresh
    std::string cascade;        // the cascade binary
    int inputs = 300;
    int concurrency = 4;
    // Kills while the run waits on a server that holds every request it has in flight.
    int stalled_kills = 3;
    // Kills at a random moment: 0..max_kill_delay_ms after the run's n-th call to the server,
    // n random in [min_calls, max_calls].
    int random_kills = 2;
    int min_calls = 5;
    int max_calls = 60;
    int max_kill_delay_ms = 30;
    unsigned seed = 1;
    int max_reply_delay_ms = 8;  // each reply waits a random 0..this
    // The soak's server also stalls at random: after a reply, with this chance, every reply
    // waits until stall_ms have passed (as a real provider under load does).
    double stall_chance = 0.0;
    int stall_ms = 0;
    // Probes the write lock from a second connection every few ms while the server stalls
    // (from 50 ms into a stall, when the replies sent before it have been read).
    bool probe_lock = false;
};

struct KillRecord {
    bool stalled = false;               // killed while every request in flight was held
    std::int64_t arrived = 0;           // replies of this run the server finished before the kill
    std::int64_t repaid = 0;            // of those, replies paid for again by a later run
    std::vector<double> repaid_age_ms;  // how long before the kill each re-paid reply arrived
    // Stalled kills only, observed while the run waited (before the kill):
    bool write_lock_free = false;  // BEGIN IMMEDIATE from another connection got the lock
    std::int64_t answered = 0;     // replies the server had finished in this run by then
    std::int64_t uncached = 0;     // of those, replies a reader did not find in the cache
    std::string integrity;         // PRAGMA integrity_check after the kill
    std::string problem;           // set when the kill could not be staged as planned
};

struct KillReport {
    std::vector<KillRecord> kills;
    int final_exit_code = -1;
    std::string final_status;      // of the last run
    std::int64_t final_items = 0;  // its items of the generate stage
    std::string final_output;      // what the last run printed
    // Lock probes taken while the server stalled, and how many found the lock held.
    std::int64_t lock_probes = 0;
    std::int64_t lock_probes_held = 0;
};

KillReport run_kill_plan(const KillPlan& plan);

}  // namespace cascade::testing
