#pragma once

#include <QByteArray>
#include <QSettings>
#include <QStringList>

// Typed access to the workbench's persisted settings. Every key and its default live in the
// table at the top of workbenchsettings.cpp, nowhere else.
class WorkbenchSettings {
public:
    static constexpr int kMaxRecentProjects = 8;

    WorkbenchSettings() = default;
    // For tests: an explicit INI file instead of the user's settings.
    explicit WorkbenchSettings(const QString& ini_path);

    int defaultConcurrency() const;  // 0 = each model's own max_concurrency
    void setDefaultConcurrency(int value);
    bool offlineByDefault() const;
    void setOfflineByDefault(bool value);

    QString lastProject() const;
    void setLastProject(const QString& dir);
    QStringList recentProjects() const;  // most recent first
    void addRecentProject(const QString& dir);  // also makes it the last project
    void removeRecentProject(const QString& dir);

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& value);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& value);

private:
    QVariant value(const char* key) const;
    void setValue(const char* key, const QVariant& value);

    mutable QSettings settings_;
};
