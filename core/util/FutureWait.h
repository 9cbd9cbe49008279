#pragma once

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFuture>
#include <QFutureWatcher>
#include <QTimer>
#include <algorithm>
#include <chrono>
#include <optional>

namespace tributary {

//! Blocks in a nested event loop until `future` finishes or `deadline` passes, for the
//! command line and the benchmarks: they have no window to keep responsive, and providers
//! finish futures from worker threads and need this thread's loop for their continuations.
//! Returns as soon as the future finishes, without polling; nothing on timeout or when the
//! future was cancelled. A timeout leaves the operation running: the caller decides.
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
    if (!future.isFinished() || future.isCanceled() || future.resultCount() == 0)
        return std::nullopt;
    return future.result();
}

} // namespace tributary
