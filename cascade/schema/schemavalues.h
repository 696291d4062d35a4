#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "cascade/core/json.h"

// JSON helpers with the semantics JSON Schema gives them.
namespace cascade::schema {

// "null", "boolean", "object", "array", "string" or "number".
std::string type_name(const Json& value);

// A number without a fractional part: 3 and 3.0 are integers for JSON Schema.
bool is_integral(const Json& value);

bool matches_type(const Json& value, std::string_view type);

// Equality for enum, const and uniqueItems: object key order is irrelevant, 1 equals 1.0.
bool equal(const Json& a, const Json& b);

// Code points, not bytes: minLength/maxLength count characters.
std::size_t utf8_length(std::string_view text);

// A JSON pointer segment for an object key (RFC 6901: "~" -> "~0", "/" -> "~1").
std::string pointer_token(std::string_view key);

// Compact JSON, shortened so that one error stays on one readable line.
std::string preview(const Json& value);

}  // namespace cascade::schema
