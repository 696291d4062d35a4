#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// The sample projects that ship with the workbench (hello-cascade, shopping-hub), looked up in
// $CASCADE_PROJECTS_DIR, next to the executable (../share/cascade/projects, projects/), and in
// the source tree's projects/ for a build that runs from its build folder.
class SampleProjects {
public:
    struct Sample {
        QString id;    // folder name, e.g. "hello-cascade"
        QString name;  // "name" from cascade.json
        QString description;
        QString dir;   // absolute path
    };

    static const QStringList& ids();  // the bundled samples, in menu order
    // The folders searched, in order; `extra` first (e.g. a compile-time source path).
    static QStringList searchDirs(const QStringList& extra = {});
    static QList<Sample> find(const QStringList& extra = {});
    static QString findDir(const QString& id, const QStringList& extra = {});
};
