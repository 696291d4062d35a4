#pragma once

#include <QDialog>
#include <QMap>

class QLabel;
class QListWidget;
class QPushButton;

// Lists a project's variants (with what each overrides) and lets the user rename, delete or
// switch to one. It only asks; the stage editor does the work and calls setVariants() again.
class VariantsDialog : public QDialog {
    Q_OBJECT

public:
    explicit VariantsDialog(QWidget* parent = nullptr);

    // `overrides` maps each name to its overrides as JSON text (shown as a tooltip and below).
    void setVariants(const QStringList& names, const QString& active,
                     const QMap<QString, QString>& overrides, bool unsaved_edits);
    QListWidget* list() const { return list_; }

signals:
    void renameRequested(const QString& old_name, const QString& new_name);
    void deleteRequested(const QString& name);
    void activateRequested(const QString& name);  // empty: the base config

private:
    QString selectedName() const;
    void updateButtons();

    QListWidget* list_;
    QLabel* details_;
    QLabel* warning_;
    QPushButton* activate_;
    QPushButton* base_;
    QPushButton* rename_;
    QPushButton* delete_;
    QMap<QString, QString> overrides_;
    QString active_;
};
