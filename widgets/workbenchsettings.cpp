#include "widgets/workbenchsettings.h"

#include <QDir>

namespace {

// The one table of keys and defaults.
struct Setting {
    const char* key;
    QVariant fallback;
};
const Setting kSettings[] = {
    {"run/defaultConcurrency", 0},
    {"run/offlineByDefault", false},
    {"projects/last", QString()},
    {"projects/recent", QStringList()},
    {"window/geometry", QByteArray()},
    {"window/state", QByteArray()},
};

QVariant defaultOf(const char* key) {
    for (const auto& s : kSettings)
        if (qstrcmp(s.key, key) == 0) return s.fallback;
    Q_ASSERT_X(false, "WorkbenchSettings", "setting without a default");
    return {};
}

QString normalised(const QString& dir) { return QDir::cleanPath(QDir(dir).absolutePath()); }

}  // namespace

WorkbenchSettings::WorkbenchSettings(const QString& ini_path)
    : settings_(ini_path, QSettings::IniFormat) {}

QVariant WorkbenchSettings::value(const char* key) const {
    return settings_.value(QLatin1String(key), defaultOf(key));
}

void WorkbenchSettings::setValue(const char* key, const QVariant& value) {
    settings_.setValue(QLatin1String(key), value);
}

int WorkbenchSettings::defaultConcurrency() const { return value("run/defaultConcurrency").toInt(); }
void WorkbenchSettings::setDefaultConcurrency(int v) { setValue("run/defaultConcurrency", v); }
bool WorkbenchSettings::offlineByDefault() const { return value("run/offlineByDefault").toBool(); }
void WorkbenchSettings::setOfflineByDefault(bool v) { setValue("run/offlineByDefault", v); }

QString WorkbenchSettings::lastProject() const { return value("projects/last").toString(); }
void WorkbenchSettings::setLastProject(const QString& dir) {
    setValue("projects/last", dir.isEmpty() ? QString() : normalised(dir));
}

QStringList WorkbenchSettings::recentProjects() const {
    return value("projects/recent").toStringList();
}

void WorkbenchSettings::addRecentProject(const QString& dir) {
    const QString path = normalised(dir);
    QStringList recent = recentProjects();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecentProjects) recent.removeLast();
    setValue("projects/recent", recent);
    setLastProject(path);
}

void WorkbenchSettings::removeRecentProject(const QString& dir) {
    QStringList recent = recentProjects();
    recent.removeAll(normalised(dir));
    setValue("projects/recent", recent);
    if (lastProject() == normalised(dir)) setLastProject({});
}

QByteArray WorkbenchSettings::windowGeometry() const {
    return value("window/geometry").toByteArray();
}
void WorkbenchSettings::setWindowGeometry(const QByteArray& v) { setValue("window/geometry", v); }
QByteArray WorkbenchSettings::windowState() const { return value("window/state").toByteArray(); }
void WorkbenchSettings::setWindowState(const QByteArray& v) { setValue("window/state", v); }
