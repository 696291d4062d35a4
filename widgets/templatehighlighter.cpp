#include "widgets/templatehighlighter.h"

#include <algorithm>

#include <QTextDocument>

using Kind = cascade::TemplateReference::Kind;

TemplateHighlighter::TemplateHighlighter(QTextDocument* document)
    : QSyntaxHighlighter(static_cast<QObject*>(document)) {
    // Connected before setDocument() so the whole-text check runs before Qt re-formats the
    // changed blocks (slots run in connection order).
    connect(document, &QTextDocument::contentsChange, this, [this] { recheck(false); });
    setDocument(document);
    recheck(true);
}

void TemplateHighlighter::setContext(std::optional<cascade::TemplateContext> context) {
    context_ = std::move(context);
    recheck(true);
    rehighlight();
}

void TemplateHighlighter::setPalette(const QPalette& palette) {
    palette_ = palette;
    rehighlight();
}

void TemplateHighlighter::recheck(bool force) {
    if (!document()) return;
    // Re-formatting also reports a contents change; only new text needs a new check.
    QString text = document()->toPlainText();
    if (!force && text == checked_text_) return;
    checked_text_ = std::move(text);
    const QStringList before = check_.unknownNames();
    check_ = TemplateCheck::run(checked_text_, context_ ? &*context_ : nullptr);
    emit checked();
    // Typing can change how tags on other lines resolve (a section opened above them); only
    // the edited block is re-formatted by Qt, so refresh the rest when that happened.
    if (before != check_.unknownNames())
        QMetaObject::invokeMethod(this, &QSyntaxHighlighter::rehighlight, Qt::QueuedConnection);
}

QTextCharFormat TemplateHighlighter::formatFor(const TemplateTag& tag) const {
    QTextCharFormat format;
    switch (tag.kind) {
        case Kind::variable:
            format.setForeground(palette_.color(QPalette::Link));
            format.setFontWeight(QFont::DemiBold);
            break;
        case Kind::section:
        case Kind::inverted:
        case Kind::section_end:
            format.setForeground(palette_.color(QPalette::LinkVisited));
            format.setFontWeight(QFont::Bold);
            format.setFontItalic(tag.kind == Kind::inverted);
            break;
        case Kind::comment:
            format.setForeground(palette_.color(QPalette::PlaceholderText));
            format.setFontItalic(true);
            break;
    }
    if (tag.status == TemplateTag::Status::Unknown) {
        format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        format.setUnderlineColor(QColor(Qt::red));
    }
    format.setToolTip(tag.toolTip);
    return format;
}

void TemplateHighlighter::highlightBlock(const QString& text) {
    const int block_start = currentBlock().position();
    const int block_end = block_start + text.size();
    for (const auto& tag : check_.tags()) {
        const int start = std::max(tag.start, block_start);
        const int end = std::min(tag.start + tag.length, block_end);
        if (start < end) setFormat(start - block_start, end - start, formatFor(tag));
    }
}
