#pragma once

#include <QDateTime>
#include <QtGlobal>
#include <chrono>
#include <functional>

class QObject;

namespace tributary {

//! Time and timers, injected so that retry, back-off and rate-limit logic can be
//! tested deterministically (tests/unit/FakeClock.h advances it by hand).
//! The RequestScheduler and TokenStore never touch QTimer directly.
class Clock {
public:
    //! Identifies a pending timer; 0 is never a valid id.
    using TimerId = quint64;

    virtual ~Clock() = default;

    //! Monotonic time since an arbitrary origin: only differences mean anything.
    virtual std::chrono::milliseconds now() const = 0;

    //! Wall-clock time in UTC, for HTTP-dates and epoch-second headers.
    virtual QDateTime wallNow() const = 0;

    //! Calls `callback` once, on the thread of `context`, when `delay` has passed
    //! (never earlier). Nothing is called if `context` is destroyed or the timer is
    //! cancelled first. Call it on the thread of `context`. Returns a non-zero id.
    virtual TimerId callAfter(std::chrono::milliseconds delay, QObject* context,
                              std::function<void()> callback) = 0;

    //! Cancels a pending timer. Unknown, fired or already cancelled ids are ignored.
    //! Call it on the thread of the timer's context.
    virtual void cancel(TimerId id) = 0;
};

} // namespace tributary
