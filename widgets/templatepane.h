#pragma once

#include <QStringList>
#include <QWidget>

#include "cascade/core/json.h"

namespace cascade {
class ProjectEditor;
}

class PromptEditor;
class QLabel;
class QTabBar;
class QUndoStack;

// The templates of one stage, one tab each: the files it names ("prompt", "system") and its
// inline templates ("query", "text"), edited in a PromptEditor with the unknown variables
// listed below it. Reports edits; the stage editor makes them undoable commands.
class TemplatePane : public QWidget {
    Q_OBJECT

public:
    explicit TemplatePane(QUndoStack* undo_stack, QWidget* parent = nullptr);

    static bool isFileTemplate(const QString& key);

    // Shows the stage's templates, reading file texts (pending edits included) from `editor`.
    void showStage(const cascade::Json& spec, const cascade::ProjectEditor* editor);
    QStringList keys() const { return keys_; }
    QString currentKey() const;
    void showKey(const QString& key);
    // The file path of a file template, else the key: names the template in error messages.
    QString templateName() const;
    PromptEditor* editor() const { return prompt_; }

signals:
    void edited(const QString& key, const QString& text);
    void currentKeyChanged();

private:
    QTabBar* tabs_;
    PromptEditor* prompt_;
    QLabel* unknown_;
    QStringList keys_;
    cascade::Json spec_;
};
