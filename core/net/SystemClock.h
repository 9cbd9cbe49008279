#pragma once

#include "net/Clock.h"

#include <QHash>
#include <QMutex>
#include <QPointer>
#include <memory>

class QTimer;

namespace tributary {

//! The real clock: std::chrono::steady_clock and precise single-shot QTimers
//! (a coarse timer may fire up to 5% early, which would break "never before Retry-After").
class SystemClock final : public Clock {
public:
    //! One clock is enough for the whole process; schedulers share it.
    static std::shared_ptr<SystemClock> shared();

    std::chrono::milliseconds now() const override;
    QDateTime wallNow() const override;
    TimerId callAfter(std::chrono::milliseconds delay, QObject* context,
                      std::function<void()> callback) override;
    void cancel(TimerId id) override;

private:
    // Shared with the timers' cleanup handlers, which may run after this clock is gone.
    struct State {
        QMutex mutex; // several threads may own timers on the shared clock
        QHash<TimerId, QPointer<QTimer>> timers;
        TimerId nextId = 0;
    };
    std::shared_ptr<State> m_state = std::make_shared<State>();
};

} // namespace tributary
