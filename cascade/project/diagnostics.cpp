#include "cascade/project/diagnostics.h"

#include <cctype>

namespace cascade {

std::string Diagnostic::format() const {
    std::string out = file;
    // A "line:col" position attaches to the file as compilers print it: "a.md:3:7: ...".
    if (!path.empty())
        out += (std::isdigit(static_cast<unsigned char>(path.front())) ? ":" : ": ") + path;
    out += ": ";
    if (severity == Severity::Warning) out += "warning: ";
    return out + message;
}

void Diagnostics::error(std::string file, std::string path, std::string message) {
    list_.push_back({Diagnostic::Severity::Error, std::move(file), std::move(path), std::move(message)});
}

void Diagnostics::warning(std::string file, std::string path, std::string message) {
    list_.push_back(
        {Diagnostic::Severity::Warning, std::move(file), std::move(path), std::move(message)});
}

bool Diagnostics::has_errors() const {
    for (const auto& d : list_)
        if (d.severity == Diagnostic::Severity::Error) return true;
    return false;
}

std::string Diagnostics::format_errors() const {
    std::string out;
    for (const auto& d : list_) {
        if (d.severity != Diagnostic::Severity::Error) continue;
        if (!out.empty()) out += "\n";
        out += d.format();
    }
    return out;
}

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) {
        if (!out.empty()) out += ", ";
        out += name;
    }
    return out.empty() ? "none" : out;
}

}  // namespace cascade
