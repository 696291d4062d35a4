#pragma once

#include <string>
#include <vector>

#include "cascade/core/json.h"

namespace cascade {

struct RunOptions {
    int limit = 0;            // only the first N inputs; 0 = all
    bool offline = false;     // serve LLM calls only from the cache, recordings included
    bool replay = false;      // serve recorded replies too; call the model for the rest
    bool refresh = false;     // send every call again (no reuse), overwriting the cache
    int concurrency = 0;      // overrides every model's max_concurrency when > 0
    bool reuse = true;        // reuse finished stages with the same fingerprint
    std::string rerun_from;   // force this stage and every later one to execute
    // Execute only up to the last of these and force them to execute (CLI --stages a,b).
    std::vector<std::string> stages;

    Json to_json() const;
    // Whether recorded replies may answer this run's calls (and its stages be reused from
    // runs made from recordings): offline and replay runs only.
    bool serves_recordings() const { return offline || replay; }
};

}  // namespace cascade
