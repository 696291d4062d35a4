#pragma once

#include <string>
#include <vector>

namespace cascade {

// One problem found in a project: the file, the JSON path inside it and what was expected.
struct Diagnostic {
    enum class Severity { Warning, Error };
    Severity severity = Severity::Error;
    std::string file;  // relative to the project folder, e.g. "cascade.json"
    std::string path;  // JSON pointer, "line 3" for line-based files, "3:7" (line:col) for
                       // syntax errors; may be empty
    std::string message;

    // "cascade.json: /stages/2/model: unknown model "frontierr" (known: frontier, student)"
    std::string format() const;
};

class Diagnostics {
public:
    void error(std::string file, std::string path, std::string message);
    void warning(std::string file, std::string path, std::string message);
    bool has_errors() const;
    const std::vector<Diagnostic>& all() const { return list_; }
    std::string format_errors() const;  // one line per error, for exceptions and the CLI

private:
    std::vector<Diagnostic> list_;
};

// "a, b, c": for "known: ..." lists in messages.
std::string join_names(const std::vector<std::string>& names);

}  // namespace cascade
