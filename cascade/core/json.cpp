#include "cascade/core/json.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "cascade/core/error.h"

namespace cascade {

namespace {

// A string as dump() writes it. Plain printable ASCII, the common case, is copied as it is;
// anything else (escapes, UTF-8, which dump() also validates) goes through nlohmann.
void dump_string(const std::string& text, std::string& out) {
    const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    });
    if (!plain) {
        out += Json(text).dump();
        return;
    }
    out += '"';
    out += text;
    out += '"';
}

// Appends what nlohmann::json (whose objects are std::maps) would dump after a round trip:
// object keys in byte order, scalars exactly as dump() writes them. Walking the value directly
// costs a fraction of a dump, a parse and a second dump.
void dump_sorted(const Json& value, std::string& out) {
    switch (value.type()) {
        case Json::value_t::object: {
            std::vector<const Json::object_t::value_type*> entries;
            entries.reserve(value.size());
            for (const auto& entry : value.get_ref<const Json::object_t&>())
                entries.push_back(&entry);
            std::sort(entries.begin(), entries.end(),
                      [](const auto* a, const auto* b) { return a->first < b->first; });
            out += '{';
            for (std::size_t i = 0; i < entries.size(); ++i) {
                if (i > 0) out += ',';
                dump_string(entries[i]->first, out);
                out += ':';
                dump_sorted(entries[i]->second, out);
            }
            out += '}';
            return;
        }
        case Json::value_t::array:
            out += '[';
            for (std::size_t i = 0; i < value.size(); ++i) {
                if (i > 0) out += ',';
                dump_sorted(value[i], out);
            }
            out += ']';
            return;
        case Json::value_t::string:
            dump_string(value.get_ref<const std::string&>(), out);
            return;
        case Json::value_t::number_integer:
            out += std::to_string(value.get<std::int64_t>());
            return;
        case Json::value_t::number_unsigned:
            out += std::to_string(value.get<std::uint64_t>());
            return;
        case Json::value_t::boolean:
            out += value.get<bool>() ? "true" : "false";
            return;
        case Json::value_t::null:
            out += "null";
            return;
        default:  // floats (shortest round-trip form), binary
            out += value.dump();
    }
}

}  // namespace

std::string canonical_dump(const Json& value) {
    std::string out;
    dump_sorted(value, out);
    return out;
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
