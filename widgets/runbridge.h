#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

#include "cascade/engine/engine.h"
#include "widgets/enginemetatypes.h"

class QThread;
class QueuedEventSink;

// The one place in widgets/ that owns threads for runs. start() copies the project and runs
// Engine::run on a worker thread; engine events are queued by a QueuedEventSink and re-emitted
// on the GUI thread every 40 ms as coalesced batches. runEnded comes last, once the worker has
// exited, so isRunning() is already false in its handlers.
class RunBridge : public QObject {
    Q_OBJECT

public:
    explicit RunBridge(QObject* parent = nullptr);
    ~RunBridge() override;

    // False when a run is already in flight.
    bool start(const cascade::Project& project, const cascade::RunOptions& options);
    void cancel();
    bool isRunning() const { return worker_ != nullptr; }
    bool isCancelling() const;
    qint64 runId() const { return run_id_; }  // the live (or last) run, 0 before the first

    static constexpr int kDrainIntervalMs = 40;

signals:
    void runStarted(qint64 run_id);
    void stagesProgressed(const QList<cascade::StageEvent>& events);
    void deltaText(const QString& stage, const QString& key, const QString& text);
    void issuesRaised(const QList<cascade::RunIssue>& issues);
    void runEnded(const cascade::RunEnded& ended);

private:
    void drain(bool final);
    void onWorkerFinished();

    cascade::Engine engine_;
    QThread* worker_ = nullptr;
    std::shared_ptr<QueuedEventSink> sink_;
    std::shared_ptr<cascade::RunContext> context_;
    QTimer timer_;
    qint64 run_id_ = 0;
};
