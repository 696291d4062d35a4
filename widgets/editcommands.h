#pragma once

#include <QElapsedTimer>
#include <QString>
#include <QUndoCommand>

#include <functional>
#include <optional>
#include <string>

#include "cascade/core/json.h"

namespace cascade {
class ProjectEditor;
}

// Undoable edits of a project through cascade::ProjectEditor. Each command calls `applied`
// after every redo and undo, so the stage editor refreshes its controls from the document.
using EditApplied = std::function<void()>;

// Sets (or, with nullopt, removes) one value inside a stage's spec. Undo restores the whole
// document as it was, so it also restores key order and variant overrides exactly.
// Consecutive edits of the same value within a short time merge (a slider drag, spin clicks).
class SetStageValueCommand : public QUndoCommand {
public:
    SetStageValueCommand(cascade::ProjectEditor* editor, std::string stage, std::string pointer,
                         std::optional<cascade::Json> value, EditApplied applied,
                         QUndoCommand* parent = nullptr);

    void redo() override;
    void undo() override;
    int id() const override { return 1; }
    bool mergeWith(const QUndoCommand* other) override;

    const std::string& stage() const { return stage_; }
    const std::string& pointer() const { return pointer_; }

private:
    cascade::ProjectEditor* editor_;
    std::string stage_;
    std::string pointer_;
    std::optional<cascade::Json> value_;
    EditApplied applied_;
    cascade::Json before_;
    std::optional<cascade::Json> after_;
    QElapsedTimer age_;
    bool sealed_ = false;  // undone or replayed: no longer takes merges
};

// Replaces a prompt file's text. Consecutive typing in the same file merges into one step
// until the typist pauses.
class SetPromptTextCommand : public QUndoCommand {
public:
    SetPromptTextCommand(cascade::ProjectEditor* editor, std::string path, std::string old_text,
                         std::string new_text, EditApplied applied, QUndoCommand* parent = nullptr);

    void redo() override;
    void undo() override;
    int id() const override { return 2; }
    bool mergeWith(const QUndoCommand* other) override;

    const std::string& path() const { return path_; }

private:
    cascade::ProjectEditor* editor_;
    std::string path_;
    std::string old_text_;
    std::string new_text_;
    EditApplied applied_;
    QElapsedTimer age_;
    bool pushed_ = false;
    bool sealed_ = false;
};
