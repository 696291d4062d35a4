#pragma once

#include <QStringList>
#include <QWidget>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cascade/core/json.h"
#include "cascade/run/stageregistry.h"

namespace cascade {
class ProjectEditor;
}

class PromptEditor;
class PromptPreview;
class QLabel;
class QPushButton;
class QTimer;
class QUndoStack;
class StageSettingsForm;
class TemplatePane;
class VariantActions;
class WorkbenchSession;

// Edits the selected stage in place: model, params and thresholds, its prompt templates with a
// live preview for a chosen item, and the project's variants. Every edit is an undoable command
// on `undo_stack`; nothing reaches disk until save(). Follows the session's project and stage.
class StageEditor : public QWidget {
    Q_OBJECT

public:
    StageEditor(WorkbenchSession* session, QUndoStack* undo_stack, QWidget* parent = nullptr);
    ~StageEditor() override;

    bool isDirty() const;
    QString stage() const { return stage_; }
    // The template being edited: "prompt", "system" (files) or "query", "text" (inline).
    QString templateKey() const;
    QStringList templateKeys() const;
    void showTemplate(const QString& key);
    QStringList unknownVariables() const;

    cascade::ProjectEditor* projectEditor() const { return editor_.get(); }
    StageSettingsForm* settingsForm() const { return settings_; }
    PromptEditor* promptEditor() const;
    PromptPreview* preview() const { return preview_; }
    // The gate settings shown for a stage spec: its kind's, plus known ones it sets.
    std::vector<cascade::ThresholdSpec> thresholdsFor(const cascade::Json& spec) const;

public slots:
    // Writes cascade.json and the changed prompt files, then reloads the project. Ctrl+S.
    bool save();
    // An undoable edit of a gate setting (the sweep view's "Apply").
    void applyThreshold(const QString& stage, const QString& param, double value);
    // Moves the current edits into a new variant, saves and selects it.
    bool saveAsVariant(const QString& name);
    void saveAsVariantInteractive();
    // Variant changes are written at once (with any unsaved edits): runs read the file.
    bool renameVariant(const QString& old_name, const QString& new_name);
    bool deleteVariant(const QString& name);
    void showVariantsDialog();

signals:
    void dirtyChanged(bool dirty);
    void errorOccurred(const QString& message);

private:
    void onProjectOpened();
    void showStage(const QString& stage);
    void refresh();
    void onEditApplied(const std::string& stage, const QString& template_key);
    void pushStageValue(const std::string& stage, const std::string& pointer,
                        std::optional<cascade::Json> value);
    void onTemplateEdited(const QString& key, const QString& text);
    void reloadPreviewItems();
    void renderPreview();
    void updateDirty();
    void report(const QString& message, bool error);

    WorkbenchSession* session_;
    QUndoStack* undo_stack_;
    std::unique_ptr<cascade::ProjectEditor> editor_;
    QString editor_dir_;
    QString stage_;
    cascade::Json spec_;

    QLabel* title_;
    QPushButton* save_button_;
    StageSettingsForm* settings_;
    TemplatePane* templates_;
    PromptPreview* preview_;
    QLabel* status_icon_;
    QLabel* status_;
    QTimer* preview_timer_;
    VariantActions* variants_;
    bool dirty_ = false;
};
