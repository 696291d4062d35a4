#pragma once

#include <QPlainTextEdit>

#include <optional>

#include "cascade/template/templatecontext.h"

class QUndoStack;
class TemplateHighlighter;

// A plain-text editor for Mustache prompt templates: tags highlighted, unknown variables
// underlined, tooltips on tags. Its own undo history is off: edits are reported through
// userEdited() and undone through the shared QUndoStack, which Ctrl+Z here also drives.
class PromptEditor : public QPlainTextEdit {
    Q_OBJECT

public:
    explicit PromptEditor(QUndoStack* undo_stack, QWidget* parent = nullptr);

    // Replaces the text without reporting an edit (loading a file, undo, redo), keeping the
    // cursor where it was as far as the new text allows.
    void setTextSilently(const QString& text);
    // The chosen preview item's context (nullopt: none); unknown variables are judged by it.
    void setContext(std::optional<cascade::TemplateContext> context);

    QStringList unknownNames() const;
    TemplateHighlighter* highlighter() const { return highlighter_; }

signals:
    void userEdited(const QString& text);
    // The list of unknown variables may have changed.
    void checked();

protected:
    bool event(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    QUndoStack* undo_stack_;
    TemplateHighlighter* highlighter_;
    bool silent_ = false;
    QString last_text_;  // the last text loaded or reported
};
