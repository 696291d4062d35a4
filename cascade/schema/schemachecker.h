#pragma once

#include <regex>
#include <string>
#include <unordered_map>
#include <vector>

#include "cascade/core/json.h"

namespace cascade {

// Walks a JSON Schema once: reports malformed keywords and unresolvable $refs (with the schema
// path of each), and on the way resolves every $ref and compiles every pattern, so that
// validation never has to look anything up or fail on the schema itself.
class SchemaChecker {
public:
    // root must outlive the checker: refs() points into it.
    explicit SchemaChecker(const Json& root);

    // "path: message", e.g. "/properties/title/type: unknown type \"strng\"".
    const std::vector<std::string>& problems() const { return problems_; }
    const std::unordered_map<std::string, const Json*>& refs() const { return refs_; }
    const std::unordered_map<std::string, std::regex>& patterns() const { return patterns_; }

private:
    void check_schema(const Json& schema, const std::string& path);
    void check_keyword(const std::string& keyword, const Json& value, const std::string& path);
    void check_schema_map(const Json& value, const std::string& path);
    void check_schema_list(const Json& value, const std::string& path);
    void check_type(const Json& value, const std::string& path);
    void check_ref(const Json& value, const std::string& path);
    void check_pattern(const Json& value, const std::string& path);
    void problem(const std::string& path, const std::string& message);

    const Json& root_;
    std::vector<std::string> problems_;
    std::unordered_map<std::string, const Json*> refs_;
    std::unordered_map<std::string, std::regex> patterns_;
};

}  // namespace cascade
