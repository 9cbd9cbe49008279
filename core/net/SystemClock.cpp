#include "net/SystemClock.h"

#include <QTimer>
#include <algorithm>
#include <limits>

namespace tributary {

std::shared_ptr<SystemClock> SystemClock::shared() {
    static const std::shared_ptr<SystemClock> clock = std::make_shared<SystemClock>();
    return clock;
}

std::chrono::milliseconds SystemClock::now() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now().time_since_epoch());
}

QDateTime SystemClock::wallNow() const {
    return QDateTime::currentDateTimeUtc();
}

Clock::TimerId SystemClock::callAfter(std::chrono::milliseconds delay, QObject* context,
                                      std::function<void()> callback) {
    Q_ASSERT(context);
    // QTimer counts in int milliseconds; nothing we schedule comes near 24 days.
    const qint64 clamped = std::clamp<qint64>(delay.count(), 0, std::numeric_limits<int>::max());

    // The timer is a child of the context so it dies with it: a callback can never
    // outlive the object it belongs to.
    auto* timer = new QTimer(context);
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer);

    TimerId id = 0;
    {
        QMutexLocker lock(&m_state->mutex);
        id = ++m_state->nextId;
        m_state->timers.insert(id, timer);
    }
    QObject::connect(timer, &QObject::destroyed, [state = m_state, id] {
        QMutexLocker lock(&state->mutex);
        state->timers.remove(id);
    });
    QObject::connect(timer, &QTimer::timeout, timer, [timer, callback = std::move(callback)] {
        timer->deleteLater();
        callback();
    });
    timer->start(static_cast<int>(clamped));
    return id;
}

void SystemClock::cancel(TimerId id) {
    QPointer<QTimer> timer;
    {
        QMutexLocker lock(&m_state->mutex);
        timer = m_state->timers.take(id);
    }
    if (timer) {
        timer->stop();
        timer->deleteLater();
    }
}

} // namespace tributary
