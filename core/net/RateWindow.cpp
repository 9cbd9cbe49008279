#include "net/RateWindow.h"

#include <algorithm>

namespace tributary {

using std::chrono::milliseconds;

namespace {

//! The first time at or after `t` at which `limit` has room for `units` more, given the
//! starts so far (in order, none after `t`).
template <typename Starts>
milliseconds fitWindow(const Starts& starts, RateWindow limit, milliseconds t, int units) {
    const int capacity = std::max(1, limit.calls);
    const int cost = std::clamp(units, 1, capacity);
    // Units started within (t - window, t], walking back from the newest start.
    int used = 0;
    auto oldest = starts.end();
    for (auto it = starts.end(); it != starts.begin();) {
        --it;
        if (it->at <= t - limit.window)
            break;
        used += it->units;
        oldest = it;
    }
    // Too full: wait until enough of the oldest starts in the window have left it.
    for (auto it = oldest; used + cost > capacity && it != starts.end(); ++it) {
        used -= it->units;
        t = it->at + limit.window;
    }
    return t;
}

} // namespace

milliseconds RateWindowLedger::earliestStart(const QString& key, const QList<RateWindow>& limits,
                                             milliseconds notBefore, int units) const {
    milliseconds t = notBefore;
    const auto found = m_starts.constFind(key);
    if (found == m_starts.cend())
        return t;
    const std::deque<Start>& starts = found.value();
    if (!starts.empty())
        t = std::max(t, starts.back().at);
    // Each limit only ever moves the start later, and a later start never has less room
    // (starts only leave a window as it slides): repeat until every limit agrees.
    for (bool moved = true; moved;) {
        moved = false;
        for (const RateWindow& limit : limits) {
            const milliseconds fitted = fitWindow(starts, limit, t, units);
            if (fitted > t) {
                t = fitted;
                moved = true;
            }
        }
    }
    return t;
}

void RateWindowLedger::record(const QString& key, const QList<RateWindow>& limits, milliseconds at,
                              int units) {
    std::deque<Start>& starts = m_starts[key];
    starts.push_back({at, std::max(1, units)});
    milliseconds longest{0};
    for (const RateWindow& limit : limits)
        longest = std::max(longest, limit.window);
    while (!starts.empty() && starts.front().at <= at - longest)
        starts.pop_front();
}

milliseconds RateWindowLedger::reserve(const QString& key, const QList<RateWindow>& limits, milliseconds now,
                                       int units) {
    const milliseconds start = earliestStart(key, limits, now, units);
    record(key, limits, start, units);
    return start - now;
}

} // namespace tributary
