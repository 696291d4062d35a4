#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include "cascade/template/templatecontext.h"
#include "cascade/template/templatereference.h"

// One {{tag}} of a prompt, placed in the editor's text (UTF-16 positions), and whether the
// preview item's context resolves it.
struct TemplateTag {
    enum class Status {
        Known,
        Unknown,    // a variable the context cannot resolve: strict rendering would fail
        Unchecked,  // no context, inside a section this item skips, or a section name
    };
    int start = 0;
    int length = 0;
    cascade::TemplateReference::Kind kind = cascade::TemplateReference::Kind::variable;
    QString name;
    Status status = Status::Unchecked;
    QString toolTip;
};

// Checks a template's tags against a context the way rendering would meet them: a section's
// body is checked with the section's value (a list's first element) pushed, and a body the item
// would skip is not checked at all. Pure logic, so the highlighter and tests share it.
class TemplateCheck {
public:
    // `context` may be null (no preview item): tags are then only classified.
    static TemplateCheck run(const QString& text, const cascade::TemplateContext* context);

    const QString& parseError() const { return parse_error_; }
    const QList<TemplateTag>& tags() const { return tags_; }
    // Distinct unknown variable names, in order of first use.
    QStringList unknownNames() const;
    // The tag covering a text position, or nullptr.
    const TemplateTag* tagAt(int position) const;

private:
    void checkTags(const cascade::TemplateContext& context);
    // Tags found lexically, for a template that does not parse yet (typing a section).
    void scanTags(const QString& text);

    QString parse_error_;
    QList<TemplateTag> tags_;
};
