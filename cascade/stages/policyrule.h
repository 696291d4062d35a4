#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "cascade/core/item.h"
#include "cascade/schema/schemavalidator.h"

namespace cascade {

class SpecReader;
class TemplateContext;

// One guardrail of a `rules` stage: {"id", "field", and checks}. `field` is a JSON pointer or a
// list of them; a pointer resolves like a template name (the item's data first, then its
// ancestors', nearest first), so "/title" finds a theme's title from a keyword item below it.
// Without `field` the checks read the item's data as text. An array value is checked element
// by element. A field that is absent is not checked (that is what `required` is for).
//
// Checks, all optional, every one applied: deny_terms (whole words, case-insensitive, several
// words allowed), deny_regex, allow_regex (must match; ECMAScript, case-insensitive unless
// "case_sensitive": true), min_chars / max_chars (code points), required (pointers that must
// hold a non-empty value) and schema (a JSON Schema file, relative to the project folder).
class PolicyRule {
public:
    // Throws cascade::Error on a bad regex or an unreadable schema file.
    PolicyRule(const Json& spec, const std::filesystem::path& project_dir);

    const std::string& id() const { return id_; }

    // One readable phrase per violation ("71 > 60 chars", "\"wine\" in /title"); empty: passes.
    std::vector<std::string> check(const Item& item, const TemplateContext& values) const;

    // Diagnostics for one rule object; `reader` reads that same object.
    static void validate(const Json& rule, SpecReader& reader,
                         const std::filesystem::path& project_dir);

    // Lower case, whitespace runs as one space, trimmed: how deny terms and texts are compared.
    static std::string normalise(const std::string& text);
    // Where `term` (normalised) occurs in `text` (normalised) as whole words, or npos.
    static std::size_t find_term(const std::string& text, const std::string& term);

private:
    struct Text {
        std::string where;  // the pointer it came from, "/keywords/2"; "item" for the whole data
        std::string text;
    };

    std::vector<Text> texts(const Item& item, const TemplateContext& values) const;
    std::string located(const std::string& phrase, const std::string& where) const;

    std::string id_;
    std::vector<std::string> fields_;
    std::vector<std::pair<std::string, std::string>> deny_terms_;  // as written, normalised
    std::optional<std::regex> deny_regex_;
    std::optional<std::regex> allow_regex_;
    std::string allow_pattern_;
    std::optional<std::size_t> min_chars_;
    std::optional<std::size_t> max_chars_;
    std::vector<std::string> required_;
    std::optional<SchemaValidator> schema_;
};

}  // namespace cascade
