#include "cascade/project/specreader.h"

#include <cmath>
#include <limits>

namespace cascade {

const char* json_type_name(const Json& value) {
    switch (value.type()) {
        case Json::value_t::null: return "null";
        case Json::value_t::boolean: return "boolean";
        case Json::value_t::string: return "string";
        case Json::value_t::array: return "array";
        case Json::value_t::object: return "object";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned: return "integer";
        case Json::value_t::number_float: return "number";
        default: return "value";
    }
}

static std::string escape_pointer_token(const std::string& key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

SpecReader::SpecReader(const Json& object, std::string file, std::string path,
                       Diagnostics& diagnostics)
    : object_(object), file_(std::move(file)), path_(std::move(path)), diagnostics_(diagnostics) {
    if (!object_.is_object())
        diagnostics_.error(file_, path_.empty() ? "/" : path_,
                           std::string("expected an object, got ") + json_type_name(object_));
}

std::string SpecReader::path_of(const std::string& key) const {
    return path_ + "/" + escape_pointer_token(key);
}

const Json* SpecReader::field(const std::string& key, bool required, const char* expected) {
    if (!object_.is_object()) return nullptr;
    const auto it = object_.find(key);
    if (it == object_.end()) {
        if (required)
            diagnostics_.error(file_, path_.empty() ? "/" : path_,
                               "missing required key \"" + key + "\" (" + expected + ")");
        return nullptr;
    }
    return &*it;
}

std::optional<std::string> SpecReader::string(const std::string& key, bool required) {
    const Json* value = field(key, required, "a string");
    if (!value) return std::nullopt;
    if (!value->is_string()) {
        diagnostics_.error(file_, path_of(key),
                           std::string("expected a string, got ") + json_type_name(*value));
        return std::nullopt;
    }
    return value->get<std::string>();
}

std::optional<double> SpecReader::number(const std::string& key, bool required,
                                         std::optional<double> min, std::optional<double> max) {
    const Json* value = field(key, required, "a number");
    if (!value) return std::nullopt;
    if (!value->is_number()) {
        diagnostics_.error(file_, path_of(key),
                           std::string("expected a number, got ") + json_type_name(*value));
        return std::nullopt;
    }
    const double number = value->get<double>();
    if ((min && number < *min) || (max && number > *max)) {
        std::string range = min && max ? "between " + Json(*min).dump() + " and " + Json(*max).dump()
                            : min      ? "at least " + Json(*min).dump()
                                       : "at most " + Json(*max).dump();
        diagnostics_.error(file_, path_of(key),
                           "expected a number " + range + ", got " + value->dump());
        return std::nullopt;
    }
    return number;
}

std::optional<int> SpecReader::integer(const std::string& key, bool required,
                                       std::optional<int> min) {
    const Json* value = field(key, required, "an integer");
    if (!value) return std::nullopt;
    if (!value->is_number() || std::floor(value->get<double>()) != value->get<double>()) {
        diagnostics_.error(file_, path_of(key),
                           std::string("expected an integer, got ") + value->dump());
        return std::nullopt;
    }
    // Compared as a double: converting first would wrap a huge value into range.
    const double number = value->get<double>();
    const double lowest = min ? *min : std::numeric_limits<int>::min();
    if (number < lowest) {
        diagnostics_.error(file_, path_of(key),
                           "expected an integer of at least " +
                               std::to_string(static_cast<int>(lowest)) + ", got " + value->dump());
        return std::nullopt;
    }
    if (number > std::numeric_limits<int>::max()) {
        diagnostics_.error(file_, path_of(key),
                           "expected an integer of at most " +
                               std::to_string(std::numeric_limits<int>::max()) + ", got " +
                               value->dump());
        return std::nullopt;
    }
    return static_cast<int>(number);
}

std::optional<bool> SpecReader::boolean(const std::string& key) {
    const Json* value = field(key, false, "true or false");
    if (!value) return std::nullopt;
    if (!value->is_boolean()) {
        diagnostics_.error(file_, path_of(key),
                           std::string("expected true or false, got ") + json_type_name(*value));
        return std::nullopt;
    }
    return value->get<bool>();
}

const Json* SpecReader::object(const std::string& key, bool required) {
    const Json* value = field(key, required, "an object");
    if (value && !value->is_object()) {
        diagnostics_.error(file_, path_of(key),
                           std::string("expected an object, got ") + json_type_name(*value));
        return nullptr;
    }
    return value;
}

const Json* SpecReader::array(const std::string& key, bool required) {
    const Json* value = field(key, required, "an array");
    if (value && !value->is_array()) {
        diagnostics_.error(file_, path_of(key),
                           std::string("expected an array, got ") + json_type_name(*value));
        return nullptr;
    }
    return value;
}

void SpecReader::check_reference(const std::string& key, const std::string& what,
                                 const std::vector<std::string>& known) {
    if (!object_.is_object() || !object_.contains(key) || !object_[key].is_string()) return;
    const auto name = object_[key].get<std::string>();
    for (const auto& candidate : known)
        if (candidate == name) return;
    diagnostics_.error(file_, path_of(key),
                       "unknown " + what + " \"" + name + "\" (known: " + join_names(known) + ")");
}

void SpecReader::warn_unknown_keys(std::initializer_list<const char*> known) {
    if (!object_.is_object()) return;
    for (const auto& [key, value] : object_.items()) {
        bool found = false;
        for (const char* name : known) found = found || key == name;
        if (!found) {
            std::vector<std::string> names(known.begin(), known.end());
            diagnostics_.warning(file_, path_of(key),
                                 "unknown key \"" + key + "\" is ignored (known: " +
                                     join_names(names) + ")");
        }
    }
}

}  // namespace cascade
