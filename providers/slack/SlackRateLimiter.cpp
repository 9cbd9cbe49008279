#include "slack/SlackRateLimiter.h"

#include <QHash>

namespace tributary::slack {

using namespace std::chrono_literals;

namespace {

const QHash<QString, SlackTier>& tiers() {
    static const QHash<QString, SlackTier> table{
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
    return table;
}

} // namespace

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
    return tiers().value(method, SlackTier::Tier3);
}

RateLimitTable slackRateLimitTable() {
    RateLimitTable table;
    table.defaultWindows = {slackRateLimit(SlackTier::Tier3)};
    for (auto it = tiers().cbegin(); it != tiers().cend(); ++it) {
        table.buckets.append(RateLimitBucket{it.key(), {slackRateLimit(it.value())}});
        table.routes.append(RateLimitRoute{it.key(), it.key(), 1, it.value() == SlackTier::PostMessage});
    }
    return table;
}

} // namespace tributary::slack
