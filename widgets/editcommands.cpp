#include "widgets/editcommands.h"

#include <QCoreApplication>

#include "cascade/project/projecteditor.h"

namespace {

// Edits closer together than this are one undo step; a pause starts a new one.
constexpr qint64 kMergeWindowMs = 1500;

QString short_pointer(const std::string& pointer) {
    QString text = QString::fromStdString(pointer);
    if (text.startsWith('/')) text.remove(0, 1);
    return text.replace('/', '.');
}

}  // namespace

SetStageValueCommand::SetStageValueCommand(cascade::ProjectEditor* editor, std::string stage,
                                           std::string pointer, std::optional<cascade::Json> value,
                                           EditApplied applied, QUndoCommand* parent)
    : QUndoCommand(parent),
      editor_(editor),
      stage_(std::move(stage)),
      pointer_(std::move(pointer)),
      value_(std::move(value)),
      applied_(std::move(applied)),
      before_(editor->document()) {
    setText(QCoreApplication::translate("StageEditor", "Set %1 of %2")
                .arg(short_pointer(pointer_), QString::fromStdString(stage_)));
    age_.start();
}

void SetStageValueCommand::redo() {
    if (after_) {
        sealed_ = true;  // replayed: a new edit starts a new step
        editor_->set_document(*after_);
    } else {
        // First run: let the editor place the value (base or variant overrides), then keep the
        // result so a redo after an undo is exact.
        if (value_)
            editor_->set_stage_value(stage_, pointer_, *value_);
        else
            editor_->remove_stage_value(stage_, pointer_);
        after_ = editor_->document();
    }
    if (applied_) applied_();
}

void SetStageValueCommand::undo() {
    sealed_ = true;
    editor_->set_document(before_);
    if (applied_) applied_();
}

bool SetStageValueCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = static_cast<const SetStageValueCommand*>(other);
    if (sealed_ || next->stage_ != stage_ || next->pointer_ != pointer_ ||
        age_.elapsed() > kMergeWindowMs)
        return false;
    value_ = next->value_;
    after_ = next->after_;
    age_.restart();
    return true;
}

SetPromptTextCommand::SetPromptTextCommand(cascade::ProjectEditor* editor, std::string path,
                                           std::string old_text, std::string new_text,
                                           EditApplied applied, QUndoCommand* parent)
    : QUndoCommand(parent),
      editor_(editor),
      path_(std::move(path)),
      old_text_(std::move(old_text)),
      new_text_(std::move(new_text)),
      applied_(std::move(applied)) {
    setText(
        QCoreApplication::translate("StageEditor", "Edit %1").arg(QString::fromStdString(path_)));
    age_.start();
}

void SetPromptTextCommand::redo() {
    sealed_ = pushed_;  // replayed after an undo: typing on starts a new step
    pushed_ = true;
    editor_->set_file_text(path_, new_text_);
    if (applied_) applied_();
}

void SetPromptTextCommand::undo() {
    sealed_ = true;
    editor_->set_file_text(path_, old_text_);
    if (applied_) applied_();
}

bool SetPromptTextCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = static_cast<const SetPromptTextCommand*>(other);
    if (sealed_ || next->path_ != path_ || age_.elapsed() > kMergeWindowMs) return false;
    new_text_ = next->new_text_;
    age_.restart();
    return true;
}
