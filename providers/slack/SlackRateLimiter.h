#pragma once

#include "net/RateLimiter.h"
#include "net/RateWindow.h"

#include <QString>

namespace tributary::slack {

//! Slack's per-method rate limit tiers (api.slack.com/apis/rate-limits), per workspace
//! and app: Tier 1 1+/min, Tier 2 20+/min, Tier 3 50+/min, Tier 4 100+/min;
//! chat.postMessage about 1 per second per channel.
enum class SlackTier { Tier1, Tier2, Tier3, Tier4, PostMessage };

//! At most `calls` starts in any window of `window`.
using SlackRateLimit = RateWindow;
//! The sliding-window bookkeeping (core/net): keys are methods, or "chat.postMessage:<channel>".
using SlackRateLimiter = RateWindowLedger;

//! The limit we keep to for a tier. Tier 1 allows the small burst Slack tolerates (2 per
//! minute), so one Socket Mode reconnect does not wait a minute.
SlackRateLimit slackRateLimit(SlackTier tier);
//! The tier of a Web API method this provider calls (Tier 3 for an unknown one).
SlackTier slackTierOf(const QString& method);

//! Slack's table for the RestClient's RateLimiter: every method its own bucket with its
//! tier's window (Slack counts per method), chat.postMessage per channel (the scope), an
//! unknown method Tier 3. No concurrency cap: the tiers are what Slack limits.
RateLimitTable slackRateLimitTable();

} // namespace tributary::slack
