#pragma once

#include <QDialog>
#include <QString>

namespace cascade {
class ProjectEditor;
}

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class WorkbenchSession;

// Every export in one dialog: a run's tuned config, the project's config (its variant baked
// in, optionally with the stage editor's unsaved edits), an HTML run report (optionally with
// the open comparison), a stage's items as CSV or JSON, and a generate stage's calls as a
// chat-format fine-tuning dataset (optionally only items labelled keep). Files are written
// by the engine's exporters on a worker thread; the result line says what was written or why
// it failed. Drive it without exec(): setters, then startExport() and finished().
class ExportDialog : public QDialog {
    Q_OBJECT

public:
    enum Kind { RunConfig, ProjectConfig, Report, ItemsCsv, ItemsJson, Dataset };
    Q_ENUM(Kind)

    explicit ExportDialog(WorkbenchSession* session, QWidget* parent = nullptr);

    Kind kind() const;
    qint64 run() const;
    QString stage() const;
    QString outputPath() const;
    // The result line as plain text.
    QString resultText() const;
    bool isBusy() const { return busy_; }
    bool lastSucceeded() const { return succeeded_; }

    // The stage editor's pending edits, for "project config" (may stay unset).
    void setProjectEditor(const cascade::ProjectEditor* editor);
    // The comparison open in the compare view, for the report; 0, 0 = none.
    void setComparisonRuns(qint64 run_a, qint64 run_b);

public slots:
    void setKind(Kind kind);
    void setRun(qint64 run_id);
    void setStage(const QString& stage);
    void setOutputPath(const QString& path);
    void setLabelledOnly(bool only);
    void setIncludeComparison(bool include);
    void setIncludeUnsavedEdits(bool include);
    // Writes the chosen export; false (with the reason in the result line) when it cannot
    // start. finished() follows a start.
    bool startExport();
    void browse();

signals:
    void finished(bool ok, const QString& message);

private:
    void fillRuns();
    void fillStages();
    void updateControls();
    void suggestPath();
    void showResult(bool ok, const QString& message);

    WorkbenchSession* session_;
    const cascade::ProjectEditor* editor_ = nullptr;
    QComboBox* kind_;
    QComboBox* run_;
    QComboBox* stage_;
    QLabel* run_label_;
    QLabel* stage_label_;
    QCheckBox* unsaved_;
    QCheckBox* comparison_;
    QCheckBox* labelled_;
    QLineEdit* path_;
    QLabel* result_;
    QDialogButtonBox* buttons_;
    QString result_text_;
    qint64 compare_a_ = 0;
    qint64 compare_b_ = 0;
    bool path_edited_ = false;
    bool busy_ = false;
    bool succeeded_ = false;
};
