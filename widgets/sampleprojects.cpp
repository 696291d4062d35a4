#include "widgets/sampleprojects.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

const QStringList& SampleProjects::ids() {
    static const QStringList samples{QStringLiteral("hello-cascade"),
                                     QStringLiteral("shopping-hub")};
    return samples;
}

QStringList SampleProjects::searchDirs(const QStringList& extra) {
    QStringList dirs = extra;
    const QString env = qEnvironmentVariable("CASCADE_PROJECTS_DIR");
    if (!env.isEmpty()) dirs << env;
    const QString exe = QCoreApplication::applicationDirPath();
    dirs << exe + QStringLiteral("/../share/cascade/projects") << exe + QStringLiteral("/projects");
    // A build folder inside the source tree: walk up until a projects/ with a sample appears.
    QDir up(exe);
    for (int depth = 0; depth < 6 && up.cdUp(); ++depth)
        if (QFileInfo::exists(up.filePath(QStringLiteral("projects/hello-cascade/cascade.json"))))
            dirs << up.filePath(QStringLiteral("projects"));
    for (auto& dir : dirs) dir = QDir::cleanPath(dir);
    dirs.removeDuplicates();
    return dirs;
}

QString SampleProjects::findDir(const QString& id, const QStringList& extra) {
    for (const auto& base : searchDirs(extra)) {
        const QString dir = QDir(base).filePath(id);
        if (QFileInfo::exists(dir + QStringLiteral("/cascade.json")))
            return QDir(dir).absolutePath();
    }
    return {};
}

QList<SampleProjects::Sample> SampleProjects::find(const QStringList& extra) {
    QList<Sample> samples;
    for (const auto& id : ids()) {
        const QString dir = findDir(id, extra);
        if (dir.isEmpty()) continue;
        Sample sample{id, id, QString(), dir};
        // Only the display name and description; the engine does the real loading.
        QFile file(dir + QStringLiteral("/cascade.json"));
        if (file.open(QIODevice::ReadOnly)) {
            const auto json = QJsonDocument::fromJson(file.readAll()).object();
            sample.name = json.value(QStringLiteral("name")).toString(id);
            sample.description = json.value(QStringLiteral("description")).toString();
        }
        samples << sample;
    }
    return samples;
}
