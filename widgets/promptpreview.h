#pragma once

#include <QWidget>

#include <optional>

#include "cascade/template/templatecontext.h"
#include "widgets/previewsource.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;

// Renders the prompt being edited for one chosen input item: non-strict, so the preview shows
// what it can while the prompt is incomplete, with the strict-mode error (what a run would
// report) shown below it.
class PromptPreview : public QWidget {
    Q_OBJECT

public:
    explicit PromptPreview(QWidget* parent = nullptr);

    // Refills the item list, keeping the chosen item when it is still there.
    void setSource(PreviewSource source);
    std::optional<cascade::TemplateContext> currentContext() const { return context_; }
    void renderPrompt(const QString& template_text, const QString& template_name);

    QString renderedText() const;
    const QString& errorText() const { return error_; }
    QComboBox* itemBox() const { return items_; }

signals:
    // Another item was chosen: the editor re-checks its variables against it.
    void contextChanged();

private:
    void chooseItem(int index);
    void rerender();

    QComboBox* items_;
    QLabel* note_;
    QPlainTextEdit* text_;
    QLabel* status_icon_;
    QLabel* status_;
    PreviewSource source_;
    std::optional<cascade::TemplateContext> context_;
    QString template_text_;
    QString template_name_;
    QString error_;
};
