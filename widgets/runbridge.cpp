#include "widgets/runbridge.h"

#include <QThread>

#include <exception>

#include "widgets/queuedeventsink.h"

RunBridge::RunBridge(QObject* parent) : QObject(parent) {
    registerEngineMetaTypes();
    timer_.setInterval(kDrainIntervalMs);
    connect(&timer_, &QTimer::timeout, this, [this] { drain(false); });
}

RunBridge::~RunBridge() {
    if (!worker_) return;
    // Closing mid-run: cancel and wait, so the worker never outlives the project copy it reads.
    context_->cancel();
    worker_->disconnect(this);
    worker_->wait();
    delete worker_;
}

bool RunBridge::start(const cascade::Project& project, const cascade::RunOptions& options) {
    if (worker_) return false;
    sink_ = std::make_shared<QueuedEventSink>();
    context_ = std::make_shared<cascade::RunContext>();
    // The worker owns copies of everything it touches: the GUI may reopen the project meanwhile.
    auto copy = std::make_shared<const cascade::Project>(project);
    worker_ = QThread::create([engine = &engine_, copy, options, sink = sink_, context = context_] {
        try {
            engine->run(*copy, options, *context, *sink);
        } catch (const std::exception& e) {
            sink->issue(cascade::RunIssue{cascade::RunIssue::Severity::Error, "", "", e.what()});
            if (!sink->hasEnded()) sink->run_ended(cascade::RunEnded{0, "failed", e.what()});
        } catch (...) {
            if (!sink->hasEnded())
                sink->run_ended(cascade::RunEnded{0, "failed", "unknown error in the run thread"});
        }
        if (!sink->hasEnded())
            sink->run_ended(cascade::RunEnded{0, "failed", "the run ended without a status"});
    });
    worker_->setObjectName(QStringLiteral("cascade-run"));
    connect(worker_, &QThread::finished, this, &RunBridge::onWorkerFinished);
    worker_->start();
    timer_.start();
    return true;
}

void RunBridge::cancel() {
    if (worker_ && context_) context_->cancel();
}

bool RunBridge::isCancelling() const { return worker_ && context_ && context_->is_cancelled(); }

void RunBridge::drain(bool final) {
    if (!sink_) return;
    auto batch = sink_->take(final);
    if (batch.started) {
        run_id_ = *batch.started;
        emit runStarted(run_id_);
    }
    if (!batch.stages.empty())
        emit stagesProgressed(QList<cascade::StageEvent>(batch.stages.begin(), batch.stages.end()));
    for (const auto& d : batch.deltas)
        emit deltaText(QString::fromStdString(d.stage), QString::fromStdString(d.key),
                       QString::fromStdString(d.text));
    if (!batch.issues.empty())
        emit issuesRaised(QList<cascade::RunIssue>(batch.issues.begin(), batch.issues.end()));
    if (batch.ended) {
        if (batch.ended->run_id == 0) batch.ended->run_id = run_id_;
        emit runEnded(*batch.ended);
    }
}

void RunBridge::onWorkerFinished() {
    timer_.stop();
    worker_->wait();
    worker_->deleteLater();
    worker_ = nullptr;
    drain(true);  // the rest of the queue, then runEnded with isRunning() already false
    sink_.reset();
    context_.reset();
}
