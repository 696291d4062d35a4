#include "widgets/reasongrouper.h"

#include <QObject>
#include <QRegularExpression>

namespace {

const QString kComparator = QStringLiteral("(?:<=|>=|==|!=|<|>|≤|≥)");
const QString kNumber = QStringLiteral("-?\\d+(?:\\.\\d+)?");

}  // namespace

QString ReasonGrouper::group(const QString& reason) {
    static const QRegularExpression quoted(
        QStringLiteral("(?<!\\w)'[^']*'(?!\\w)|\"[^\"]*\"|“[^”]*”|‘[^’]*’"));
    static const QRegularExpression measured(kNumber + QStringLiteral("\\s*(") + kComparator +
                                             QStringLiteral(")"));
    static const QRegularExpression threshold(kComparator + QStringLiteral("\\s*") + kNumber);
    // A number on its own, not part of a word (title-length, u17) nor a threshold ("< 3").
    static const QRegularExpression loose(
        QStringLiteral("(?<![\\w.\\-])(?<![<>=≤≥]\\s)(?<![<>=≤≥])") + kNumber +
        QStringLiteral("(?![\\w.])"));
    static const QRegularExpression parenthetical(QStringLiteral("\\s*\\([^()]*\\)"));
    static const QRegularExpression spaces(QStringLiteral("\\s+"));

    QString text = reason;
    text.replace(quoted, QStringLiteral("…"));
    text.replace(parenthetical, QString());  // "(u01/themes/1/...)": which item, not why
    text.replace(measured, QStringLiteral("\\1"));
    const auto comparison = threshold.match(text);
    if (comparison.hasMatch()) {
        const qsizetype colon = text.indexOf(QLatin1Char(':'), comparison.capturedEnd());
        if (colon >= 0) text.truncate(colon);
    }
    text.replace(loose, QStringLiteral("N"));
    text.replace(spaces, QStringLiteral(" "));
    text = text.trimmed();
    if (text.size() > 120) text = text.left(119) + QChar(0x2026);
    return text.isEmpty() ? QObject::tr("(no reason given)") : text;
}
