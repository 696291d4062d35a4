#include "cascade/export/datasetexporter.h"

#include <fstream>
#include <map>

#include "cascade/core/error.h"
#include "cascade/store/labelstore.h"
#include "cascade/store/runreader.h"

namespace cascade {

namespace {

struct CallGroup {
    std::int64_t call_id = 0;
    bool kept = false;
    bool labelled_keep = false;
    bool labelled_drop = false;
};

}  // namespace

DatasetResult DatasetExporter::write(RunReader& reader, std::int64_t run_id,
                                     const std::string& stage, const std::filesystem::path& path,
                                     const DatasetOptions& options) {
    std::string kind;
    for (const auto& s : reader.stages(run_id))
        if (s.stage == stage) kind = s.kind;
    if (kind.empty())
        throw Error("run " + std::to_string(run_id) + " has no stage \"" + stage + "\"");
    if (kind != "generate")
        throw Error("stage \"" + stage + "\" is a " + kind +
                    " stage; a fine-tuning dataset comes from a generate stage");
    std::map<std::string, Truth> truth;
    for (const auto& label : LabelStore(reader.db().path()).list(stage))
        truth[label.content_hash] = label.truth;

    // Items in stage order, grouped by the call that produced them (explode: many per call).
    std::vector<CallGroup> groups;
    std::map<std::int64_t, std::size_t> index;
    for (const auto& item : reader.items(run_id, stage)) {
        if (!item.call_id) continue;
        auto [it, added] = index.emplace(*item.call_id, groups.size());
        if (added) groups.push_back({*item.call_id});
        CallGroup& group = groups[it->second];
        group.kept = group.kept || item.status == ItemStatus::Kept;
        if (truth.empty()) continue;
        const auto label = truth.find(LabelStore::content_hash(item.data));
        if (label != truth.end()) {
            group.labelled_keep = group.labelled_keep || label->second == Truth::Keep;
            group.labelled_drop = group.labelled_drop || label->second == Truth::Drop;
        }
    }

    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw Error("cannot write " + path.string());
    DatasetResult result;
    for (const auto& group : groups) {
        if (!group.kept) {
            ++result.skipped_failed;
            continue;
        }
        if (options.labelled_only && (!group.labelled_keep || group.labelled_drop)) {
            ++result.skipped_unlabelled;
            continue;
        }
        const auto call = reader.call(group.call_id);
        if (!call || !call->ok) {
            ++result.skipped_failed;
            continue;
        }
        Json messages = Json::array();
        if (const Json* sent = find_pointer(call->request, "/messages"); sent && sent->is_array())
            for (const auto& message : *sent) {
                if (message.value("role", "") == "assistant") break;  // repair turns follow
                messages.push_back({{"role", message.value("role", "")},
                                    {"content", message.value("content", "")}});
            }
        messages.push_back({{"role", "assistant"}, {"content", call->text}});
        out << Json{{"messages", std::move(messages)}}.dump() << "\n";
        ++result.lines;
    }
    if (!out) throw Error("cannot write " + path.string());
    return result;
}

}  // namespace cascade
