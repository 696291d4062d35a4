#include "cascade/core/json.h"

#include "cascade/core/error.h"

namespace cascade {

std::string canonical_dump(const Json& value) {
    // nlohmann::json (unordered variant) stores objects in a std::map, so a round trip sorts keys.
    const nlohmann::json sorted = nlohmann::json::parse(value.dump());
    return sorted.dump();
}

static std::pair<int, int> line_column(std::string_view text, std::size_t byte_offset) {
    int line = 1, column = 1;
    for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

Json parse_json(std::string_view text, const std::string& source_name) {
    try {
        return Json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        // nlohmann reports the byte just past the offending token.
        const auto [line, column] = line_column(text, e.byte > 0 ? e.byte - 1 : 0);
        std::string what = e.what();
        const auto pos = what.find("syntax error");
        if (pos != std::string::npos) what = what.substr(pos);
        throw Error(source_name + ":" + std::to_string(line) + ":" + std::to_string(column) +
                    ": invalid JSON: " + what);
    }
}

const Json* find_pointer(const Json& value, const std::string& pointer) {
    try {
        const Json::json_pointer ptr(pointer);
        if (!value.contains(ptr)) return nullptr;
        return &value.at(ptr);
    } catch (const nlohmann::json::exception&) {
        return nullptr;
    }
}

}  // namespace cascade
