#include "cascade/export/itemexporter.h"

#include <fstream>
#include <functional>

#include "cascade/core/error.h"
#include "cascade/store/runreader.h"

namespace cascade {

namespace {

constexpr std::int64_t kPage = 2000;

// RFC 4180: quote every field that holds a comma, a quote or a line break.
std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::ofstream open(const std::filesystem::path& path) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw Error("cannot write " + path.string());
    return out;
}

std::int64_t each_item(RunReader& reader, std::int64_t run_id, const std::string& stage,
                       const std::function<void(const Item&)>& visit) {
    if (!reader.run(run_id)) throw Error("no run " + std::to_string(run_id));
    std::int64_t count = 0;
    for (std::int64_t offset = 0;; offset += kPage) {
        const auto page = reader.items(run_id, stage, {}, offset, kPage);
        for (const auto& item : page) visit(item);
        count += static_cast<std::int64_t>(page.size());
        if (static_cast<std::int64_t>(page.size()) < kPage) break;
    }
    return count;
}

}  // namespace

std::int64_t ItemExporter::write_csv(RunReader& reader, std::int64_t run_id,
                                     const std::string& stage, const std::filesystem::path& path) {
    auto out = open(path);
    out << "key,status,reason,parent_stage,parent_key,input_id,call_id,scores,data\r\n";
    const auto count = each_item(reader, run_id, stage, [&](const Item& item) {
        out << csv_field(item.key) << ',' << to_string(item.status) << ',' << csv_field(item.reason)
            << ',' << csv_field(item.parent_stage) << ',' << csv_field(item.parent_key) << ','
            << csv_field(item.input_id) << ','
            << (item.call_id ? std::to_string(*item.call_id) : "") << ','
            << csv_field(item.scores.dump()) << ',' << csv_field(item.data.dump()) << "\r\n";
    });
    if (!out) throw Error("cannot write " + path.string());
    return count;
}

std::int64_t ItemExporter::write_json(RunReader& reader, std::int64_t run_id,
                                      const std::string& stage, const std::filesystem::path& path) {
    auto out = open(path);
    out << "[";
    bool first = true;
    const auto count = each_item(reader, run_id, stage, [&](const Item& item) {
        Json row = {{"key", item.key},
                    {"status", to_string(item.status)},
                    {"reason", item.reason},
                    {"parent_stage", item.parent_stage},
                    {"parent_key", item.parent_key},
                    {"input_id", item.input_id},
                    {"call_id", item.call_id ? Json(*item.call_id) : Json(nullptr)},
                    {"scores", item.scores},
                    {"data", item.data}};
        out << (first ? "\n" : ",\n") << row.dump();
        first = false;
    });
    out << "\n]\n";
    if (!out) throw Error("cannot write " + path.string());
    return count;
}

}  // namespace cascade
