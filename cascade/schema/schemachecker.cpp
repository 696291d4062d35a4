#include "cascade/schema/schemachecker.h"

#include <array>
#include <string_view>

#include "cascade/schema/schemavalues.h"

namespace cascade {

namespace {

constexpr std::array<std::string_view, 7> kTypes = {"null",   "boolean", "object", "array",
                                                    "number", "integer", "string"};

bool is_known_type(const Json& value) {
    if (!value.is_string()) return false;
    for (const std::string_view type : kTypes) {
        if (value.get_ref<const std::string&>() == type) return true;
    }
    return false;
}

bool is_count(const Json& value) {
    return schema::is_integral(value) && value.get<double>() >= 0;
}

}  // namespace

SchemaChecker::SchemaChecker(const Json& root) : root_(root) {
    check_schema(root, "");
}

void SchemaChecker::check_schema(const Json& schema, const std::string& path) {
    if (schema.is_boolean()) return;
    if (!schema.is_object()) {
        problem(path, "a schema must be an object or a boolean, got " + schema::type_name(schema));
        return;
    }
    for (auto it = schema.begin(); it != schema.end(); ++it) {
        check_keyword(it.key(), it.value(), path + "/" + schema::pointer_token(it.key()));
    }
}

void SchemaChecker::check_keyword(const std::string& keyword, const Json& value,
                                  const std::string& path) {
    if (keyword == "type") {
        check_type(value, path);
    } else if (keyword == "properties" || keyword == "$defs" || keyword == "definitions") {
        check_schema_map(value, path);
    } else if (keyword == "additionalProperties") {
        check_schema(value, path);
    } else if (keyword == "items") {
        // A single schema for every element, or (tuple form) one schema per position.
        if (value.is_array()) {
            for (std::size_t i = 0; i < value.size(); ++i) {
                check_schema(value[i], path + "/" + std::to_string(i));
            }
        } else {
            check_schema(value, path);
        }
    } else if (keyword == "anyOf" || keyword == "oneOf" || keyword == "allOf") {
        check_schema_list(value, path);
    } else if (keyword == "required") {
        bool strings = value.is_array();
        for (const Json& name : value) strings = strings && name.is_string();
        if (!strings) problem(path, "must be an array of property names");
    } else if (keyword == "enum") {
        if (!value.is_array()) problem(path, "must be an array");
    } else if (keyword == "minItems" || keyword == "maxItems" || keyword == "minLength" ||
               keyword == "maxLength") {
        if (!is_count(value)) problem(path, "must be a non-negative integer");
    } else if (keyword == "minimum" || keyword == "maximum" || keyword == "exclusiveMinimum" ||
               keyword == "exclusiveMaximum") {
        if (!value.is_number()) problem(path, "must be a number");
    } else if (keyword == "uniqueItems") {
        if (!value.is_boolean()) problem(path, "must be a boolean");
    } else if (keyword == "pattern") {
        check_pattern(value, path);
    } else if (keyword == "$ref") {
        check_ref(value, path);
    }
    // Anything else (const, description, title, format, ...) has no shape to check.
}

void SchemaChecker::check_schema_map(const Json& value, const std::string& path) {
    if (!value.is_object()) {
        problem(path, "must be an object of schemas");
        return;
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
        check_schema(it.value(), path + "/" + schema::pointer_token(it.key()));
    }
}

void SchemaChecker::check_schema_list(const Json& value, const std::string& path) {
    if (!value.is_array() || value.empty()) {
        problem(path, "must be a non-empty array of schemas");
        return;
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
        check_schema(value[i], path + "/" + std::to_string(i));
    }
}

void SchemaChecker::check_type(const Json& value, const std::string& path) {
    if (!value.is_string() && !value.is_array()) {
        problem(path, "must be a type name or an array of type names");
        return;
    }
    const Json names = value.is_array() ? value : Json::array({value});
    for (const Json& name : names) {
        if (!is_known_type(name)) {
            problem(path, "unknown type " + schema::preview(name) +
                              " (known: array, boolean, integer, null, number, object, string)");
        }
    }
}

void SchemaChecker::check_ref(const Json& value, const std::string& path) {
    if (!value.is_string()) {
        problem(path, "must be a string");
        return;
    }
    const std::string& ref = value.get_ref<const std::string&>();
    if (ref.empty() || ref.front() != '#') {
        problem(path, "unsupported $ref \"" + ref +
                          "\": only references inside this schema "
                          "(\"#\", \"#/$defs/...\") are supported");
        return;
    }
    const Json* target = find_pointer(root_, ref.substr(1));
    if (!target) {
        problem(path, "cannot resolve $ref \"" + ref + "\"");
    } else if (!target->is_object() && !target->is_boolean()) {
        problem(path, "$ref \"" + ref + "\" does not point to a schema");
    } else {
        refs_.emplace(ref, target);
    }
}

void SchemaChecker::check_pattern(const Json& value, const std::string& path) {
    if (!value.is_string()) {
        problem(path, "must be a string");
        return;
    }
    const std::string& pattern = value.get_ref<const std::string&>();
    if (patterns_.count(pattern)) return;
    try {
        patterns_.emplace(pattern, std::regex(pattern, std::regex::ECMAScript));
    } catch (const std::regex_error& e) {
        problem(path, "invalid regular expression \"" + pattern + "\": " + e.what());
    }
}

void SchemaChecker::problem(const std::string& path, const std::string& message) {
    problems_.push_back((path.empty() ? "(root)" : path) + ": " + message);
}

}  // namespace cascade
