#include "slack/SlackRateLimiter.h"

#include <algorithm>

namespace tributary::slack {

using std::chrono::milliseconds;
using namespace std::chrono_literals;

SlackRateLimit slackRateLimit(SlackTier tier) {
    switch (tier) {
    case SlackTier::Tier1:
        return {2, 60s};
    case SlackTier::Tier2:
        return {20, 60s};
    case SlackTier::Tier3:
        return {50, 60s};
    case SlackTier::Tier4:
        return {100, 60s};
    case SlackTier::PostMessage:
        return {1, 1s};
    }
    return {1, 60s};
}

SlackTier slackTierOf(const QString& method) {
    static const QHash<QString, SlackTier> tiers{
        {QStringLiteral("apps.connections.open"), SlackTier::Tier1},
        {QStringLiteral("conversations.list"), SlackTier::Tier2},
        {QStringLiteral("users.list"), SlackTier::Tier2},
        {QStringLiteral("users.conversations"), SlackTier::Tier2},
        {QStringLiteral("search.messages"), SlackTier::Tier2},
        {QStringLiteral("conversations.history"), SlackTier::Tier3},
        {QStringLiteral("conversations.replies"), SlackTier::Tier3},
        {QStringLiteral("conversations.info"), SlackTier::Tier3},
        {QStringLiteral("conversations.mark"), SlackTier::Tier3},
        {QStringLiteral("conversations.open"), SlackTier::Tier3},
        {QStringLiteral("chat.update"), SlackTier::Tier3},
        {QStringLiteral("chat.delete"), SlackTier::Tier3},
        {QStringLiteral("reactions.add"), SlackTier::Tier3},
        {QStringLiteral("auth.test"), SlackTier::Tier4},
        {QStringLiteral("users.info"), SlackTier::Tier4},
        {QStringLiteral("conversations.members"), SlackTier::Tier4},
        {QStringLiteral("chat.postMessage"), SlackTier::PostMessage},
    };
    return tiers.value(method, SlackTier::Tier3);
}

milliseconds SlackRateLimiter::wait(const QString& key, SlackRateLimit limit, milliseconds now) const {
    const int calls = std::max(1, limit.calls);
    const auto it = m_starts.constFind(key);
    if (it == m_starts.cend())
        return milliseconds(0);
    const std::deque<milliseconds>& starts = it.value();
    milliseconds start = now;
    if (!starts.empty())
        start = std::max(start, starts.back());
    if (static_cast<int>(starts.size()) >= calls)
        start = std::max(start, starts[starts.size() - static_cast<size_t>(calls)] + limit.window);
    return start - now;
}

milliseconds SlackRateLimiter::reserve(const QString& key, SlackRateLimit limit, milliseconds now) {
    const int calls = std::max(1, limit.calls);
    std::deque<milliseconds>& starts = m_starts[key];
    milliseconds start = now;
    if (!starts.empty())
        start = std::max(start, starts.back());
    // Starts are in order, so the window ending at `start` holds too many exactly when the
    // calls-th latest start is less than a window before it.
    if (static_cast<int>(starts.size()) >= calls)
        start = std::max(start, starts[starts.size() - static_cast<size_t>(calls)] + limit.window);
    starts.push_back(start);
    while (static_cast<int>(starts.size()) > calls)
        starts.pop_front();
    return start - now;
}

} // namespace tributary::slack
