#include "cascade/index/corpus.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "cascade/core/error.h"
#include "cascade/core/hash.h"
#include "cascade/index/tempfile.h"

namespace cascade {

std::string Corpus::content_hash() const {
    Sha256 hash;
    hash.add("cascade-corpus/1");
    for (const auto& term : terms) hash.add(term);
    return hash.hex();
}

static std::string tsv_field(const Json& value) {
    std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    for (char& c : text)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return text;
}

void Corpus::write_tsv(const std::string& path) const {
    std::vector<std::string> columns;
    for (const auto& meta : metadata) {
        if (!meta.is_object()) continue;
        for (const auto& [key, value] : meta.items())
            if (std::find(columns.begin(), columns.end(), key) == columns.end())
                columns.push_back(key);
    }

    const std::string temp = unique_temp_path(path);
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error("cannot write corpus file " + temp);
        out << "# term";
        for (const auto& column : columns) out << '\t' << column;
        out << '\n';
        for (std::size_t i = 0; i < terms.size(); ++i) {
            out << terms[i];
            for (const auto& column : columns) {
                out << '\t';
                if (i < metadata.size() && metadata[i].is_object() && metadata[i].contains(column))
                    out << tsv_field(metadata[i].at(column));
            }
            out << '\n';
        }
        if (!out.flush()) throw Error("cannot write corpus file " + temp + " (disk full?)");
    }
    std::error_code error;
    std::filesystem::rename(temp, path, error);
    if (error) throw Error("cannot move " + temp + " to " + path + ": " + error.message());
}

}  // namespace cascade
