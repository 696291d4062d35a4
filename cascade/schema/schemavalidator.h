#pragma once

#include <memory>
#include <regex>
#include <string>
#include <unordered_map>
#include <vector>

#include "cascade/core/json.h"
#include "cascade/schema/schemaerror.h"

namespace cascade {

// Validates model outputs against the JSON Schema subset that structured-output APIs use:
// type, properties, required, additionalProperties, items, enum, const, anyOf, oneOf, allOf,
// local $ref ("#", "#/$defs/...", "#/definitions/..."), min/maxItems, min/maxLength (code
// points), minimum/maximum, exclusiveMinimum/exclusiveMaximum (numbers), pattern (ECMAScript,
// unanchored as JSON Schema specifies) and uniqueItems. Other keywords are ignored.
//
// validate() is const and touches no shared mutable state, so one validator can serve
// concurrent calls.
class SchemaValidator {
public:
    // Throws cascade::Error listing every problem check_schema() finds.
    explicit SchemaValidator(Json schema);

    // Every violation, in document order; empty when the instance is valid.
    std::vector<SchemaError> validate(const Json& instance) const;

    const Json& schema() const { return *schema_; }

    // One line per error, "/themes/2/title: expected string, got number"; the root is "(root)".
    // Used for item error reasons and as the feedback a model gets on retry.
    static std::string describe(const std::vector<SchemaError>& errors);

    // Problems in the schema itself, "schema/path: message"; empty when it is usable.
    static std::vector<std::string> check_schema(const Json& schema);

private:
    using Errors = std::vector<SchemaError>;

    // ref_hops counts $ref/combinator steps taken without descending into the value, so that a
    // schema that refers to itself endlessly is reported instead of recursing forever.
    void check(const Json& schema, const Json& value, const std::string& path, int ref_hops,
               Errors& errors) const;
    void check_type(const Json& type, const Json& value, const std::string& path,
                    Errors& errors) const;
    void check_object(const Json& schema, const Json& value, const std::string& path,
                      Errors& errors) const;
    void check_array(const Json& schema, const Json& value, const std::string& path,
                     Errors& errors) const;
    void check_string(const Json& schema, const Json& value, const std::string& path,
                      Errors& errors) const;
    void check_number(const Json& schema, const Json& value, const std::string& path,
                      Errors& errors) const;
    void check_any_of(const Json& branches, const Json& value, const std::string& path,
                      int ref_hops, Errors& errors) const;
    void check_one_of(const Json& branches, const Json& value, const std::string& path,
                      int ref_hops, Errors& errors) const;
    // The error for a value that matches no alternative of anyOf/oneOf.
    void report_no_match(const char* keyword, const Json& branches,
                         const std::vector<Errors>& tries, const Json& value,
                         const std::string& path, Errors& errors) const;
    const Json& resolve(const Json& schema) const;

    std::shared_ptr<const Json> schema_;  // shared: refs_ points into it, copies stay valid
    std::unordered_map<std::string, const Json*> refs_;
    std::unordered_map<std::string, std::regex> patterns_;
};

}  // namespace cascade
