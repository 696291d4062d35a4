#pragma once

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

#include "cascade/engine/engine.h"

// The GUI's single view of the engine: the open project (with its variant), the selected run
// and stage. Panels read from it and follow its signals; they never talk to each other.
class WorkbenchSession : public QObject {
    Q_OBJECT

public:
    explicit WorkbenchSession(QObject* parent = nullptr);

    const cascade::Engine& engine() const { return engine_; }

    // Loads and validates a project folder. On errors returns false; diagnostics() tells why
    // (they are also emitted through diagnosticsChanged for the Issues dock).
    bool openProject(const QString& dir, const QString& variant = {});
    // Re-reads the project from disk, e.g. after the stage editor saved.
    bool reloadProject();
    bool hasProject() const { return project_.has_value(); }
    const cascade::Project* project() const { return project_ ? &*project_ : nullptr; }
    QString projectDir() const { return dir_; }
    QString storePath() const;
    const cascade::Diagnostics& diagnostics() const { return diagnostics_; }

    QString variant() const { return variant_; }
    void setVariant(const QString& variant);

    qint64 currentRun() const { return run_id_; }
    void setCurrentRun(qint64 run_id);
    // Selects the most recent run of the project, if any.
    void selectLatestRun();

    QString currentStage() const { return stage_; }
    void setCurrentStage(const QString& stage);

    // Asks the views to show one item (a breadcrumb or the review list was clicked).
    void activateItem(const QString& stage, const QString& key);

    // Broadcasts, so every view refreshes from the store.
    void notifyRunsChanged() { emit runsChanged(); }
    void notifyLabelsChanged() { emit labelsChanged(); }

signals:
    void projectOpened();
    void diagnosticsChanged();
    void variantChanged(const QString& variant);
    void runSelected(qint64 run_id);
    void stageSelected(const QString& stage);
    void itemActivated(const QString& stage, const QString& key);
    void runsChanged();
    void labelsChanged();

private:
    cascade::Engine engine_;
    std::optional<cascade::Project> project_;
    cascade::Diagnostics diagnostics_;
    QString dir_;
    QString variant_;
    qint64 run_id_ = 0;
    QString stage_;
};
