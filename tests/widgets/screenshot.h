#pragma once

#include <QDir>
#include <QString>
#include <QWidget>

// Saves a widget's rendering to $CASCADE_SCREENSHOT_DIR/<name>.png when that variable is set,
// so a person can look at what a test drove. Does nothing otherwise.
inline void saveScreenshot(QWidget* widget, const QString& name) {
    const QString dir = qEnvironmentVariable("CASCADE_SCREENSHOT_DIR");
    if (dir.isEmpty()) return;
    QDir().mkpath(dir);
    widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}
