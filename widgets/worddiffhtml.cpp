#include "widgets/worddiffhtml.h"

#include "widgets/diffcolors.h"

namespace WordDiffHtml {

QString escape(const QString& text) {
    QString out = text.toHtmlEscaped();
    out.replace(QStringLiteral("\n"), QStringLiteral("<br>"));
    // QTextBrowser collapses spaces outside <pre>; keep indentation of JSON readable.
    out.replace(QStringLiteral("  "), QStringLiteral("&nbsp; "));
    return out;
}

QString render(const cascade::WordDiff::Result& diff, const QPalette& palette) {
    const QString added = DiffColors::better(palette).name();
    const QString removed = DiffColors::worse(palette).name();
    QString html;
    for (const auto& segment : diff.segments) {
        const QString text = escape(QString::fromStdString(segment.text));
        switch (segment.op) {
            case cascade::WordDiff::Op::Same:
                html += text;
                break;
            case cascade::WordDiff::Op::Added:
                html +=
                    QStringLiteral("<span style=\"color:%1; text-decoration:underline\">%2</span>")
                        .arg(added, text);
                break;
            case cascade::WordDiff::Op::Removed:
                html += QStringLiteral(
                            "<span style=\"color:%1; text-decoration:line-through\">%2</span>")
                            .arg(removed, text);
                break;
        }
    }
    return html;
}

QString diff(const std::string& a, const std::string& b, const QPalette& palette) {
    return render(cascade::WordDiff::diff(a, b), palette);
}

}  // namespace WordDiffHtml
