#pragma once

#include <QEventLoop>
#include <QFuture>
#include <QFutureWatcher>
#include <QTimer>
#include <optional>

namespace tributary::bench {

//! Runs the event loop until the future finishes (providers complete futures from their
//! worker threads and need this thread's loop for continuations); returns as soon as it
//! does, without polling. Nothing after `timeoutMs`.
template <typename T>
std::optional<T> waitFor(const QFuture<T>& future, int timeoutMs) {
    if (!future.isFinished()) {
        QEventLoop loop;
        QFutureWatcher<T> watcher;
        QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        watcher.setFuture(future);
        if (!future.isFinished())
            loop.exec();
    }
    if (!future.isFinished() || future.resultCount() == 0)
        return std::nullopt;
    return future.result();
}

} // namespace tributary::bench
