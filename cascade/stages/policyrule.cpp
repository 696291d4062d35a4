#include "cascade/stages/policyrule.h"

#include <cctype>
#include <fstream>
#include <sstream>

#include "cascade/core/error.h"
#include "cascade/project/specreader.h"
#include "cascade/stages/scoreformat.h"
#include "cascade/template/templatecontext.h"

namespace cascade {

namespace {

std::string unescape(std::string token) {
    std::string out;
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size() &&
            (token[i + 1] == '0' || token[i + 1] == '1')) {
            out += token[++i] == '0' ? '~' : '/';
        } else {
            out += token[i];
        }
    }
    return out;
}

// The first token is looked up like a template name, the rest walks down from there.
const Json* resolve(const std::string& pointer, const Item& item, const TemplateContext& values) {
    if (pointer.empty()) return &item.data;
    const auto slash = pointer.find('/', 1);
    const Json* root = values.lookup(unescape(pointer.substr(1, slash - 1)));
    if (!root || slash == std::string::npos) return root;
    return find_pointer(*root, pointer.substr(slash));
}

bool is_empty(const Json* value) {
    return !value || value->is_null() ||
           (value->is_string() && value->get<std::string>().empty()) ||
           ((value->is_array() || value->is_object()) && value->empty());
}

std::string as_text(const Json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

std::size_t code_points(const std::string& text) {
    std::size_t count = 0;
    for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return count;
}

bool is_word_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalnum(u);  // bytes of non-ASCII letters count as letters
}

std::regex compile(const std::string& pattern, bool case_sensitive) {
    auto flags = std::regex::ECMAScript;
    if (!case_sensitive) flags |= std::regex::icase;
    return std::regex(pattern, flags);
}

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("file not found: " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> pointers_of(const Json& value) {
    if (value.is_string()) return {value.get<std::string>()};
    std::vector<std::string> list;
    for (const Json& entry : value) list.push_back(entry.get<std::string>());
    return list;
}

}  // namespace

std::string PolicyRule::normalise(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::size_t PolicyRule::find_term(const std::string& text, const std::string& term) {
    if (term.empty()) return std::string::npos;
    for (auto at = text.find(term); at != std::string::npos; at = text.find(term, at + 1)) {
        const bool starts = at == 0 || !is_word_byte(text[at - 1]);
        const std::size_t end = at + term.size();
        const bool ends = end == text.size() || !is_word_byte(text[end]);
        if (starts && ends) return at;
    }
    return std::string::npos;
}

PolicyRule::PolicyRule(const Json& spec, const std::filesystem::path& project_dir)
    : id_(spec.value("id", "")) {
    if (spec.contains("field")) fields_ = pointers_of(spec["field"]);
    for (const Json& term : spec.value("deny_terms", Json::array()))
        deny_terms_.emplace_back(term.get<std::string>(), normalise(term.get<std::string>()));
    const bool case_sensitive = spec.value("case_sensitive", false);
    try {
        if (spec.contains("deny_regex"))
            deny_regex_ = compile(spec["deny_regex"].get<std::string>(), case_sensitive);
        if (spec.contains("allow_regex")) {
            allow_pattern_ = spec["allow_regex"].get<std::string>();
            allow_regex_ = compile(allow_pattern_, case_sensitive);
        }
    } catch (const std::regex_error& e) {
        throw Error("rule " + id_ + ": bad regular expression: " + e.what());
    }
    if (spec.contains("min_chars")) min_chars_ = spec["min_chars"].get<std::size_t>();
    if (spec.contains("max_chars")) max_chars_ = spec["max_chars"].get<std::size_t>();
    if (spec.contains("required")) required_ = pointers_of(spec["required"]);
    if (spec.contains("schema")) {
        const auto relative = spec["schema"].get<std::string>();
        schema_.emplace(parse_json(read_text(project_dir / relative), relative));
    }
}

std::vector<PolicyRule::Text> PolicyRule::texts(const Item& item,
                                                const TemplateContext& values) const {
    std::vector<Text> list;
    if (fields_.empty()) list.push_back({"item", as_text(item.data)});
    for (const auto& field : fields_) {
        const Json* value = resolve(field, item, values);
        if (!value || value->is_null()) continue;
        if (!value->is_array()) {
            list.push_back({field, as_text(*value)});
            continue;
        }
        for (std::size_t i = 0; i < value->size(); ++i)
            list.push_back({field + "/" + std::to_string(i), as_text((*value)[i])});
    }
    return list;
}

std::string PolicyRule::located(const std::string& phrase, const std::string& where) const {
    // A rule on one plain field reads best without repeating it: "71 > 60 chars".
    const bool obvious = fields_.size() == 1 && where == fields_.front();
    return obvious ? phrase : phrase + " at " + where;
}

std::vector<std::string> PolicyRule::check(const Item& item, const TemplateContext& values) const {
    std::vector<std::string> problems;
    for (const auto& pointer : required_)
        if (is_empty(resolve(pointer, item, values))) problems.push_back("missing " + pointer);

    for (const Text& text : texts(item, values)) {
        if (!deny_terms_.empty()) {
            const std::string normalised = normalise(text.text);
            for (const auto& [term, needle] : deny_terms_) {
                if (find_term(normalised, needle) == std::string::npos) continue;
                problems.push_back(ScoreFormat::quoted(term) + " in " + text.where);
                break;
            }
        }
        std::smatch match;
        if (deny_regex_ && std::regex_search(text.text, match, *deny_regex_)) {
            problems.push_back(match.length(0) > 0
                                   ? ScoreFormat::quoted(match.str(0)) + " in " + text.where
                                   : text.where + " matches deny_regex");
        }
        if (allow_regex_ && !std::regex_search(text.text, *allow_regex_))
            problems.push_back(text.where + " does not match allow_regex " +
                               ScoreFormat::quoted(allow_pattern_));
        const std::size_t length = code_points(text.text);
        if (min_chars_ && length < *min_chars_)
            problems.push_back(
                located(std::to_string(length) + " < " + std::to_string(*min_chars_) + " chars",
                        text.where));
        if (max_chars_ && length > *max_chars_)
            problems.push_back(
                located(std::to_string(length) + " > " + std::to_string(*max_chars_) + " chars",
                        text.where));
    }

    if (schema_) {
        std::vector<const Json*> targets;
        if (fields_.empty()) targets.push_back(&item.data);
        for (const auto& field : fields_)
            if (const Json* value = resolve(field, item, values)) targets.push_back(value);
        for (const Json* target : targets) {
            const auto errors = schema_->validate(*target);
            if (errors.empty()) continue;
            std::string text = SchemaValidator::describe(errors);
            for (char& c : text)
                if (c == '\n') c = ';';
            problems.push_back("schema: " + text);
        }
    }
    return problems;
}

void PolicyRule::validate(const Json& rule, SpecReader& r,
                          const std::filesystem::path& project_dir) {
    r.warn_unknown_keys({"id", "description", "field", "deny_terms", "deny_regex", "allow_regex",
                         "case_sensitive", "min_chars", "max_chars", "required", "schema"});
    r.string("id", true);
    auto& diags = r.diagnostics();
    for (const char* key : {"field", "required"}) {
        if (!rule.contains(key)) continue;
        const Json& value = rule[key];
        bool ok = value.is_string() || (value.is_array() && !value.empty());
        for (const Json& entry : value.is_array() ? value : Json::array({value}))
            ok = ok && entry.is_string() &&
                 (entry.get<std::string>().empty() || entry.get<std::string>()[0] == '/');
        if (!ok)
            diags.error(r.file(), r.path_of(key),
                        "expected a JSON pointer such as \"/title\", or a list of them");
    }
    if (const Json* terms = r.array("deny_terms"))
        for (std::size_t i = 0; i < terms->size(); ++i)
            if (!(*terms)[i].is_string() || normalise((*terms)[i].get<std::string>()).empty())
                diags.error(r.file(), r.path_of("deny_terms") + "/" + std::to_string(i),
                            "expected a non-empty string");
    const bool case_sensitive = r.boolean("case_sensitive").value_or(false);
    for (const char* key : {"deny_regex", "allow_regex"}) {
        const auto pattern = r.string(key);
        if (!pattern) continue;
        try {
            compile(*pattern, case_sensitive);
        } catch (const std::regex_error& e) {
            diags.error(r.file(), r.path_of(key),
                        std::string("bad regular expression: ") + e.what());
        }
    }
    r.integer("min_chars", false, 0);
    r.integer("max_chars", false, 0);
    if (const auto schema = r.string("schema")) {
        try {
            const Json loaded = parse_json(read_text(project_dir / *schema), *schema);
            for (const auto& problem : SchemaValidator::check_schema(loaded))
                diags.error(*schema, "", problem);
        } catch (const Error& e) {
            diags.error(r.file(), r.path_of("schema"), e.what());
        }
    }
    bool any = false;
    for (const char* key : {"deny_terms", "deny_regex", "allow_regex", "min_chars", "max_chars",
                            "required", "schema"})
        any = any || rule.contains(key);
    if (!any)
        diags.error(r.file(), r.path(),
                    "a rule needs a check: deny_terms, deny_regex, allow_regex, min_chars, "
                    "max_chars, required or schema");
}

}  // namespace cascade
