#include "cascade/project/projecteditor.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cascade/core/error.h"
#include "cascade/project/diagnostics.h"
#include "cascade/project/projectloader.h"

namespace cascade {

namespace {

const char* kProjectFile = "cascade.json";

std::optional<std::string> read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Write beside the target, then rename: a crash never leaves a half-written project file.
void write_atomic(const std::filesystem::path& path, const std::string& text) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    auto temp = path;
    temp += ".saving";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) {
            const std::string why = std::strerror(errno);
            std::filesystem::remove(temp, ec);
            throw Error("cannot write " + path.string() + ": " + why);
        }
    }
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        std::filesystem::remove(temp, ec);
        throw Error("cannot replace " + path.string() + ": " + ec.message());
    }
}

Json::json_pointer pointer_of(const std::string& pointer) {
    if (pointer.empty() || pointer == "/id")
        throw Error("cannot edit \"" + pointer + "\" of a stage: name a key inside it");
    try {
        return Json::json_pointer(pointer);
    } catch (const nlohmann::json::exception& e) {
        throw Error("invalid JSON pointer \"" + pointer + "\": " + e.what());
    }
}

void check_variant_name(const std::string& name) {
    if (name.empty() || name.find_first_not_of(" \t") != 0 || name.back() == ' ' ||
        name.find_first_of("/\n\r\t") != std::string::npos)
        throw Error("invalid variant name \"" + name +
                    "\": use a non-empty name without slashes or surrounding spaces");
}

}  // namespace

ProjectEditor::ProjectEditor(std::filesystem::path dir) : dir_(std::move(dir)) {
    const auto text = read_text(dir_ / kProjectFile);
    if (!text) throw Error(std::string(kProjectFile) + ": not found in " + dir_.string());
    document_ = parse_json(*text, kProjectFile);
    if (!document_.is_object() || !document_.contains("stages") || !document_["stages"].is_array())
        throw Error(std::string(kProjectFile) + ": expected an object with a \"stages\" array");
    saved_ = document_;
}

void ProjectEditor::set_variant(const std::string& name) {
    if (!name.empty()) {
        const auto names = variant_names();
        if (std::find(names.begin(), names.end(), name) == names.end())
            throw Error("unknown variant \"" + name + "\"");
    }
    variant_ = name;
}

std::vector<std::string> ProjectEditor::variant_names() const {
    std::vector<std::string> names;
    if (const Json* variants = find_pointer(document_, "/variants");
        variants && variants->is_object())
        for (auto it = variants->begin(); it != variants->end(); ++it) names.push_back(it.key());
    return names;
}

Json& ProjectEditor::stages() {
    return document_["stages"];
}

std::vector<std::string> ProjectEditor::stage_ids() const {
    std::vector<std::string> ids;
    for (const auto& stage : document_["stages"])
        if (stage.is_object()) ids.push_back(stage.value("id", ""));
    return ids;
}

const Json& ProjectEditor::base_stage(const std::string& stage_id) const {
    for (const auto& stage : document_["stages"])
        if (stage.is_object() && stage.value("id", "") == stage_id) return stage;
    throw Error("unknown stage \"" + stage_id + "\"");
}

Json& ProjectEditor::base_stage(const std::string& stage_id) {
    for (auto& stage : stages())
        if (stage.is_object() && stage.value("id", "") == stage_id) return stage;
    throw Error("unknown stage \"" + stage_id + "\"");
}

Json ProjectEditor::stage_spec(const std::string& stage_id) const {
    if (variant_.empty()) return base_stage(stage_id);
    Diagnostics ignored;  // an unknown stage in another override does not matter here
    const Json resolved = ProjectLoader::apply_variant(document_, variant_, ignored);
    for (const auto& stage : resolved["stages"])
        if (stage.is_object() && stage.value("id", "") == stage_id) return stage;
    throw Error("unknown stage \"" + stage_id + "\" in variant \"" + variant_ + "\"");
}

std::optional<Json> ProjectEditor::stage_value(const std::string& stage_id,
                                               const std::string& pointer) const {
    const Json spec = stage_spec(stage_id);
    if (const Json* value = find_pointer(spec, pointer)) return *value;
    return std::nullopt;
}

void ProjectEditor::store_stage(const std::string& stage_id, Json resolved) {
    if (variant_.empty()) {
        base_stage(stage_id) = std::move(resolved);
        return;
    }
    Json& overrides = document_["variants"][variant_];
    if (overrides.contains("stages") && overrides["stages"].is_array()) {
        // This variant replaces the whole stage list: edit its copy directly.
        for (auto& stage : overrides["stages"])
            if (stage.is_object() && stage.value("id", "") == stage_id) stage = std::move(resolved);
        return;
    }
    Json patch = merge_diff(base_stage(stage_id), resolved);
    if (patch.empty()) {
        overrides.erase(stage_id);
    } else {
        overrides[stage_id] = std::move(patch);  // in place when present, else appended
    }
}

void ProjectEditor::set_stage_value(const std::string& stage_id, const std::string& pointer,
                                    Json value) {
    const auto ptr = pointer_of(pointer);
    Json spec = stage_spec(stage_id);
    try {
        spec[ptr] = std::move(value);
    } catch (const nlohmann::json::exception& e) {
        throw Error("stage \"" + stage_id + "\": cannot set " + pointer + ": " + e.what());
    }
    store_stage(stage_id, std::move(spec));
}

void ProjectEditor::remove_stage_value(const std::string& stage_id, const std::string& pointer) {
    const auto ptr = pointer_of(pointer);
    Json spec = stage_spec(stage_id);
    if (!spec.contains(ptr)) return;
    Json& parent = spec[ptr.parent_pointer()];
    if (parent.is_object()) {
        parent.erase(ptr.back());
    } else if (parent.is_array()) {
        parent.erase(static_cast<std::size_t>(std::stoul(ptr.back())));
    }
    store_stage(stage_id, std::move(spec));
}

std::filesystem::path ProjectEditor::checked_path(const std::string& relative_path) const {
    const std::filesystem::path relative = std::filesystem::path(relative_path).lexically_normal();
    if (relative.empty() || relative.is_absolute() || *relative.begin() == "..")
        throw Error("\"" + relative_path + "\" is not a path inside the project folder");
    return dir_ / relative;
}

std::string ProjectEditor::file_text(const std::string& relative_path) const {
    if (const auto it = files_.find(relative_path); it != files_.end()) return it->second.text;
    const auto text = read_text(checked_path(relative_path));
    if (!text) throw Error("cannot read " + relative_path);
    return *text;
}

void ProjectEditor::set_file_text(const std::string& relative_path, std::string text) {
    const auto path = checked_path(relative_path);
    auto it = files_.find(relative_path);
    if (it == files_.end()) {
        // A file that does not exist yet (a variant's copy of a prompt) is "changed" once it has
        // text, since saving must create it.
        FileEdit edit;
        edit.saved = read_text(path).value_or("");
        edit.exists = std::filesystem::exists(path);
        it = files_.emplace(relative_path, std::move(edit)).first;
    }
    it->second.text = std::move(text);
}

void ProjectEditor::revert_file(const std::string& relative_path) {
    files_.erase(relative_path);
}

std::vector<std::string> ProjectEditor::changed_files() const {
    std::vector<std::string> changed;
    for (const auto& [path, edit] : files_)
        if (!edit.exists || edit.text != edit.saved) changed.push_back(path);
    return changed;
}

void ProjectEditor::create_variant(const std::string& name, Json overrides) {
    check_variant_name(name);
    if (!overrides.is_object())
        throw Error("variant \"" + name + "\": overrides must be an object");
    const auto names = variant_names();
    if (std::find(names.begin(), names.end(), name) != names.end())
        throw Error("a variant named \"" + name + "\" already exists");
    if (!document_.contains("variants") || !document_["variants"].is_object())
        document_["variants"] = Json::object();
    document_["variants"][name] = std::move(overrides);
}

void ProjectEditor::rename_variant(const std::string& old_name, const std::string& new_name) {
    if (old_name == new_name) return;
    check_variant_name(new_name);
    const auto names = variant_names();
    if (std::find(names.begin(), names.end(), old_name) == names.end())
        throw Error("unknown variant \"" + old_name + "\"");
    if (std::find(names.begin(), names.end(), new_name) != names.end())
        throw Error("a variant named \"" + new_name + "\" already exists");
    // Rebuild the object so the renamed variant keeps its place in the file.
    Json renamed = Json::object();
    for (auto& [key, value] : document_["variants"].items())
        renamed[key == old_name ? new_name : key] = std::move(value);
    document_["variants"] = std::move(renamed);
    if (variant_ == old_name) variant_ = new_name;
}

void ProjectEditor::delete_variant(const std::string& name) {
    const auto names = variant_names();
    if (std::find(names.begin(), names.end(), name) == names.end())
        throw Error("unknown variant \"" + name + "\"");
    document_["variants"].erase(name);
    if (variant_ == name) variant_.clear();
}

std::string ProjectEditor::variant_file_path(const std::string& path,
                                             const std::string& name) const {
    std::string slug;
    for (const char c : name)
        slug += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '-';
    const std::filesystem::path original(path);
    const std::string stem = (original.parent_path() / original.stem()).generic_string();
    const std::string extension = original.extension().string();
    for (int n = 1;; ++n) {
        const std::string candidate =
            stem + "." + slug + (n > 1 ? "-" + std::to_string(n) : "") + extension;
        if (!std::filesystem::exists(dir_ / candidate) && files_.count(candidate) == 0)
            return candidate;
    }
}

void ProjectEditor::move_edits_to_variant(const std::string& name) {
    check_variant_name(name);
    const auto names = variant_names();
    if (std::find(names.begin(), names.end(), name) != names.end())
        throw Error("a variant named \"" + name + "\" already exists");

    Json edited = Json::array();
    for (const auto& id : stage_ids()) edited.push_back(stage_spec(id));
    Json overrides = variant_overrides_from_edits(saved_, edited);
    // Keep what the active variant overrides outside the stages (models, embedders, corpora).
    if (!variant_.empty())
        for (const auto& [key, value] : document_["variants"][variant_].items())
            if (key == "models" || key == "embedders" || key == "corpora") overrides[key] = value;

    // Edited prompt files move to the variant's own copies; the originals stay as saved.
    const bool replaces_stages = overrides.contains("stages");
    for (const auto& path : changed_files()) {
        std::string copy;
        for (std::size_t i = 0; i < edited.size(); ++i)
            for (const char* key : {"prompt", "system"}) {
                if (edited[i].value(key, "") != path) continue;
                if (copy.empty()) copy = variant_file_path(path, name);
                const std::string id = edited[i].value("id", "");
                if (replaces_stages)
                    overrides["stages"][i][key] = copy;
                else
                    overrides[id][key] = copy;
            }
        if (copy.empty()) continue;  // not a prompt of any stage: stays a plain file edit
        std::string text = files_[path].text;
        revert_file(path);
        set_file_text(copy, std::move(text));
    }
    document_ = saved_;
    if (!document_.contains("variants") || !document_["variants"].is_object())
        document_["variants"] = Json::object();
    document_["variants"][name] = std::move(overrides);
    variant_ = name;
}

Json ProjectEditor::merge_diff(const Json& from, const Json& to) {
    if (!from.is_object() || !to.is_object()) return to;
    Json patch = Json::object();
    for (auto it = to.begin(); it != to.end(); ++it) {
        const auto old = from.find(it.key());
        if (old == from.end()) {
            patch[it.key()] = *it;
        } else if (*old != *it) {
            Json inner = merge_diff(*old, *it);
            // Objects that differ only in key order need no patch.
            if (!(inner.is_object() && inner.empty() && it->is_object())) patch[it.key()] = inner;
        }
    }
    for (auto it = from.begin(); it != from.end(); ++it)
        if (!to.contains(it.key())) patch[it.key()] = nullptr;
    return patch;
}

Json ProjectEditor::variant_overrides_from_edits(const Json& base_document,
                                                 const Json& edited_stages) {
    const Json empty = Json::array();
    const Json* base = find_pointer(base_document, "/stages");
    if (!base || !base->is_array()) base = &empty;
    const auto ids_of = [](const Json& list) {
        std::vector<std::string> ids;
        for (const auto& stage : list)
            ids.push_back(stage.is_object() ? stage.value("id", "") : "");
        return ids;
    };
    Json overrides = Json::object();
    if (!edited_stages.is_array() || ids_of(*base) != ids_of(edited_stages)) {
        overrides["stages"] = edited_stages;
        return overrides;
    }
    for (std::size_t i = 0; i < edited_stages.size(); ++i) {
        Json patch = merge_diff((*base)[i], edited_stages[i]);
        if (!patch.is_object() || !patch.empty())
            overrides[edited_stages[i].value("id", "")] = std::move(patch);
    }
    return overrides;
}

void ProjectEditor::save() {
    for (const auto& path : changed_files()) write_atomic(checked_path(path), files_[path].text);
    files_.clear();
    if (document_ != saved_) {
        write_atomic(dir_ / kProjectFile,
                     document_.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
        saved_ = document_;
    }
}

bool ProjectEditor::is_dirty() const {
    return document_ != saved_ || !changed_files().empty();
}

}  // namespace cascade
