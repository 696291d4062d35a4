#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace cascade {

// Ordered so that a project saved back keeps the key order its author wrote.
using Json = nlohmann::ordered_json;

// Keys sorted at every level, no whitespace: the form hashed for cache keys and fingerprints.
std::string canonical_dump(const Json& value);

// Parses text; on failure throws cascade::Error with "line:column: message".
Json parse_json(std::string_view text, const std::string& source_name);

// Reads an RFC 6901 pointer, returning nullptr when the path does not exist.
const Json* find_pointer(const Json& value, const std::string& pointer);

}  // namespace cascade
