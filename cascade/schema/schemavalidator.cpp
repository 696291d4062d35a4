#include "cascade/schema/schemavalidator.h"

#include "cascade/core/error.h"
#include "cascade/schema/schemachecker.h"
#include "cascade/schema/schemavalues.h"

namespace cascade {

namespace {

constexpr int kMaxRefHops = 32;

// "string", "string or null", "string, number or null".
std::string expected_types(const Json& type) {
    if (type.is_string()) return type.get<std::string>();
    std::string text;
    for (std::size_t i = 0; i < type.size(); ++i) {
        if (i > 0) text += i + 1 == type.size() ? " or " : ", ";
        text += type[i].get<std::string>();
    }
    return text;
}

std::string quoted_list(const Json& values) {
    std::string text;
    for (const Json& value : values) {
        if (!text.empty()) text += ", ";
        text += schema::preview(value);
    }
    return text;
}

std::string property_names(const Json& properties) {
    std::string text;
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        if (!text.empty()) text += ", ";
        text += it.key();
    }
    return text;
}

}  // namespace

SchemaValidator::SchemaValidator(Json schema)
    : schema_(std::make_shared<const Json>(std::move(schema))) {
    const SchemaChecker checker(*schema_);
    if (!checker.problems().empty()) {
        std::string message = "invalid JSON Schema: ";
        for (std::size_t i = 0; i < checker.problems().size(); ++i) {
            message += (i > 0 ? "; " : "") + checker.problems()[i];
        }
        throw Error(message);
    }
    refs_ = checker.refs();
    patterns_ = checker.patterns();
}

std::vector<SchemaError> SchemaValidator::validate(const Json& instance) const {
    Errors errors;
    check(*schema_, instance, "", 0, errors);
    return errors;
}

std::string SchemaValidator::describe(const std::vector<SchemaError>& errors) {
    std::string text;
    for (const SchemaError& error : errors) {
        if (!text.empty()) text += '\n';
        text +=
            (error.instance_path.empty() ? "(root)" : error.instance_path) + ": " + error.message;
    }
    return text;
}

std::vector<std::string> SchemaValidator::check_schema(const Json& schema) {
    return SchemaChecker(schema).problems();
}

void SchemaValidator::check(const Json& schema, const Json& value, const std::string& path,
                            int ref_hops, Errors& errors) const {
    if (schema.is_boolean()) {
        if (!schema.get<bool>()) errors.push_back({path, "no value is allowed here"});
        return;
    }
    if (const auto ref = schema.find("$ref"); ref != schema.end()) {
        if (ref_hops >= kMaxRefHops) {
            errors.push_back({path, "schema $ref " + ref->dump() + " never reaches a value"});
            return;
        }
        check(*refs_.at(ref->get<std::string>()), value, path, ref_hops + 1, errors);
    }
    if (const auto type = schema.find("type"); type != schema.end()) {
        check_type(*type, value, path, errors);
    }
    if (const auto choices = schema.find("enum"); choices != schema.end()) {
        bool found = false;
        for (const Json& choice : *choices) found = found || schema::equal(choice, value);
        if (!found) {
            errors.push_back({path, "expected one of " + quoted_list(*choices) + ", got " +
                                        schema::preview(value)});
        }
    }
    if (const auto constant = schema.find("const"); constant != schema.end()) {
        if (!schema::equal(*constant, value)) {
            errors.push_back({path, "expected " + schema::preview(*constant) + ", got " +
                                        schema::preview(value)});
        }
    }
    if (const auto all = schema.find("allOf"); all != schema.end()) {
        for (const Json& branch : *all) check(branch, value, path, ref_hops + 1, errors);
    }
    if (const auto any = schema.find("anyOf"); any != schema.end()) {
        check_any_of(*any, value, path, ref_hops + 1, errors);
    }
    if (const auto one = schema.find("oneOf"); one != schema.end()) {
        check_one_of(*one, value, path, ref_hops + 1, errors);
    }
    check_object(schema, value, path, errors);
    check_array(schema, value, path, errors);
    check_string(schema, value, path, errors);
    check_number(schema, value, path, errors);
}

void SchemaValidator::check_type(const Json& type, const Json& value, const std::string& path,
                                 Errors& errors) const {
    const Json names = type.is_array() ? type : Json::array({type});
    for (const Json& name : names) {
        if (schema::matches_type(value, name.get_ref<const std::string&>())) return;
    }
    errors.push_back(
        {path, "expected " + expected_types(type) + ", got " + schema::type_name(value)});
}

void SchemaValidator::check_object(const Json& schema, const Json& value, const std::string& path,
                                   Errors& errors) const {
    if (!value.is_object()) return;
    if (const auto required = schema.find("required"); required != schema.end()) {
        for (const Json& name : *required) {
            if (!value.contains(name.get_ref<const std::string&>())) {
                errors.push_back({path, "missing required property " + name.dump()});
            }
        }
    }
    const auto properties = schema.find("properties");
    const bool has_properties = properties != schema.end();
    if (has_properties) {
        for (auto it = properties->begin(); it != properties->end(); ++it) {
            const auto field = value.find(it.key());
            if (field == value.end()) continue;
            check(it.value(), *field, path + "/" + schema::pointer_token(it.key()), 0, errors);
        }
    }
    const auto additional = schema.find("additionalProperties");
    if (additional == schema.end()) return;
    for (auto it = value.begin(); it != value.end(); ++it) {
        if (has_properties && properties->contains(it.key())) continue;
        if (additional->is_boolean() && !additional->get<bool>()) {
            // Naming the allowed keys lets a model fix a misspelt field on retry.
            std::string message = "unexpected property " + Json(it.key()).dump();
            if (has_properties) message += " (allowed: " + property_names(*properties) + ")";
            errors.push_back({path, message});
        } else {
            check(*additional, it.value(), path + "/" + schema::pointer_token(it.key()), 0, errors);
        }
    }
}

void SchemaValidator::check_array(const Json& schema, const Json& value, const std::string& path,
                                  Errors& errors) const {
    if (!value.is_array()) return;
    const std::size_t size = value.size();
    if (const auto min = schema.find("minItems");
        min != schema.end() && size < min->get<std::size_t>()) {
        errors.push_back(
            {path, "expected at least " + min->dump() + " items, got " + std::to_string(size)});
    }
    if (const auto max = schema.find("maxItems");
        max != schema.end() && size > max->get<std::size_t>()) {
        errors.push_back(
            {path, "expected at most " + max->dump() + " items, got " + std::to_string(size)});
    }
    if (const auto items = schema.find("items"); items != schema.end()) {
        const bool tuple = items->is_array();
        const std::size_t count = tuple ? std::min(size, items->size()) : size;
        for (std::size_t i = 0; i < count; ++i) {
            check(tuple ? (*items)[i] : *items, value[i], path + "/" + std::to_string(i), 0,
                  errors);
        }
    }
    const auto unique = schema.find("uniqueItems");
    if (unique == schema.end() || !unique->get<bool>()) return;
    for (std::size_t j = 1; j < size; ++j) {
        for (std::size_t i = 0; i < j; ++i) {
            if (!schema::equal(value[i], value[j])) continue;
            errors.push_back({path + "/" + std::to_string(j),
                              "duplicates item " + std::to_string(i) + " (items must be unique)"});
            break;
        }
    }
}

void SchemaValidator::check_string(const Json& schema, const Json& value, const std::string& path,
                                   Errors& errors) const {
    if (!value.is_string()) return;
    const std::string& text = value.get_ref<const std::string&>();
    const std::size_t length = schema::utf8_length(text);
    if (const auto min = schema.find("minLength");
        min != schema.end() && length < min->get<std::size_t>()) {
        errors.push_back({path, "expected at least " + min->dump() + " characters, got " +
                                    std::to_string(length)});
    }
    if (const auto max = schema.find("maxLength");
        max != schema.end() && length > max->get<std::size_t>()) {
        errors.push_back({path, "expected at most " + max->dump() + " characters, got " +
                                    std::to_string(length)});
    }
    if (const auto pattern = schema.find("pattern"); pattern != schema.end()) {
        const std::string& source = pattern->get_ref<const std::string&>();
        if (!std::regex_search(text, patterns_.at(source))) {
            errors.push_back(
                {path, schema::preview(value) + " does not match pattern " + pattern->dump()});
        }
    }
}

void SchemaValidator::check_number(const Json& schema, const Json& value, const std::string& path,
                                   Errors& errors) const {
    if (!value.is_number()) return;
    const double x = value.get<double>();
    const auto bound = [&](const char* keyword, const char* relation, auto violated) {
        const auto limit = schema.find(keyword);
        if (limit == schema.end() || !violated(x, limit->template get<double>())) return;
        errors.push_back({path, std::string("expected ") + relation + " " + limit->dump() +
                                    ", got " + schema::preview(value)});
    };
    bound("minimum", ">=", [](double v, double l) { return v < l; });
    bound("maximum", "<=", [](double v, double l) { return v > l; });
    bound("exclusiveMinimum", ">", [](double v, double l) { return v <= l; });
    bound("exclusiveMaximum", "<", [](double v, double l) { return v >= l; });
}

void SchemaValidator::check_any_of(const Json& branches, const Json& value, const std::string& path,
                                   int ref_hops, Errors& errors) const {
    std::vector<Errors> tries;
    for (const Json& branch : branches) {
        Errors attempt;
        check(branch, value, path, ref_hops, attempt);
        if (attempt.empty()) return;
        tries.push_back(std::move(attempt));
    }
    report_no_match("anyOf", branches, tries, value, path, errors);
}

void SchemaValidator::check_one_of(const Json& branches, const Json& value, const std::string& path,
                                   int ref_hops, Errors& errors) const {
    std::vector<Errors> tries;
    std::string matched;
    int matches = 0;
    for (std::size_t i = 0; i < branches.size(); ++i) {
        Errors attempt;
        check(branches[i], value, path, ref_hops, attempt);
        if (attempt.empty()) {
            matched += (matches++ > 0 ? ", " : "") + std::to_string(i);
        }
        tries.push_back(std::move(attempt));
    }
    if (matches == 0) {
        report_no_match("oneOf", branches, tries, value, path, errors);
    } else if (matches > 1) {
        errors.push_back(
            {path, "matches alternatives " + matched + " of oneOf, but must match exactly one"});
    }
}

void SchemaValidator::report_no_match(const char* keyword, const Json& branches,
                                      const std::vector<Errors>& tries, const Json& value,
                                      const std::string& path, Errors& errors) const {
    // When only one alternative accepts the value's type (typically {"type": "null"} next to
    // the real shape), its own errors say what is wrong far better than a summary.
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < branches.size(); ++i) {
        const Json& branch = resolve(branches[i]);
        const auto type = branch.is_object() ? branch.find("type") : branch.end();
        if (branch.is_boolean() || type == branch.end()) {
            candidates.push_back(i);
            continue;
        }
        const Json names = type->is_array() ? *type : Json::array({*type});
        for (const Json& name : names) {
            if (schema::matches_type(value, name.get_ref<const std::string&>())) {
                candidates.push_back(i);
                break;
            }
        }
    }
    if (candidates.size() == 1) {
        const Errors& chosen = tries[candidates.front()];
        errors.insert(errors.end(), chosen.begin(), chosen.end());
        return;
    }
    std::string summary;
    for (std::size_t i = 0; i < tries.size(); ++i) {
        const SchemaError& first = tries[i].front();
        summary += (i > 0 ? "; #" : "#") + std::to_string(i) + ": ";
        if (first.instance_path != path) summary += first.instance_path + ": ";
        summary += first.message;
    }
    errors.push_back(
        {path, std::string("does not match any alternative of ") + keyword + " (" + summary + ")"});
}

const Json& SchemaValidator::resolve(const Json& schema) const {
    const Json* current = &schema;
    for (int hop = 0; hop < kMaxRefHops && current->is_object(); ++hop) {
        const auto ref = current->find("$ref");
        if (ref == current->end()) break;
        current = refs_.at(ref->get<std::string>());
    }
    return *current;
}

}  // namespace cascade
