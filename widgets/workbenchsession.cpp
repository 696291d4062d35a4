#include "widgets/workbenchsession.h"

#include <QDir>
#include <QFileInfo>

#include "cascade/store/runreader.h"

WorkbenchSession::WorkbenchSession(QObject* parent) : QObject(parent) {}

QString WorkbenchSession::storePath() const {
    return project_ ? QString::fromStdString(project_->store_path().string()) : QString();
}

bool WorkbenchSession::openProject(const QString& dir, const QString& variant) {
    auto opened = engine_.open(QDir(dir).absolutePath().toStdString(), variant.toStdString());
    diagnostics_ = std::move(opened.diagnostics);
    emit diagnosticsChanged();
    if (!opened.project) return false;
    const bool same_project = dir_ == QDir(dir).absolutePath();
    project_ = std::move(opened.project);
    dir_ = QDir(dir).absolutePath();
    variant_ = variant;
    if (!same_project || stage_.isEmpty() || !project_->stage(stage_.toStdString()))
        stage_ = project_->stages.empty() ? QString()
                                          : QString::fromStdString(project_->stages.front().id);
    emit projectOpened();
    if (!same_project) selectLatestRun();
    emit stageSelected(stage_);
    return true;
}

bool WorkbenchSession::reloadProject() { return openProject(dir_, variant_); }

void WorkbenchSession::setVariant(const QString& variant) {
    if (variant == variant_) return;
    if (openProject(dir_, variant)) emit variantChanged(variant_);
}

void WorkbenchSession::setCurrentRun(qint64 run_id) {
    if (run_id == run_id_) return;
    run_id_ = run_id;
    emit runSelected(run_id_);
}

void WorkbenchSession::selectLatestRun() {
    qint64 latest = 0;
    if (project_ && QFileInfo::exists(storePath())) {
        cascade::RunReader reader(storePath().toStdString());
        const auto runs = reader.runs();
        if (!runs.empty()) latest = runs.front().id;
    }
    run_id_ = -1;  // force the signal even when the id is unchanged
    setCurrentRun(latest);
}

void WorkbenchSession::setCurrentStage(const QString& stage) {
    if (stage == stage_) return;
    stage_ = stage;
    emit stageSelected(stage_);
}

void WorkbenchSession::activateItem(const QString& stage, const QString& key) {
    setCurrentStage(stage);
    emit itemActivated(stage, key);
}
