#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>

#include <exception>
#include <memory>
#include <optional>
#include <utility>

// Runs `work` on a pool thread and delivers its result to `done(result, error)` on `context`'s
// thread, so long engine calls never block the GUI. An exception from `work` arrives as the
// error text with an empty result. Nothing is delivered once `context` is gone (Qt drops a
// queued call to a deleted object), and `work` must therefore own everything it touches.
namespace BackgroundJob {

template <typename Work, typename Done>
void start(QObject* context, Work work, Done done) {
    using Result = decltype(work());
    QThreadPool::globalInstance()->start([context = QPointer<QObject>(context),
                                          work = std::move(work),
                                          done = std::move(done)]() mutable {
        auto result = std::make_shared<std::optional<Result>>();
        QString error;
        try {
            result->emplace(work());
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        } catch (...) {
            error = QStringLiteral("unknown error");
        }
        if (!context) return;
        QMetaObject::invokeMethod(
            context.data(),
            [result, error, done = std::move(done)] { done(std::move(*result), error); },
            Qt::QueuedConnection);
    });
}

}  // namespace BackgroundJob
