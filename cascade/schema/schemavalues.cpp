#include "cascade/schema/schemavalues.h"

#include <cmath>

namespace cascade::schema {

std::string type_name(const Json& value) {
    switch (value.type()) {
        case Json::value_t::null:
            return "null";
        case Json::value_t::boolean:
            return "boolean";
        case Json::value_t::object:
            return "object";
        case Json::value_t::array:
            return "array";
        case Json::value_t::string:
            return "string";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned:
        case Json::value_t::number_float:
            return "number";
        default:
            return "binary";
    }
}

bool is_integral(const Json& value) {
    if (value.is_number_integer()) return true;  // covers number_unsigned as well
    if (!value.is_number_float()) return false;
    const double x = value.get<double>();
    return std::isfinite(x) && std::floor(x) == x;
}

bool matches_type(const Json& value, std::string_view type) {
    if (type == "integer") return is_integral(value);
    return type_name(value) == type;
}

bool equal(const Json& a, const Json& b) {
    if (a.is_number() && b.is_number()) return a == b;
    if (a.type() != b.type()) return false;
    if (a.is_object()) {
        if (a.size() != b.size()) return false;
        for (auto it = a.begin(); it != a.end(); ++it) {
            const auto other = b.find(it.key());
            if (other == b.end() || !equal(it.value(), *other)) return false;
        }
        return true;
    }
    if (a.is_array()) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (!equal(a[i], b[i])) return false;
        }
        return true;
    }
    return a == b;
}

std::size_t utf8_length(std::string_view text) {
    std::size_t count = 0;
    for (const char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
    }
    return count;
}

std::string pointer_token(std::string_view key) {
    std::string token;
    for (const char c : key) {
        if (c == '~') {
            token += "~0";
        } else if (c == '/') {
            token += "~1";
        } else {
            token += c;
        }
    }
    return token;
}

std::string preview(const Json& value) {
    constexpr std::size_t kMaxBytes = 60;
    std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (text.size() <= kMaxBytes) return text;
    std::size_t cut = kMaxBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    return text + "...";
}

}  // namespace cascade::schema
