#include "widgets/settingsdialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QSpinBox>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "cascade/project/project.h"
#include "widgets/displayformat.h"
#include "widgets/workbenchsettings.h"

using DisplayFormat::qstr;

SettingsDialog::SettingsDialog(WorkbenchSettings* settings, const cascade::Project* project,
                               QWidget* parent)
    : QDialog(parent), settings_(settings) {
    setWindowTitle(tr("Settings"));
    concurrency_ = new QSpinBox(this);
    concurrency_->setRange(0, 256);
    concurrency_->setSpecialValueText(tr("each model's own"));
    concurrency_->setValue(settings_->defaultConcurrency());
    concurrency_->setToolTip(tr("Overrides every model's max_concurrency when above 0"));
    offline_ = new QCheckBox(tr("Start with Offline on (serve calls only from the cache)"), this);
    offline_->setChecked(settings_->offlineByDefault());

    auto* runBox = new QGroupBox(tr("Runs"), this);
    auto* form = new QFormLayout(runBox);
    form->addRow(tr("Default concurrency:"), concurrency_);
    form->addRow(QString(), offline_);

    auto* keyBox = new QGroupBox(tr("API keys (read from environment variables)"), this);
    keys_ = new QTreeWidget(keyBox);
    keys_->setRootIsDecorated(false);
    keys_->setHeaderLabels({tr("Model"), tr("Provider model"), tr("Key variable"), tr("Key")});
    keys_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto* keyLayout = new QVBoxLayout(keyBox);
    keyLayout->addWidget(keys_);
    auto* hint = new QLabel(tr("Set a variable before starting the workbench, e.g. "
                               "<code>export OPENAI_API_KEY=…</code>. Keys are never stored."),
                            keyBox);
    hint->setWordWrap(true);
    keyLayout->addWidget(hint);
    fillKeys(project);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(runBox);
    layout->addWidget(keyBox, 1);
    layout->addWidget(buttons);
    resize(620, 420);
}

QString SettingsDialog::keyState(const QString& env_name) {
    if (env_name.isEmpty()) return tr("not needed");
    return qEnvironmentVariableIsEmpty(env_name.toLocal8Bit().constData()) ? tr("missing")
                                                                           : tr("present");
}

void SettingsDialog::fillKeys(const cascade::Project* project) {
    if (!project) {
        auto* row = new QTreeWidgetItem(keys_, {tr("(no project open)")});
        row->setDisabled(true);
        return;
    }
    auto* style = QApplication::style();
    auto add = [&](const QString& name, const QString& model, const QString& env) {
        const QString state = keyState(env);
        auto* row = new QTreeWidgetItem(keys_, {name, model, env.isEmpty() ? tr("-") : env, state});
        if (state == tr("missing"))
            row->setIcon(3, style->standardIcon(QStyle::SP_MessageBoxWarning));
        else if (state == tr("present"))
            row->setIcon(3, style->standardIcon(QStyle::SP_DialogApplyButton));
    };
    for (const auto& [name, model] : project->models)
        add(qstr(name), qstr(model.model), qstr(model.api_key_env));
    for (const auto& [name, embedder] : project->embedders)
        add(tr("%1 (embedder)").arg(qstr(name)), qstr(embedder.model.empty() ? embedder.provider : embedder.model),
            qstr(embedder.api_key_env));
}

void SettingsDialog::accept() {
    settings_->setDefaultConcurrency(concurrency_->value());
    settings_->setOfflineByDefault(offline_->isChecked());
    QDialog::accept();
}
