#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "cascade/core/json.h"
#include "cascade/project/diagnostics.h"

namespace cascade {

// Typed, path-aware reads of one JSON object in a project file. Every failed expectation becomes
// a diagnostic naming the file, the JSON path and what was expected; reads return nullopt then.
class SpecReader {
public:
    SpecReader(const Json& object, std::string file, std::string path, Diagnostics& diagnostics);

    std::optional<std::string> string(const std::string& key, bool required = false);
    std::optional<double> number(const std::string& key, bool required = false,
                                 std::optional<double> min = {}, std::optional<double> max = {});
    std::optional<int> integer(const std::string& key, bool required = false,
                               std::optional<int> min = {});
    std::optional<bool> boolean(const std::string& key);
    const Json* object(const std::string& key, bool required = false);
    const Json* array(const std::string& key, bool required = false);
    // Reports a reference to a name that is not among `known`.
    void check_reference(const std::string& key, const std::string& what,
                         const std::vector<std::string>& known);
    // Warns about keys outside `known`: a typo should not silently fall back to a default.
    void warn_unknown_keys(std::initializer_list<const char*> known);

    std::string path_of(const std::string& key) const;
    const std::string& file() const { return file_; }
    const std::string& path() const { return path_; }
    Diagnostics& diagnostics() { return diagnostics_; }
    bool is_object() const { return object_.is_object(); }

private:
    const Json* field(const std::string& key, bool required, const char* expected);

    const Json& object_;
    std::string file_;
    std::string path_;
    Diagnostics& diagnostics_;
};

// "string", "number", ... for "expected X, got Y" messages.
const char* json_type_name(const Json& value);

}  // namespace cascade
