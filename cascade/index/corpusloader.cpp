#include "cascade/index/corpusloader.h"

#include <filesystem>
#include <fstream>
#include <unordered_map>

#include "cascade/core/error.h"

namespace cascade {

namespace {

constexpr std::size_t kExamples = 3;

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n\v\f");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n\v\f");
    return text.substr(first, last - first + 1);
}

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
    return out;
}

// Calls f(line_number, line) for each line, without the line break.
template <typename F>
void for_each_line(std::string_view text, F&& f) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark
    std::size_t number = 0;
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        f(++number, line);
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
}

// Collects terms in order, dropping case-insensitive duplicates and counting what it skipped.
class TermCollector {
public:
    void add(std::size_t line, std::string_view raw_term, Json meta) {
        const std::string_view term = trim(raw_term);
        if (term.empty()) {
            ++empty_terms_;
            return;
        }
        const auto [it, inserted] = first_line_.emplace(lower_ascii(term), line);
        if (!inserted) {
            if (duplicates_++ < kExamples) {
                std::string example = "'";
                example.append(term).append("' (line ").append(std::to_string(line));
                example.append(", first on line ").append(std::to_string(it->second)).append(")");
                examples_.push_back(std::move(example));
            }
            return;
        }
        corpus_.terms.emplace_back(term);
        if (!meta.is_null()) has_metadata_ = true;
        metadata_.push_back(std::move(meta));
    }
    void empty_line() { ++empty_lines_; }
    void note(std::string text) { corpus_.notes.push_back(std::move(text)); }

    Corpus finish() {
        if (empty_lines_ > 0)
            corpus_.notes.push_back(std::to_string(empty_lines_) + " empty line" +
                                    (empty_lines_ == 1 ? "" : "s") + " skipped");
        if (empty_terms_ > 0)
            corpus_.notes.push_back(std::to_string(empty_terms_) + " line" +
                                    (empty_terms_ == 1 ? "" : "s") + " with an empty term skipped");
        if (duplicates_ > 0) {
            std::string text = std::to_string(duplicates_) + " duplicate term" +
                               (duplicates_ == 1 ? "" : "s") +
                               " removed (ignoring case and surrounding spaces; the first is "
                               "kept): ";
            for (std::size_t i = 0; i < examples_.size(); ++i)
                text += (i ? ", " : "") + examples_[i];
            if (duplicates_ > examples_.size()) text += ", ...";
            corpus_.notes.push_back(std::move(text));
        }
        if (has_metadata_) corpus_.metadata = std::move(metadata_);
        return std::move(corpus_);
    }

private:
    Corpus corpus_;
    std::vector<Json> metadata_;
    bool has_metadata_ = false;
    std::unordered_map<std::string, std::size_t> first_line_;
    std::size_t empty_lines_ = 0, empty_terms_ = 0, duplicates_ = 0;
    std::vector<std::string> examples_;
};

std::vector<std::string_view> split_tabs(std::string_view line) {
    std::vector<std::string_view> fields;
    while (true) {
        const auto tab = line.find('\t');
        fields.push_back(line.substr(0, tab));
        if (tab == std::string_view::npos) return fields;
        line.remove_prefix(tab + 1);
    }
}

bool ends_with(const std::string& text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

Corpus CorpusLoader::load(const std::string& path) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error))
        throw Error("corpus file not found: " + path);
    const auto size = std::filesystem::file_size(path, error);
    std::ifstream in(path, std::ios::binary);
    std::string text(error ? 0 : size, '\0');
    if (error || !in || !in.read(text.data(), static_cast<std::streamsize>(text.size())))
        throw Error("cannot read corpus file " + path);
    const std::string lower = lower_ascii(path);
    if (ends_with(lower, ".jsonl") || ends_with(lower, ".ndjson") || ends_with(lower, ".json"))
        return parse_jsonl(text, path);
    return parse_tsv(text, path);
}

Corpus CorpusLoader::parse_tsv(std::string_view text, const std::string& source) {
    TermCollector collector;
    std::vector<std::string> columns;
    for_each_line(text, [&](std::size_t number, std::string_view line) {
        if (number == 1) {
            auto fields = split_tabs(line);
            const bool hash_header = !line.empty() && line.front() == '#';
            if (hash_header) fields[0].remove_prefix(1);
            if (hash_header || lower_ascii(trim(fields[0])) == "term") {
                for (std::size_t i = 1; i < fields.size(); ++i) {
                    const auto name = trim(fields[i]);
                    columns.push_back(name.empty() ? "col" + std::to_string(i + 1)
                                                   : std::string(name));
                }
                return;
            }
        }
        if (trim(line).empty()) {
            collector.empty_line();
            return;
        }
        const auto fields = split_tabs(line);
        Json meta;
        for (std::size_t i = 1; i < fields.size(); ++i) {
            const auto value = trim(fields[i]);
            if (value.empty()) continue;
            const std::string name =
                i - 1 < columns.size() ? columns[i - 1] : "col" + std::to_string(i + 1);
            meta[name] = std::string(value);
        }
        collector.add(number, fields[0], std::move(meta));
    });
    return collector.finish();
}

Corpus CorpusLoader::parse_jsonl(std::string_view text, const std::string& source) {
    TermCollector collector;
    std::size_t bad_lines = 0;
    for_each_line(text, [&](std::size_t number, std::string_view line) {
        if (trim(line).empty()) {
            collector.empty_line();
            return;
        }
        const std::string where = source + ":" + std::to_string(number);
        Json row;
        try {
            row = parse_json(line, where);
        } catch (const Error&) {
            if (bad_lines++ < kExamples) collector.note(where + ": invalid JSON; line skipped");
            return;
        }
        if (!row.is_object() || !row.contains("term") || !row.at("term").is_string()) {
            if (bad_lines++ < kExamples)
                collector.note(where + ": no string \"term\"; line skipped");
            return;
        }
        std::string term = row.at("term").get<std::string>();
        row.erase("term");
        collector.add(number, term, row.empty() ? Json() : std::move(row));
    });
    if (bad_lines > kExamples)
        collector.note(std::to_string(bad_lines) + " invalid lines skipped in all");
    return collector.finish();
}

}  // namespace cascade
