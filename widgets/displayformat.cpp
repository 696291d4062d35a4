#include "widgets/displayformat.h"

#include <QDateTime>
#include <QFile>
#include <QLocale>
#include <QObject>

#include "widgets/workbenchresources.h"

namespace DisplayFormat {

QString qstr(const std::string& text) { return QString::fromStdString(text); }

QString count(qint64 value) {
    if (value >= 10'000'000) return QString::number(value / 1e6, 'f', 1) + QStringLiteral("M");
    return QLocale::c().toString(value);
}

QString tokens(qint64 value) {
    if (value < 1000) return QString::number(value);
    if (value < 1'000'000) return QString::number(value / 1e3, 'f', 1) + QStringLiteral("k");
    return QString::number(value / 1e6, 'f', 2) + QStringLiteral("M");
}

QString cost(double dollars) {
    if (dollars <= 0.0) return QStringLiteral("$0");
    if (dollars < 0.01) return QStringLiteral("$") + QString::number(dollars, 'f', 4);
    if (dollars < 100) return QStringLiteral("$") + QString::number(dollars, 'f', 2);
    return QStringLiteral("$") + QLocale::c().toString(dollars, 'f', 0);
}

QString latency(double ms) {
    if (ms <= 0.0) return QStringLiteral("-");
    if (ms < 1000) return QString::number(qRound(ms)) + QStringLiteral(" ms");
    return QString::number(ms / 1000.0, 'f', 1) + QStringLiteral(" s");
}

QString localTime(const std::string& iso_utc) {
    auto when = QDateTime::fromString(qstr(iso_utc), Qt::ISODateWithMs);
    if (!when.isValid()) when = QDateTime::fromString(qstr(iso_utc), Qt::ISODate);
    if (!when.isValid()) return qstr(iso_utc);
    if (when.timeSpec() == Qt::LocalTime) when.setTimeSpec(Qt::UTC);  // the store writes UTC
    return when.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString replySource(cascade::ReplySource source) {
    switch (source) {
        case cascade::ReplySource::Live:
            return QObject::tr("live reply");
        case cascade::ReplySource::Recorded:
            return QObject::tr("recorded reply (recordings/, not live model output)");
        case cascade::ReplySource::Imported:
            return QObject::tr("imported reply");
    }
    return {};
}

QIcon stageKindIcon(const QString& kind) {
    initWorkbenchResources();
    const QString path = QStringLiteral(":/icons/%1.svg").arg(kind);
    return QIcon(QFile::exists(path) ? path : QStringLiteral(":/icons/stage.svg"));
}

}  // namespace DisplayFormat
