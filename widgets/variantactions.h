#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

namespace cascade {
class ProjectEditor;
}

class QUndoStack;
class QWidget;
class VariantsDialog;
class WorkbenchSession;

// The stage editor's variant commands: save the current edits as a new variant, rename and
// delete variants, and the Variants dialog. Each change is written at once, because runs and
// the variant picker read cascade.json, then the session reloads (selecting a new or renamed
// active variant).
class VariantActions : public QObject {
    Q_OBJECT

public:
    VariantActions(WorkbenchSession* session, QUndoStack* undo_stack, QWidget* dialog_parent);

    // The project being edited; null when none is open.
    void setEditor(cascade::ProjectEditor* editor) { editor_ = editor; }

    bool saveAsVariant(const QString& name);
    void saveAsVariantInteractive();
    bool renameVariant(const QString& old_name, const QString& new_name);
    bool deleteVariant(const QString& name);
    void showDialog();
    void updateDialog();

signals:
    void message(const QString& text, bool error);
    // The project was written: dirty state and views need a refresh.
    void saved();

private:
    bool commit(const QString& select_variant);

    WorkbenchSession* session_;
    QUndoStack* undo_stack_;
    QWidget* dialog_parent_;
    cascade::ProjectEditor* editor_ = nullptr;
    QPointer<VariantsDialog> dialog_;
};
