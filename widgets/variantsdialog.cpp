#include "widgets/variantsdialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

VariantsDialog::VariantsDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Variants"));
    list_ = new QListWidget(this);
    details_ = new QLabel(this);
    details_->setWordWrap(true);
    details_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    warning_ = new QLabel(tr("Renaming or deleting writes cascade.json at once, together with "
                             "your unsaved edits."),
                          this);
    warning_->setWordWrap(true);
    activate_ = new QPushButton(tr("Use"), this);
    activate_->setToolTip(tr("Make this variant the active one (runs and edits use it)"));
    base_ = new QPushButton(tr("Use base config"), this);
    rename_ = new QPushButton(tr("Rename\u2026"), this);
    delete_ = new QPushButton(tr("Delete\u2026"), this);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);

    auto* buttons = new QVBoxLayout;
    for (auto* button : {activate_, base_, rename_, delete_}) buttons->addWidget(button);
    buttons->addStretch(1);
    auto* top = new QHBoxLayout;
    top->addWidget(list_, 1);
    top->addLayout(buttons);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(details_);
    layout->addWidget(warning_);
    layout->addWidget(close);

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(list_, &QListWidget::currentRowChanged, this, &VariantsDialog::updateButtons);
    connect(list_, &QListWidget::itemDoubleClicked, this, [this] { activate_->click(); });
    connect(activate_, &QPushButton::clicked, this,
            [this] { emit activateRequested(selectedName()); });
    connect(base_, &QPushButton::clicked, this, [this] { emit activateRequested(QString()); });
    connect(rename_, &QPushButton::clicked, this, [this] {
        const QString old_name = selectedName();
        bool ok = false;
        const QString new_name = QInputDialog::getText(this, tr("Rename variant"), tr("New name:"),
                                                       QLineEdit::Normal, old_name, &ok)
                                     .trimmed();
        if (ok && !new_name.isEmpty() && new_name != old_name)
            emit renameRequested(old_name, new_name);
    });
    connect(delete_, &QPushButton::clicked, this, [this] {
        const QString name = selectedName();
        if (QMessageBox::question(this, tr("Delete variant"),
                                  tr("Delete the variant \u201c%1\u201d from cascade.json?\n"
                                     "Its past runs stay in the run history.")
                                      .arg(name)) == QMessageBox::Yes)
            emit deleteRequested(name);
    });
    resize(520, 360);
}

void VariantsDialog::setVariants(const QStringList& names, const QString& active,
                                 const QMap<QString, QString>& overrides, bool unsaved_edits) {
    const QString selected = selectedName();
    overrides_ = overrides;
    active_ = active;
    list_->clear();
    for (const QString& name : names) {
        auto* item = new QListWidgetItem(name == active ? tr("%1 (active)").arg(name) : name);
        item->setData(Qt::UserRole, name);
        item->setToolTip(overrides.value(name));
        list_->addItem(item);
    }
    const int row = names.indexOf(selected.isEmpty() ? active : selected);
    list_->setCurrentRow(row >= 0 ? row : (names.isEmpty() ? -1 : 0));
    warning_->setVisible(unsaved_edits);
    base_->setEnabled(!active.isEmpty());
    updateButtons();
}

QString VariantsDialog::selectedName() const {
    const auto* item = list_->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void VariantsDialog::updateButtons() {
    const QString name = selectedName();
    activate_->setEnabled(!name.isEmpty() && name != active_);
    rename_->setEnabled(!name.isEmpty());
    delete_->setEnabled(!name.isEmpty());
    details_->setText(name.isEmpty() ? tr("No variants yet: edit a stage, then "
                                          "\u201cSave as variant\u2026\u201d.")
                                     : tr("Overrides: %1").arg(overrides_.value(name)));
}
