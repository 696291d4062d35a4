#pragma once

#include <QPalette>
#include <QSyntaxHighlighter>

#include <optional>

#include "cascade/template/templatecontext.h"
#include "widgets/templatecheck.h"

class QTextDocument;

// Highlights a prompt's Mustache tags: variables, sections and comments each in their own
// palette-derived format, and variables the preview context cannot resolve with a wavy red
// underline. The whole text is re-checked on every change (prompts are small), before the
// changed lines are re-formatted.
class TemplateHighlighter : public QSyntaxHighlighter {
    Q_OBJECT

public:
    explicit TemplateHighlighter(QTextDocument* document);

    // The context of the chosen preview item; nullopt: nothing is reported unknown.
    void setContext(std::optional<cascade::TemplateContext> context);
    void setPalette(const QPalette& palette);

    const TemplateCheck& check() const { return check_; }
    QStringList unknownNames() const { return check_.unknownNames(); }
    // The format a tag gets; exposed so tests can see what the user sees.
    QTextCharFormat formatFor(const TemplateTag& tag) const;

signals:
    // After every re-check, e.g. to refresh a list of unknown names.
    void checked();

protected:
    void highlightBlock(const QString& text) override;

private:
    void recheck(bool force);

    std::optional<cascade::TemplateContext> context_;
    TemplateCheck check_;
    QString checked_text_;
    QPalette palette_;
};
