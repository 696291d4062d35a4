#include "widgets/variantactions.h"

#include <QInputDialog>
#include <QLineEdit>
#include <QUndoStack>

#include "cascade/core/error.h"
#include "cascade/project/projecteditor.h"
#include "widgets/variantsdialog.h"
#include "widgets/workbenchsession.h"

namespace {

QString q(const std::string& text) {
    return QString::fromStdString(text);
}

}  // namespace

VariantActions::VariantActions(WorkbenchSession* session, QUndoStack* undo_stack,
                               QWidget* dialog_parent)
    : QObject(dialog_parent),
      session_(session),
      undo_stack_(undo_stack),
      dialog_parent_(dialog_parent) {}

bool VariantActions::commit(const QString& select_variant) {
    try {
        editor_->save();
    } catch (const cascade::Error& e) {
        emit message(tr("Not saved: %1").arg(q(e.what())), true);
        return false;
    }
    // The undo history refers to documents without this change; replaying it would revert it.
    undo_stack_->clear();
    emit saved();
    const bool opened =
        select_variant != session_->variant()
            ? (session_->setVariant(select_variant), session_->variant() == select_variant)
            : session_->reloadProject();
    if (!opened)
        emit message(tr("Saved, but the project no longer loads: %1")
                         .arg(q(session_->diagnostics().format_errors())),
                     true);
    updateDialog();
    return opened;
}

bool VariantActions::saveAsVariant(const QString& name) {
    if (!editor_) return false;
    try {
        editor_->move_edits_to_variant(name.trimmed().toStdString());
    } catch (const cascade::Error& e) {
        emit message(q(e.what()), true);
        return false;
    }
    const bool ok = commit(q(editor_->variant()));
    if (ok)
        emit message(tr("Saved your edits as variant \u201c%1\u201d").arg(name.trimmed()), false);
    return ok;
}

void VariantActions::saveAsVariantInteractive() {
    bool ok = false;
    const QString name = QInputDialog::getText(
        dialog_parent_, tr("Save as variant"),
        tr("Name of the new variant (the base config keeps its saved values):"), QLineEdit::Normal,
        QString(), &ok);
    if (ok && !name.trimmed().isEmpty()) saveAsVariant(name);
}

bool VariantActions::renameVariant(const QString& old_name, const QString& new_name) {
    if (!editor_) return false;
    const bool active = session_->variant() == old_name;
    try {
        editor_->rename_variant(old_name.toStdString(), new_name.trimmed().toStdString());
    } catch (const cascade::Error& e) {
        emit message(q(e.what()), true);
        return false;
    }
    return commit(active ? new_name.trimmed() : session_->variant());
}

bool VariantActions::deleteVariant(const QString& name) {
    if (!editor_) return false;
    const bool active = session_->variant() == name;
    try {
        editor_->delete_variant(name.toStdString());
    } catch (const cascade::Error& e) {
        emit message(q(e.what()), true);
        return false;
    }
    return commit(active ? QString() : session_->variant());
}

void VariantActions::showDialog() {
    if (!dialog_) {
        dialog_ = new VariantsDialog(dialog_parent_);
        dialog_->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog_, &VariantsDialog::renameRequested, this,
                [this](const QString& a, const QString& b) { renameVariant(a, b); });
        connect(dialog_, &VariantsDialog::deleteRequested, this,
                [this](const QString& name) { deleteVariant(name); });
        connect(dialog_, &VariantsDialog::activateRequested, session_,
                &WorkbenchSession::setVariant);
    }
    updateDialog();
    dialog_->show();
    dialog_->raise();
}

void VariantActions::updateDialog() {
    if (!dialog_ || !editor_) return;
    QStringList names;
    QMap<QString, QString> overrides;
    for (const auto& name : editor_->variant_names()) {
        names << q(name);
        overrides.insert(q(name), q(editor_->document()["variants"][name].dump()));
    }
    dialog_->setVariants(names, q(editor_->variant()), overrides, editor_->is_dirty());
}
