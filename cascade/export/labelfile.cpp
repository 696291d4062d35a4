#include "cascade/export/labelfile.h"

#include "cascade/core/error.h"
#include "cascade/project/specreader.h"

namespace cascade {

void LabelFile::write(std::ostream& out, const std::vector<Label>& labels) {
    for (const auto& label : labels) {
        const Json line = {{"stage", label.stage},
                           {"content_hash", label.content_hash},
                           {"truth", to_string(label.truth)},
                           {"note", label.note},
                           {"item_key", label.item_key},
                           {"updated_at", label.updated_at}};
        out << line.dump() << "\n";
    }
}

namespace {

// The string at `key`, or an error naming the line and the JSON path.
std::string field(const Json& line, const char* key, bool required, const std::string& where) {
    const auto it = line.find(key);
    if (it == line.end()) {
        if (required) throw Error(where + "/" + key + ": expected a string, got nothing");
        return {};
    }
    if (!it->is_string())
        throw Error(where + "/" + key + ": expected a string, got " + json_type_name(*it));
    return it->get<std::string>();
}

}  // namespace

LabelFile::Read LabelFile::read(std::istream& in, const std::string& name) {
    Read read;
    std::string text;
    for (int number = 1; std::getline(in, text); ++number) {
        if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
        const std::string where = name + ":" + std::to_string(number) + ": ";
        try {
            const Json line = parse_json(text, name + ":" + std::to_string(number));
            if (!line.is_object())
                throw Error(where + "expected a JSON object, got " + json_type_name(line));
            Label label;
            label.stage = field(line, "stage", true, where);
            label.content_hash = field(line, "content_hash", true, where);
            const std::string truth = field(line, "truth", true, where);
            if (truth != "keep" && truth != "drop")
                throw Error(where + "/truth: expected \"keep\" or \"drop\", got \"" + truth + "\"");
            label.truth = truth_from_string(truth);
            label.note = field(line, "note", false, where);
            label.item_key = field(line, "item_key", false, where);
            label.updated_at = field(line, "updated_at", false, where);
            if (label.stage.empty() || label.content_hash.empty())
                throw Error(where + "\"stage\" and \"content_hash\" must not be empty");
            read.labels.push_back(std::move(label));
        } catch (const Error& e) {
            read.errors.push_back(e.what());
        }
    }
    return read;
}

}  // namespace cascade
