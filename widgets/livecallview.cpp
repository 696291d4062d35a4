#include "widgets/livecallview.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

#include "widgets/runbridge.h"

LiveCallView::LiveCallView(RunBridge* bridge, QWidget* parent) : QWidget(parent) {
    header_ = new QLabel(tr("No call in flight."), this);
    header_->setForegroundRole(QPalette::PlaceholderText);
    text_ = new QPlainTextEdit(this);
    text_->setReadOnly(true);
    text_->setMaximumBlockCount(2000);  // bounded: a long run must not grow it forever
    text_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text_->setPlaceholderText(tr("Streamed model output appears here while a run is in flight."));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(header_);
    layout->addWidget(text_, 1);

    connect(bridge, &RunBridge::runStarted, this, [this](qint64 run_id) {
        stage_.clear();
        key_.clear();
        text_->clear();
        header_->setText(tr("Run %1: waiting for the first call…").arg(run_id));
    });
    connect(bridge, &RunBridge::deltaText, this, &LiveCallView::append);
    // One tick after a batch: if the followed call got nothing new, the next call may take over.
    auto* quiet = new QTimer(this);
    quiet->setInterval(RunBridge::kDrainIntervalMs * 3);
    connect(quiet, &QTimer::timeout, this, [this] { fresh_ = false; });
    quiet->start();
    connect(bridge, &RunBridge::runEnded, this, [this, quiet](const cascade::RunEnded& ended) {
        header_->setText(key_.isEmpty()
                             ? tr("Run %1 %2; no streamed text.")
                                   .arg(ended.run_id)
                                   .arg(QString::fromStdString(ended.status))
                             : tr("Last call: %1 / %2 (run %3 %4)")
                                   .arg(stage_, key_)
                                   .arg(ended.run_id)
                                   .arg(QString::fromStdString(ended.status)));
    });
}

QString LiveCallView::text() const { return text_->toPlainText(); }

void LiveCallView::follow(const QString& stage, const QString& key) {
    stage_ = stage;
    key_ = key;
    text_->clear();
    header_->setText(tr("Streaming: %1 / %2").arg(stage, key));
}

void LiveCallView::append(const QString& stage, const QString& key, const QString& text) {
    const bool same = stage == stage_ && key == key_;
    if (!same) {
        if (fresh_) return;  // still following a call that is streaming
        follow(stage, key);
    }
    fresh_ = true;
    auto* bar = text_->verticalScrollBar();
    const bool at_end = bar->value() == bar->maximum();
    text_->moveCursor(QTextCursor::End);
    text_->insertPlainText(text);
    if (at_end) bar->setValue(bar->maximum());
}
