#include "widgets/promptpreview.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalBlocker>
#include <QStyle>
#include <QVBoxLayout>

#include "cascade/core/error.h"
#include "cascade/template/mustachetemplate.h"

PromptPreview::PromptPreview(QWidget* parent) : QWidget(parent) {
    items_ = new QComboBox(this);
    items_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    items_->setMinimumContentsLength(24);
    items_->setToolTip(tr("The item the prompt is rendered for"));
    note_ = new QLabel(this);
    note_->setWordWrap(true);
    note_->setForegroundRole(QPalette::PlaceholderText);
    text_ = new QPlainTextEdit(this);
    text_->setReadOnly(true);
    text_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text_->setPlaceholderText(tr("Nothing to preview"));
    status_icon_ = new QLabel(this);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* pick = new QHBoxLayout;
    pick->addWidget(new QLabel(tr("Preview for"), this));
    pick->addWidget(items_, 1);
    auto* status = new QHBoxLayout;
    status->addWidget(status_icon_, 0, Qt::AlignTop);
    status->addWidget(status_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(pick);
    layout->addWidget(note_);
    layout->addWidget(text_, 1);
    layout->addLayout(status);

    connect(items_, &QComboBox::currentIndexChanged, this, &PromptPreview::chooseItem);
}

void PromptPreview::setSource(PreviewSource source) {
    const QString key = items_->currentData().toString();
    source_ = std::move(source);
    {
        const QSignalBlocker block(items_);
        items_->clear();
        for (int i = 0; i < source_.size(); ++i)
            items_->addItem(source_.label(i), QString::fromStdString(source_.item(i).key));
        const int keep = items_->findData(key);
        items_->setCurrentIndex(keep >= 0 ? keep : (source_.size() > 0 ? 0 : -1));
    }
    note_->setText(source_.note());
    chooseItem(items_->currentIndex());
}

void PromptPreview::chooseItem(int index) {
    context_.reset();
    if (index >= 0 && index < source_.size()) {
        try {
            context_ = source_.context(index);
        } catch (const cascade::Error& e) {
            note_->setText(QString::fromStdString(e.what()));
        }
    }
    rerender();
    emit contextChanged();
}

void PromptPreview::renderPrompt(const QString& template_text, const QString& template_name) {
    template_text_ = template_text;
    template_name_ = template_name;
    rerender();
}

QString PromptPreview::renderedText() const {
    return text_->toPlainText();
}

void PromptPreview::rerender() {
    QString rendered;
    error_.clear();
    if (template_name_.isEmpty()) {
        error_ = tr("This stage has no template to preview");
    } else if (!context_) {
        error_ = tr("No item to render the prompt for");
    } else {
        try {
            const auto parsed = cascade::MustacheTemplate::parse(template_text_.toStdString(),
                                                                 template_name_.toStdString());
            cascade::TemplateOptions lenient;
            lenient.strict = false;
            rendered = QString::fromStdString(parsed.render(*context_, lenient));
            try {
                parsed.render(*context_);  // strict, as a run renders
            } catch (const cascade::Error& e) {
                error_ = QString::fromStdString(e.what());
            }
        } catch (const cascade::Error& e) {
            error_ = QString::fromStdString(e.what());
        }
    }
    text_->setPlainText(rendered);
    const bool ok = error_.isEmpty();
    const auto icon =
        style()->standardIcon(ok ? QStyle::SP_DialogApplyButton : QStyle::SP_MessageBoxWarning);
    const int size = status_->fontMetrics().height();
    status_icon_->setPixmap(icon.pixmap(size, size));
    // A rough size, ~4 characters per token, so a prompt's growth is visible while editing.
    status_->setText(ok ? tr("Renders in strict mode: %1 characters, ~%2 tokens")
                              .arg(rendered.size())
                              .arg((rendered.toUtf8().size() + 3) / 4)
                        : error_);
}
