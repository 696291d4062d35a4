#pragma once

#include <QApplication>
#include <QDir>
#include <QPalette>
#include <QString>
#include <QTest>
#include <QWidget>

// A dark palette like a desktop's dark mode, for checking that views only use palette roles.
inline QPalette darkPalette() {
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xe6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
    p.setColor(QPalette::Mid, QColor(0x50, 0x50, 0x50));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3a, 0x3a));
    p.setColor(QPalette::ToolTipBase, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
    return p;
}

// Saves a widget's rendering to $CASCADE_SCREENSHOT_DIR/<name>.png when that variable is set,
// so a person can look at what a test drove; with CASCADE_SCREENSHOT_DARK also <name>-dark.png
// under a dark palette. Does nothing otherwise.
inline void saveScreenshot(QWidget* widget, const QString& name) {
    const QString dir = qEnvironmentVariable("CASCADE_SCREENSHOT_DIR");
    if (dir.isEmpty()) return;
    QDir().mkpath(dir);
    QTest::qWait(100);  // pending layout requests (new labels, legend markers) settle first
    widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
    if (qEnvironmentVariableIsEmpty("CASCADE_SCREENSHOT_DARK")) return;
    const QPalette light = QApplication::palette();
    QApplication::setPalette(darkPalette());
    QTest::qWait(100);
    widget->grab().save(QDir(dir).filePath(name + QStringLiteral("-dark.png")));
    QApplication::setPalette(light);
    QTest::qWait(50);
}
