#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <chrono>
#include <deque>

namespace tributary {

//! At most `calls` in any window of `window`. Where a provider counts quota units instead of
//! calls (Gmail: 250 units per user per second, messages.get costs 5), `calls` is the units
//! the window holds and each start says what it costs.
struct RateWindow {
    int calls = 1;
    std::chrono::milliseconds window{1000};
};

//! Sliding-window bookkeeping per key (a route, a bucket, "chat.postMessage:<channel>"):
//! reserve() hands out start times so that no window of any of the key's limits ever holds
//! more than its calls (or units). Reservations are kept in order, so a caller that waits the
//! returned delay starts in turn. Pure bookkeeping: time is passed in (Clock::now()).
class RateWindowLedger {
public:
    //! Reserves the earliest start for `key` at or after `now` costing `units`; returns how
    //! long to wait. A cost above a window's size counts as the whole window (it could never
    //! start otherwise).
    std::chrono::milliseconds reserve(const QString& key, const QList<RateWindow>& limits,
                                      std::chrono::milliseconds now, int units = 1);
    std::chrono::milliseconds reserve(const QString& key, RateWindow limit, std::chrono::milliseconds now,
                                      int units = 1) {
        return reserve(key, QList<RateWindow>{limit}, now, units);
    }
    //! How long a reserve() now would wait, without reserving.
    std::chrono::milliseconds wait(const QString& key, const QList<RateWindow>& limits,
                                   std::chrono::milliseconds now, int units = 1) const {
        return earliestStart(key, limits, now, units) - now;
    }
    std::chrono::milliseconds wait(const QString& key, RateWindow limit, std::chrono::milliseconds now,
                                   int units = 1) const {
        return wait(key, QList<RateWindow>{limit}, now, units);
    }

    //! The earliest start at or after `notBefore` (and after the key's last start) at which
    //! every limit has room for `units`.
    std::chrono::milliseconds earliestStart(const QString& key, const QList<RateWindow>& limits,
                                            std::chrono::milliseconds notBefore, int units = 1) const;
    //! Records a start at `at` (at or after the key's last one, as earliestStart() gives) and
    //! forgets starts older than the longest of `limits`.
    void record(const QString& key, const QList<RateWindow>& limits, std::chrono::milliseconds at,
                int units = 1);

private:
    struct Start {
        std::chrono::milliseconds at;
        int units;
    };
    QHash<QString, std::deque<Start>> m_starts;
};

} // namespace tributary
