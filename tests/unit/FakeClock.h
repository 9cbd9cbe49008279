#pragma once

#include "net/Clock.h"

#include <QCoreApplication>
#include <QObject>
#include <QPointer>
#include <algorithm>
#include <optional>
#include <vector>

namespace tributary::test {

//! A hand-driven Clock. Time stands still until advance(); then every timer that
//! falls due fires in order of due time (ties: order of creation), with now() set
//! to its due time, and the events it posted (queued signals, QFutureWatcher
//! notifications) are delivered before the next one fires.
class FakeClock final : public Clock {
public:
    std::chrono::milliseconds now() const override { return m_now; }

    QDateTime wallNow() const override { return m_wallOrigin.addMSecs(m_now.count()); }

    TimerId callAfter(std::chrono::milliseconds delay, QObject* context,
                      std::function<void()> callback) override {
        const TimerId id = ++m_lastId;
        m_timers.push_back(
            {m_now + std::max(delay, std::chrono::milliseconds(0)), id, context, std::move(callback)});
        return id;
    }

    void cancel(TimerId id) override {
        m_timers.erase(
            std::remove_if(m_timers.begin(), m_timers.end(), [id](const Timer& t) { return t.id == id; }),
            m_timers.end());
    }

    //! Moves time forward by `delta`, firing every timer due on the way.
    void advance(std::chrono::milliseconds delta) {
        const std::chrono::milliseconds target = m_now + delta;
        deliverEvents();
        while (true) {
            auto next =
                std::min_element(m_timers.begin(), m_timers.end(), [](const Timer& a, const Timer& b) {
                    return a.due != b.due ? a.due < b.due : a.id < b.id;
                });
            if (next == m_timers.end() || next->due > target)
                break;
            Timer timer = std::move(*next);
            m_timers.erase(next);
            m_now = timer.due;
            if (timer.context)
                timer.callback();
            deliverEvents();
        }
        m_now = target;
        deliverEvents();
    }

    //! Advances to the next timer's due time (and fires it); false if none is pending.
    bool advanceToNext() {
        const auto due = nextDue();
        if (!due)
            return false;
        advance(*due - m_now);
        return true;
    }

    //! When the earliest pending timer is due.
    std::optional<std::chrono::milliseconds> nextDue() const {
        std::optional<std::chrono::milliseconds> due;
        for (const Timer& t : m_timers) {
            if (t.context && (!due || t.due < *due))
                due = t.due;
        }
        return due;
    }

    int pendingTimers() const {
        return static_cast<int>(std::count_if(m_timers.begin(), m_timers.end(),
                                              [](const Timer& t) { return !t.context.isNull(); }));
    }

    void setWallOrigin(const QDateTime& utc) { m_wallOrigin = utc; }

    //! Delivers posted events (QFutureWatcher notifications, queued calls), including
    //! those posted while delivering, without waiting for anything.
    static void deliverEvents() {
        for (int round = 0; round < 64; ++round)
            QCoreApplication::sendPostedEvents();
    }

private:
    struct Timer {
        std::chrono::milliseconds due;
        TimerId id;
        QPointer<QObject> context;
        std::function<void()> callback;
    };

    std::chrono::milliseconds m_now{1'000'000};
    QDateTime m_wallOrigin = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
    TimerId m_lastId = 0;
    std::vector<Timer> m_timers;
};

} // namespace tributary::test
