#pragma once

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFuture>
#include <QFutureWatcher>
#include <QTimer>
#include <optional>

namespace tributary::cli {

//! Runs the event loop until the future finishes or the deadline passes. The CLI has no
//! window to keep responsive, so waiting in a nested loop is the simple, correct choice;
//! queued signals from provider worker threads are still delivered meanwhile.
//! Returns nothing on timeout or when the future was cancelled without a result.
template <typename T>
std::optional<T> waitFor(QFuture<T> future, const QDeadlineTimer& deadline) {
    if (!future.isFinished()) {
        QEventLoop loop;
        QFutureWatcher<T> watcher;
        QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
        QTimer timer;
        timer.setSingleShot(true);
        QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
        watcher.setFuture(future);
        timer.start(std::chrono::milliseconds(std::max<qint64>(0, deadline.remainingTime())));
        if (!future.isFinished())
            loop.exec();
    }
    if (!future.isFinished() || future.resultCount() == 0)
        return std::nullopt;
    return future.result();
}

} // namespace tributary::cli
