#pragma once

#include <QHash>
#include <QString>
#include <chrono>
#include <deque>

namespace tributary::slack {

//! Slack's per-method rate limit tiers (api.slack.com/apis/rate-limits), per workspace
//! and app: Tier 1 1+/min, Tier 2 20+/min, Tier 3 50+/min, Tier 4 100+/min;
//! chat.postMessage about 1 per second per channel.
enum class SlackTier { Tier1, Tier2, Tier3, Tier4, PostMessage };

//! At most `calls` starts in any window of `window`.
struct SlackRateLimit {
    int calls = 1;
    std::chrono::milliseconds window{1000};
};

//! The limit we keep to for a tier. Tier 1 allows the small burst Slack tolerates (2 per
//! minute), so one Socket Mode reconnect does not wait a minute.
SlackRateLimit slackRateLimit(SlackTier tier);
//! The tier of a Web API method this provider calls (Tier 3 for an unknown one).
SlackTier slackTierOf(const QString& method);

//! A sliding-window limiter: reserve() hands out start times so that no window of the
//! limit's length ever holds more than `calls` starts of one key (a method, or
//! "chat.postMessage:<channel>"). Reservations are kept in order, so a caller that waits the
//! returned delay starts in turn. Pure bookkeeping: time is passed in (Clock::now()).
class SlackRateLimiter {
public:
    //! Reserves the earliest start for `key` at or after `now`; returns how long to wait.
    std::chrono::milliseconds reserve(const QString& key, SlackRateLimit limit,
                                      std::chrono::milliseconds now);
    //! How long a reserve() now would wait, without reserving.
    std::chrono::milliseconds wait(const QString& key, SlackRateLimit limit,
                                   std::chrono::milliseconds now) const;

private:
    QHash<QString, std::deque<std::chrono::milliseconds>> m_starts;
};

} // namespace tributary::slack
