#include "widgets/runcontrolbar.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>

#include <set>

#include "widgets/displayformat.h"
#include "widgets/runbridge.h"
#include "widgets/workbenchsession.h"
#include "widgets/workbenchsettings.h"

using DisplayFormat::qstr;

namespace {

QToolButton* actionButton(QAction* action, QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setAutoRaise(true);
    return button;
}

}  // namespace

RunControlBar::RunControlBar(WorkbenchSession* session, RunBridge* bridge,
                             WorkbenchSettings* settings, QWidget* parent)
    : QWidget(parent), session_(session), bridge_(bridge), settings_(settings) {
    run_ = new QAction(QIcon(QStringLiteral(":/icons/run.svg")), tr("&Run"), this);
    run_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    run_->setToolTip(tr("Run the pipeline (Ctrl+R); unchanged stages are reused"));
    run_from_ = new QAction(QIcon(QStringLiteral(":/icons/runfrom.svg")),
                            tr("Run &from Selected Stage"), this);
    run_from_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    cancel_ = new QAction(QIcon(QStringLiteral(":/icons/cancel.svg")), tr("&Cancel Run"), this);
    cancel_->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(run_, &QAction::triggered, this, [this] { startRun(false); });
    connect(run_from_, &QAction::triggered, this, [this] { startRun(true); });
    connect(cancel_, &QAction::triggered, bridge_, &RunBridge::cancel);

    limit_ = new QSpinBox(this);
    limit_->setRange(0, 1'000'000);
    limit_->setSpecialValueText(tr("all inputs"));
    limit_->setPrefix(tr("first "));
    limit_->setToolTip(tr("Only run the first N inputs (0 = all)"));
    offline_ = new QCheckBox(tr("Offline"), this);
    offline_->setToolTip(tr("Serve model calls only from the cache and the project's recordings"));
    offline_->setChecked(settings_->offlineByDefault());
    variant_ = new QComboBox(this);
    variant_->setToolTip(tr("Variant of the project to run"));
    variant_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(variant_, &QComboBox::activated, this, [this](int index) {
        session_->setVariant(variant_->itemData(index).toString());
    });
    connect(offline_, &QCheckBox::toggled, this, &RunControlBar::updateKeyWarning);

    key_warning_ = new QLabel(this);
    key_warning_->setTextFormat(Qt::PlainText);
    run_offline_ = new QPushButton(tr("Run offline (recordings)"), this);
    connect(run_offline_, &QPushButton::clicked, this, [this] {
        setOffline(true);
        startRun(false);
    });
    counters_ = new QLabel(this);
    counters_->setTextFormat(Qt::PlainText);
    counters_->setForegroundRole(QPalette::PlaceholderText);
    counters_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // never widens the window
    counters_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(actionButton(run_, this));
    layout->addWidget(actionButton(run_from_, this));
    layout->addWidget(actionButton(cancel_, this));
    layout->addSpacing(8);
    layout->addWidget(new QLabel(tr("Inputs:"), this));
    layout->addWidget(limit_);
    layout->addWidget(offline_);
    layout->addWidget(new QLabel(tr("Variant:"), this));
    layout->addWidget(variant_);
    layout->addSpacing(8);
    layout->addWidget(key_warning_);
    layout->addWidget(run_offline_);
    layout->addWidget(counters_, 1);

    connect(session_, &WorkbenchSession::projectOpened, this, &RunControlBar::onProjectOpened);
    connect(session_, &WorkbenchSession::stageSelected, this, &RunControlBar::updateActions);
    connect(bridge_, &RunBridge::runStarted, this, [this](qint64 run_id) {
        live_.clear();
        showTotals(tr("Run %1 running").arg(run_id));
        updateActions();
    });
    connect(bridge_, &RunBridge::stagesProgressed, this, &RunControlBar::onStagesProgressed);
    connect(bridge_, &RunBridge::runEnded, this, [this](const cascade::RunEnded& ended) {
        showTotals(tr("Run %1 %2").arg(ended.run_id).arg(qstr(ended.status)));
        updateActions();
    });
    onProjectOpened();
}

cascade::RunOptions RunControlBar::options() const {
    cascade::RunOptions options;
    options.limit = limit_->value();
    options.offline = offline_->isChecked();
    options.concurrency = settings_->defaultConcurrency();
    return options;
}

void RunControlBar::setOffline(bool offline) { offline_->setChecked(offline); }
void RunControlBar::setLimit(int limit) { limit_->setValue(limit); }

bool RunControlBar::startRun(bool from_selected) {
    if (!session_->hasProject() || bridge_->isRunning()) return false;
    auto options = this->options();
    if (from_selected) options.rerun_from = session_->currentStage().toStdString();
    const bool started = bridge_->start(*session_->project(), options);
    if (started) counters_->setText(tr("Starting…"));
    updateActions();
    return started;
}

QString RunControlBar::countersText() const { return counters_->text(); }
QString RunControlBar::keyWarningText() const {
    return key_warning_->isVisible() ? key_warning_->text() : QString();
}

void RunControlBar::onProjectOpened() {
    variant_->clear();
    variant_->addItem(tr("(base)"), QString());
    if (const auto* project = session_->project())
        for (const auto& name : project->variant_names) variant_->addItem(qstr(name), qstr(name));
    variant_->setCurrentIndex(std::max(0, variant_->findData(session_->variant())));
    updateKeyWarning();
    updateActions();
}

void RunControlBar::updateActions() {
    const bool project = session_->hasProject();
    const bool running = bridge_->isRunning();
    run_->setEnabled(project && !running);
    run_from_->setEnabled(project && !running && !session_->currentStage().isEmpty());
    run_from_->setText(session_->currentStage().isEmpty()
                           ? tr("Run &from Selected Stage")
                           : tr("Run &from \"%1\"").arg(session_->currentStage()));
    cancel_->setEnabled(running);
    limit_->setEnabled(!running);
    offline_->setEnabled(!running);
    variant_->setEnabled(project && !running && variant_->count() > 1);
    run_offline_->setEnabled(project && !running);
}

void RunControlBar::updateKeyWarning() {
    std::set<QString> missing;
    if (const auto* project = session_->project())
        for (const auto& [name, model] : project->models) {
            const auto env = qstr(model.api_key_env);
            if (!env.isEmpty() && qEnvironmentVariableIsEmpty(env.toLocal8Bit().constData()))
                missing.insert(env);
        }
    const bool warn = !missing.empty() && !offline_->isChecked();
    if (warn) {
        QStringList names(missing.begin(), missing.end());
        key_warning_->setText(tr("%1 not set").arg(names.join(QStringLiteral(", "))));
        key_warning_->setToolTip(tr("Online calls need these environment variables. Offline runs "
                                    "replay the project's recordings from the cache."));
    }
    key_warning_->setVisible(warn);
    run_offline_->setVisible(warn);
}

void RunControlBar::onStagesProgressed(const QList<cascade::StageEvent>& events) {
    for (const auto& event : events)
        if (event.run_id == bridge_->runId() && !event.reused) live_[qstr(event.stage)] = event.counters;
    showTotals(tr("Run %1 running").arg(bridge_->runId()));
}

void RunControlBar::showTotals(const QString& prefix) {
    qint64 calls = 0, cached = 0, tokens = 0;
    double cost = 0.0;
    for (const auto& c : live_) {
        calls += c.calls;
        cached += c.cache_hits;
        tokens += c.tokens_in + c.tokens_out;
        cost += c.cost;
    }
    counters_->setText(tr("%1 · %2 calls (%3 cached) · %4 tokens · %5")
                           .arg(prefix)
                           .arg(calls)
                           .arg(cached)
                           .arg(DisplayFormat::tokens(tokens), DisplayFormat::cost(cost)));
    counters_->setToolTip(counters_->text());
}
