#pragma once

#include <QString>
#include <QTemporaryDir>

#include <filesystem>

// A private copy of a sample project (without its run store), so tests never write into the
// source tree and always start from an empty history.
class SampleProjectCopy {
public:
    explicit SampleProjectCopy(const QString& sample) {
        namespace fs = std::filesystem;
        const fs::path from = fs::path(CASCADE_PROJECTS_DIR) / sample.toStdString();
        dir_path_ = QString::fromStdString((fs::path(tmp_.path().toStdString()) / sample.toStdString()).string());
        fs::copy(from, dir_path_.toStdString(), fs::copy_options::recursive);
        for (const char* name : {"runs.sqlite", "runs.sqlite-wal", "runs.sqlite-shm"})
            fs::remove(fs::path(dir_path_.toStdString()) / name);
    }
    bool isValid() const { return tmp_.isValid(); }
    QString dir() const { return dir_path_; }
    QString root() const { return tmp_.path(); }

private:
    QTemporaryDir tmp_;
    QString dir_path_;
};
