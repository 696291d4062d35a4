#include "widgets/startpage.h"

#include <QCommandLinkButton>
#include <QDir>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "widgets/sampleprojects.h"
#include "widgets/workbenchsettings.h"

namespace {

void clearLayout(QVBoxLayout* layout) {
    while (auto* child = layout->takeAt(0)) {
        delete child->widget();
        delete child;
    }
}

}  // namespace

StartPage::StartPage(WorkbenchSettings* settings, const QStringList& sample_dirs, QWidget* parent)
    : QWidget(parent), settings_(settings), sample_dirs_(sample_dirs) {
    auto* icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/app.svg")).pixmap(64, 64));
    auto* title = new QLabel(tr("Cascade Workbench"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    title->setFont(big);
    auto* subtitle = new QLabel(
        tr("Build, run and inspect cascaded LLM pipelines. Open a project folder (one with a "
           "cascade.json) or start from a sample."),
        this);
    subtitle->setWordWrap(true);
    message_ = new QLabel(this);
    message_->setWordWrap(true);
    message_->setVisible(false);
    auto* open = new QPushButton(QIcon::fromTheme(QStringLiteral("document-open")),
                                 tr("Open Project…"), this);
    connect(open, &QPushButton::clicked, this, &StartPage::browseRequested);

    auto* samplesBox = new QGroupBox(tr("Samples"), this);
    samples_ = new QVBoxLayout(samplesBox);
    auto* recentBox = new QGroupBox(tr("Recent projects"), this);
    recent_ = new QVBoxLayout(recentBox);

    auto* header = new QHBoxLayout;
    header->addWidget(icon);
    header->addWidget(title, 1);
    auto* column = new QVBoxLayout;
    column->addLayout(header);
    column->addWidget(subtitle);
    column->addWidget(message_);
    column->addWidget(open, 0, Qt::AlignLeft);
    column->addWidget(samplesBox);
    column->addWidget(recentBox);
    column->addStretch(1);
    auto* center = new QWidget(this);
    center->setLayout(column);
    center->setMaximumWidth(640);
    auto* outer = new QHBoxLayout(this);
    outer->addStretch(1);
    outer->addWidget(center, 3);
    outer->addStretch(1);
    refresh();
}

QWidget* StartPage::linkButton(const QString& title, const QString& detail, const QString& dir) {
    auto* button = new QCommandLinkButton(title, detail, this);
    button->setToolTip(dir);
    connect(button, &QCommandLinkButton::clicked, this, [this, dir] { emit openRequested(dir); });
    return button;
}

void StartPage::refresh() {
    clearLayout(samples_);
    clearLayout(recent_);
    const auto samples = SampleProjects::find(sample_dirs_);
    for (const auto& sample : samples) {
        // The first sentence fits the button; the whole description is its tooltip.
        QString blurb = sample.description.section(QStringLiteral(": "), 0, 0);
        if (blurb.size() > 110) blurb = blurb.left(108) + QStringLiteral("…");
        auto* button = linkButton(sample.name, blurb, sample.dir);
        button->setToolTip(sample.description + QStringLiteral("\n") + QDir::toNativeSeparators(sample.dir));
        samples_->addWidget(button);
    }
    if (samples.isEmpty())
        samples_->addWidget(new QLabel(tr("No samples found (set CASCADE_PROJECTS_DIR)."), this));
    int shown = 0;
    for (const auto& dir : settings_->recentProjects()) {
        if (!QFileInfo::exists(dir + QStringLiteral("/cascade.json"))) continue;
        recent_->addWidget(linkButton(QFileInfo(dir).fileName(), QDir::toNativeSeparators(dir), dir));
        ++shown;
    }
    if (shown == 0) recent_->addWidget(new QLabel(tr("None yet."), this));
}

void StartPage::setMessage(const QString& message) {
    message_->setText(message);
    message_->setVisible(!message.isEmpty());
}
