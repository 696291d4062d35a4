#include "widgets/itemsummary.h"

#include <QStringList>

#include <cmath>
#include <limits>

using cascade::Json;

namespace {

QString join_strings(const Json& array) {
    QStringList parts;
    for (const auto& element : array) {
        if (!element.is_string()) continue;
        parts << QString::fromStdString(element.get<std::string>());
        if (parts.size() >= 8) break;
    }
    QString text = parts.join(QStringLiteral(", "));
    if (static_cast<qsizetype>(array.size()) > parts.size() && !parts.isEmpty())
        text += QStringLiteral(", …");
    return text;
}

QString of_array(const Json& array) {
    const QString strings = join_strings(array);
    if (!strings.isEmpty()) return strings;
    return QStringLiteral("%1 elements").arg(array.size());
}

QString of_object(const Json& object) {
    const auto candidates = object.find("candidates");
    if (candidates != object.end() && candidates->is_array())
        return QStringLiteral("%1 candidates").arg(candidates->size());
    for (const char* field : ItemSummary::kPreferredFields) {
        const auto it = object.find(field);
        if (it != object.end() && it->is_string()) return QString::fromStdString(*it);
    }
    for (const auto& [key, value] : object.items())
        if (value.is_string()) return QString::fromStdString(value.get<std::string>());
    for (const auto& [key, value] : object.items())
        if (value.is_array())
            return QString::fromStdString(key) + QStringLiteral(": ") + of_array(value);
    return QString::fromStdString(object.dump());
}

}  // namespace

QString ItemSummary::of(const Json& data) {
    if (data.is_object()) return tidy(of_object(data));
    if (data.is_string()) return tidy(QString::fromStdString(data.get<std::string>()));
    if (data.is_array()) return tidy(of_array(data));
    if (data.is_null()) return {};
    return tidy(QString::fromStdString(data.dump()));
}

QString ItemSummary::tidy(const QString& text) {
    // Most summaries are already one tidy line: skip simplified()'s copy for them.
    bool clean = !text.isEmpty() && !text.front().isSpace() && !text.back().isSpace();
    for (qsizetype i = 0; clean && i < text.size(); ++i) {
        const QChar c = text[i];
        clean = !c.isSpace() || (c == QLatin1Char(' ') && text[i - 1] != QLatin1Char(' '));
    }
    QString line = clean ? text : text.simplified();
    if (line.size() > kMaxChars) line = line.left(kMaxChars - 1) + QChar(0x2026);
    return line;
}

double ItemSummary::mainScore(const Json& scores) {
    if (!scores.is_object()) return std::numeric_limits<double>::quiet_NaN();
    for (const char* field : kScoreFields) {
        const auto it = scores.find(field);
        if (it != scores.end() && it->is_number()) return it->get<double>();
    }
    for (const auto& [key, value] : scores.items())
        if (value.is_number()) return value.get<double>();
    return std::numeric_limits<double>::quiet_NaN();
}

QString ItemSummary::scoresLine(const Json& scores) {
    QStringList parts;
    if (!scores.is_object()) return {};
    for (const auto& [name, value] : scores.items()) {
        QString shown;
        if (value.is_number())
            shown = formatScore(value.get<double>());
        else if (value.is_boolean())
            shown = value.get<bool>() ? QStringLiteral("yes") : QStringLiteral("no");
        else if (value.is_string() && value.get_ref<const std::string&>().size() <= 40)
            shown = QString::fromStdString(value.get<std::string>());
        if (!shown.isEmpty()) parts << QString::fromStdString(name) + QLatin1Char(' ') + shown;
    }
    return parts.join(QStringLiteral(" · "));
}

QString ItemSummary::formatScore(double score) {
    if (std::isnan(score)) return {};
    if (score == std::floor(score) && std::abs(score) < 1e9) return QString::number(score, 'f', 0);
    return QString::number(score, 'f', 3);
}
