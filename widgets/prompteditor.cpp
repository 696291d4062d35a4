#include "widgets/prompteditor.h"

#include <algorithm>

#include <QFontDatabase>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QScrollBar>
#include <QToolTip>
#include <QUndoStack>

#include "widgets/templatehighlighter.h"

PromptEditor::PromptEditor(QUndoStack* undo_stack, QWidget* parent)
    : QPlainTextEdit(parent), undo_stack_(undo_stack) {
    setUndoRedoEnabled(false);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setTabChangesFocus(true);
    highlighter_ = new TemplateHighlighter(document());
    highlighter_->setPalette(palette());
    connect(highlighter_, &TemplateHighlighter::checked, this, &PromptEditor::checked);
    // textChanged also fires when the highlighter re-formats; only new text is an edit.
    connect(this, &QPlainTextEdit::textChanged, this, [this] {
        if (silent_) return;
        QString text = toPlainText();
        if (text == last_text_) return;
        last_text_ = text;
        emit userEdited(last_text_);
    });
}

void PromptEditor::setTextSilently(const QString& text) {
    last_text_ = text;
    if (text == toPlainText()) return;
    const int position = textCursor().position();
    const int scroll = verticalScrollBar()->value();
    silent_ = true;
    setPlainText(text);
    last_text_ = text;
    silent_ = false;
    QTextCursor cursor = textCursor();
    cursor.setPosition(std::min(position, static_cast<int>(text.size())));
    setTextCursor(cursor);
    verticalScrollBar()->setValue(scroll);
}

void PromptEditor::setContext(std::optional<cascade::TemplateContext> context) {
    highlighter_->setContext(std::move(context));
}

QStringList PromptEditor::unknownNames() const {
    return highlighter_->unknownNames();
}

bool PromptEditor::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int position = cursorForPosition(help->pos()).position();
        const TemplateTag* tag = highlighter_->check().tagAt(position);
        if (tag && !tag->toolTip.isEmpty())
            QToolTip::showText(help->globalPos(), tag->toolTip, this);
        else
            QToolTip::hideText();
        return true;
    }
    if (event->type() == QEvent::ShortcutOverride && undo_stack_) {
        // Claim Ctrl+Z / Ctrl+Shift+Z so they reach keyPressEvent and the shared stack, not a
        // window-level shortcut as well.
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo)) {
            event->accept();
            return true;
        }
    }
    return QPlainTextEdit::event(event);
}

void PromptEditor::keyPressEvent(QKeyEvent* event) {
    if (undo_stack_ && event->matches(QKeySequence::Undo)) {
        undo_stack_->undo();
        return;
    }
    if (undo_stack_ && event->matches(QKeySequence::Redo)) {
        undo_stack_->redo();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

void PromptEditor::changeEvent(QEvent* event) {
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) highlighter_->setPalette(palette());
}
