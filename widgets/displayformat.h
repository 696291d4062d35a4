#pragma once

#include <QIcon>
#include <QString>

#include <string>

#include "cascade/core/replysource.h"

// How numbers, money and times read everywhere in the workbench, so every panel agrees.
namespace DisplayFormat {

QString qstr(const std::string& text);
QString count(qint64 value);        // 1234 -> "1,234"; 12345678 -> "12.3M"
QString tokens(qint64 value);       // 1234 -> "1.2k"
QString cost(double dollars);       // "$0.0123", "$12.40", "$0" for zero
QString latency(double ms);         // "340 ms", "1.2 s"; "-" for none
QString localTime(const std::string& iso_utc);  // "2024-05-01 14:03" in local time
// Where a model reply came from, said so that a recorded one is never read as live output:
// "live reply", "recorded reply (recordings/, not live model output)", "imported reply".
QString replySource(cascade::ReplySource source);
// The SVG icon of a stage kind (resources/icons/<kind>.svg), a neutral one for unknown kinds.
QIcon stageKindIcon(const QString& kind);

}  // namespace DisplayFormat
