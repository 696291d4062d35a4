#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cascade/core/json.h"

namespace cascade {

// Edits a project folder in memory: its cascade.json document (key order kept, new keys
// appended) and its prompt files, then writes them back. Stage edits go into the base config,
// or into the active variant's overrides when one is active. Every method that can fail throws
// cascade::Error with a message a person can read.
class ProjectEditor {
public:
    // Reads dir/cascade.json.
    explicit ProjectEditor(std::filesystem::path dir);

    const std::filesystem::path& dir() const { return dir_; }
    const Json& document() const { return document_; }
    // The document as last read or saved: the reference for "save edits as variant".
    const Json& saved_document() const { return saved_; }
    // Replaces the whole document (undo snapshots); files are untouched.
    void set_document(Json document) { document_ = std::move(document); }

    const std::string& variant() const { return variant_; }
    // Empty: edit the base config.
    void set_variant(const std::string& name);
    std::vector<std::string> variant_names() const;

    std::vector<std::string> stage_ids() const;
    // The stage as the active variant sees it: base merged with the overrides.
    Json stage_spec(const std::string& stage_id) const;
    // `pointer` is an RFC 6901 pointer inside the stage, e.g. "/params/temperature".
    std::optional<Json> stage_value(const std::string& stage_id, const std::string& pointer) const;
    void set_stage_value(const std::string& stage_id, const std::string& pointer, Json value);
    void remove_stage_value(const std::string& stage_id, const std::string& pointer);

    // Text of a project file (relative path): the pending edit, else what is on disk.
    std::string file_text(const std::string& relative_path) const;
    void set_file_text(const std::string& relative_path, std::string text);
    // Drops a pending edit of a file.
    void revert_file(const std::string& relative_path);
    std::vector<std::string> changed_files() const;

    void create_variant(const std::string& name, Json overrides);
    void rename_variant(const std::string& old_name, const std::string& new_name);
    void delete_variant(const std::string& name);

    // "Save these edits as a variant": per-stage JSON merge patches that turn the base
    // document's stages into `edited_stages` (or one "stages" replacement when stages were
    // added, removed or reordered). Stages without differences are left out.
    static Json variant_overrides_from_edits(const Json& base_document, const Json& edited_stages);
    // Turns every pending edit into a new variant: stage edits (as the active variant resolves
    // them) become its overrides, and an edited prompt file is written to a copy named after
    // the variant ("prompts/tagline.md" -> "prompts/tagline.short.md") that the variant points
    // at. The base (and the previously active variant) go back to their saved state, and the new
    // variant becomes the active one. Nothing changes when the name is invalid or taken.
    void move_edits_to_variant(const std::string& name);
    // The smallest merge patch turning `from` into `to`.
    static Json merge_diff(const Json& from, const Json& to);

    // Writes the changed prompt files, then cascade.json (2-space indent, trailing newline),
    // each through a temporary file and a rename.
    void save();
    bool is_dirty() const;

private:
    struct FileEdit {
        std::string saved;  // on disk when the edit began
        std::string text;
        bool exists = true;
    };

    Json& stages();
    const Json& base_stage(const std::string& stage_id) const;
    Json& base_stage(const std::string& stage_id);
    // Writes a resolved stage back: into the base, or as the active variant's patch.
    void store_stage(const std::string& stage_id, Json resolved);
    std::filesystem::path checked_path(const std::string& relative_path) const;
    // A free file name for a variant's copy of a prompt file.
    std::string variant_file_path(const std::string& path, const std::string& name) const;

    std::filesystem::path dir_;
    Json document_;
    Json saved_;
    std::string variant_;
    std::map<std::string, FileEdit> files_;
};

}  // namespace cascade
