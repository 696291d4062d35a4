#include "widgets/templatepane.h"

#include <algorithm>

#include <QLabel>
#include <QSignalBlocker>
#include <QTabBar>
#include <QVBoxLayout>

#include "cascade/core/error.h"
#include "cascade/project/projecteditor.h"
#include "widgets/prompteditor.h"

namespace {

// Files the stage names first, then inline templates in cascade.json.
const char* const kTemplateKeys[] = {"prompt", "system", "query", "text"};

}  // namespace

TemplatePane::TemplatePane(QUndoStack* undo_stack, QWidget* parent) : QWidget(parent) {
    tabs_ = new QTabBar(this);
    tabs_->setDocumentMode(true);
    tabs_->setExpanding(false);
    prompt_ = new PromptEditor(undo_stack, this);
    unknown_ = new QLabel(this);
    unknown_->setWordWrap(true);
    unknown_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    unknown_->hide();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(tabs_);
    layout->addWidget(prompt_, 1);
    layout->addWidget(unknown_);

    connect(tabs_, &QTabBar::currentChanged, this, &TemplatePane::currentKeyChanged);
    connect(prompt_, &PromptEditor::userEdited, this,
            [this](const QString& text) { emit edited(currentKey(), text); });
    connect(prompt_, &PromptEditor::checked, this, [this] {
        const QStringList names = prompt_->unknownNames();
        unknown_->setVisible(!names.isEmpty());
        unknown_->setText(tr("Not known for the preview item: %1 (hover a tag for the known names)")
                              .arg(names.join(", ")));
    });
}

bool TemplatePane::isFileTemplate(const QString& key) {
    return key == "prompt" || key == "system";
}

QString TemplatePane::currentKey() const {
    const int index = tabs_->currentIndex();
    return index >= 0 && index < keys_.size() ? keys_[index] : QString();
}

void TemplatePane::showKey(const QString& key) {
    const int index = keys_.indexOf(key);
    if (index >= 0) tabs_->setCurrentIndex(index);
}

QString TemplatePane::templateName() const {
    const std::string key = currentKey().toStdString();
    if (isFileTemplate(currentKey()) && spec_.contains(key) && spec_[key].is_string())
        return QString::fromStdString(spec_[key].get<std::string>());
    return currentKey();
}

void TemplatePane::showStage(const cascade::Json& spec, const cascade::ProjectEditor* editor) {
    spec_ = spec.is_object() ? spec : cascade::Json::object();
    QStringList keys;
    for (const char* key : kTemplateKeys)
        if (spec_.contains(key) && spec_[key].is_string()) keys << key;
    if (keys != keys_) {
        const QString current = currentKey();
        const QSignalBlocker block(tabs_);
        while (tabs_->count() > 0) tabs_->removeTab(0);
        keys_ = keys;
        for (const QString& key : keys) {
            const bool file = isFileTemplate(key);
            const int index = tabs_->addTab(file ? key : tr("%1 (inline)").arg(key));
            tabs_->setTabToolTip(
                index, file ? QString::fromStdString(spec_[key.toStdString()].get<std::string>())
                            : tr("Inline template in cascade.json"));
        }
        tabs_->setCurrentIndex(std::max<int>(0, keys.indexOf(current)));
        // QTabBar skips this while its window is not shown yet, leaving the layout with the
        // height of an empty bar.
        tabs_->updateGeometry();
    }
    const QString key = currentKey();
    QString text;
    bool editable = !key.isEmpty() && editor;
    if (editable && isFileTemplate(key)) {
        try {
            text = QString::fromStdString(
                editor->file_text(spec_[key.toStdString()].get<std::string>()));
        } catch (const cascade::Error& e) {
            text = QString::fromStdString(e.what());
            editable = false;
        }
    } else if (editable) {
        text = QString::fromStdString(spec_[key.toStdString()].get<std::string>());
    }
    tabs_->setVisible(!keys_.isEmpty());
    prompt_->setReadOnly(!editable);
    prompt_->setPlaceholderText(key.isEmpty() ? tr("This stage has no prompt template")
                                              : QString());
    prompt_->setTextSilently(text);
}
