#pragma once

#include <QDialog>

class QCheckBox;
class QSpinBox;
class QTreeWidget;
class WorkbenchSettings;

namespace cascade {
struct Project;
}

// Run defaults, and which of the project's models and embedders have an API key in the
// environment. Keys are only ever read from environment variables; the dialog shows whether
// one is set, never its value.
class SettingsDialog : public QDialog {
    Q_OBJECT

public:
    SettingsDialog(WorkbenchSettings* settings, const cascade::Project* project,
                   QWidget* parent = nullptr);

    QTreeWidget* keysView() const { return keys_; }

    // "present", "missing" or "not needed" for an api_key_env name.
    static QString keyState(const QString& env_name);

    void accept() override;

private:
    void fillKeys(const cascade::Project* project);

    WorkbenchSettings* settings_;
    QSpinBox* concurrency_;
    QCheckBox* offline_;
    QTreeWidget* keys_;
};
