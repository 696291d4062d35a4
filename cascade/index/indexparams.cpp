#include "cascade/index/indexparams.h"

#include "cascade/core/error.h"

namespace cascade {

static void read_int(const Json& json, const char* key, int low, int high, const std::string& where,
                     int& value) {
    if (!json.contains(key)) return;
    const Json& v = json.at(key);
    if (!v.is_number_integer() || v.get<long long>() < low || v.get<long long>() > high)
        throw Error(where + "." + key + ": expected an integer from " + std::to_string(low) +
                    " to " + std::to_string(high) + ", got " + v.dump());
    value = v.get<int>();
}

IndexParams IndexParams::from_json(const Json& json, const std::string& where) {
    IndexParams params;
    if (json.is_null()) return params;
    if (!json.is_object()) throw Error(where + ": expected an object, got " + json.dump());
    read_int(json, "M", 2, 100, where, params.M);
    read_int(json, "ef_construction", 1, 4096, where, params.ef_construction);
    read_int(json, "ef_search", 1, 4096, where, params.ef_search);
    read_int(json, "shards", 1, 64, where, params.shards);
    return params;
}

Json IndexParams::to_json() const {
    return Json{{"M", M},
                {"ef_construction", ef_construction},
                {"ef_search", ef_search},
                {"shards", shards}};
}

std::string IndexParams::build_signature() const {
    return "M=" + std::to_string(M) + ",ef_construction=" + std::to_string(ef_construction) +
           ",shards=" + std::to_string(shards);
}

}  // namespace cascade
