#include "cascade/run/runoptions.h"

namespace cascade {

Json RunOptions::to_json() const {
    Json out = Json::object();
    if (limit > 0) out["limit"] = limit;
    if (offline) out["offline"] = true;
    if (replay) out["replay"] = true;
    if (refresh) out["refresh"] = true;
    if (concurrency > 0) out["concurrency"] = concurrency;
    if (!reuse) out["reuse"] = false;
    if (!rerun_from.empty()) out["rerun_from"] = rerun_from;
    if (!stages.empty()) out["stages"] = stages;
    return out;
}

}  // namespace cascade
