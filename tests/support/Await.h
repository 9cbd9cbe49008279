#pragma once

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFuture>
#include <QThread>
#include <functional>
#include <optional>

namespace tributary::test {

//! Spins the event loop until the future finishes or the timeout passes, so
//! queued signals and network replies are delivered meanwhile.
template <typename T>
std::optional<T> await(QFuture<T> future, int timeoutMs = 30000) {
    QDeadlineTimer deadline(timeoutMs);
    while (!future.isFinished() && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::usleep(200);
    }
    if (!future.isFinished() || future.resultCount() == 0)
        return std::nullopt;
    return future.result();
}

//! Spins the event loop until the predicate holds or the timeout passes.
inline bool waitUntil(const std::function<bool()>& predicate, int timeoutMs = 10000) {
    QDeadlineTimer deadline(timeoutMs);
    while (!predicate()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::usleep(200);
    }
    return true;
}

//! Delivers the events already posted, and those they post in turn, without letting time
//! pass: afterwards whatever the code under test does in reaction to what happened so far
//! has been done. A test that checks that something did NOT happen waits for this (or for
//! an event that would have come after it), never for a stretch of time.
inline void drainEvents() {
    for (int round = 0; round < 20; ++round) {
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents(QEventLoop::AllEvents);
    }
}

} // namespace tributary::test
