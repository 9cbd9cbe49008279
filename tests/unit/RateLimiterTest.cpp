// The generic rate limiter (core/net/RateLimiter, RateWindow): sliding windows per route or
// bucket, quota units, a concurrency cap per account, and what the server's headers teach
// (X-RateLimit-Remaining/Reset, Discord's shared buckets, Retry-After first). Time is a
// FakeClock: nothing here sleeps or reads the wall clock.

#include "net/RateLimiter.h"

#include "FakeClock.h"
#include "slack/SlackRateLimiter.h"

#include <QObject>
#include <gtest/gtest.h>
#include <memory>
#include <vector>

using namespace tributary;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using tributary::test::FakeClock;

namespace {

//! Gmail's documented per-user quota: 250 units a second, each method its cost.
RateLimitTable gmailLikeTable() {
    RateLimitTable t;
    t.accountWindows = {{250, 1s}};
    t.routes = {{QStringLiteral("messages.get"), {}, 5, false},
                {QStringLiteral("messages.send"), {}, 100, false},
                {QStringLiteral("history.list"), {}, 2, false}};
    return t;
}

//! Microsoft Graph mail: 4 requests in flight per mailbox, 10,000 per 10 minutes.
RateLimitTable graphLikeTable() {
    RateLimitTable t;
    t.accountWindows = {{10000, 10min}};
    t.maxConcurrent = 4;
    return t;
}

RateLimitInfo info(std::optional<qint64> remaining, std::optional<milliseconds> resetIn,
                   std::optional<milliseconds> retryAfter = std::nullopt) {
    RateLimitInfo i;
    i.remaining = remaining;
    i.resetIn = resetIn;
    i.retryAfter = retryAfter;
    return i;
}

} // namespace

TEST(RateWindowLedger, NeverMoreThanTheLimitInAnyWindowAndInOrder) {
    RateWindowLedger ledger;
    const RateWindow limit{3, 1s};
    std::vector<milliseconds> starts;
    for (int i = 0; i < 10; ++i) {
        const milliseconds now(i * 50);
        starts.push_back(now + ledger.reserve(QStringLiteral("k"), limit, now));
    }
    for (size_t i = 0; i < starts.size(); ++i) {
        if (i >= 3) {
            EXPECT_GE(starts[i] - starts[i - 3], 1s) << i;
        }
        if (i > 0) {
            EXPECT_GE(starts[i], starts[i - 1]);
        }
    }
    EXPECT_EQ(starts[2], 100ms) << "a burst within the limit starts at once";
    EXPECT_EQ(starts[3], 1000ms);
    EXPECT_EQ(ledger.reserve(QStringLiteral("other"), limit, 0ms), 0ms) << "each key its own budget";
}

TEST(RateWindowLedger, SeveralWindowsAllHold) {
    RateWindowLedger ledger;
    // 2 a second and 3 a minute: the third waits a second, the fourth a minute.
    const QList<RateWindow> limits{{2, 1s}, {3, 60s}};
    EXPECT_EQ(ledger.reserve(QStringLiteral("k"), limits, 0ms), 0ms);
    EXPECT_EQ(ledger.reserve(QStringLiteral("k"), limits, 0ms), 0ms);
    EXPECT_EQ(ledger.reserve(QStringLiteral("k"), limits, 0ms), 1000ms);
    EXPECT_EQ(ledger.reserve(QStringLiteral("k"), limits, 0ms), 60000ms);
    EXPECT_EQ(ledger.wait(QStringLiteral("k"), limits, 60000ms), 0ms) << "wait() reserves nothing";
    EXPECT_EQ(ledger.wait(QStringLiteral("k"), limits, 60000ms), 0ms);
}

TEST(RateLimiter, QuotaUnitsNotRequests) {
    FakeClock clock;
    RateLimiter limiter(gmailLikeTable(), std::shared_ptr<Clock>(&clock, [](Clock*) {}));
    // 50 messages.get at 5 units fill the 250 units of a second; the 51st waits for it.
    for (int i = 0; i < 50; ++i)
        ASSERT_EQ(limiter.reserve(QStringLiteral("messages.get")), 0ms) << i;
    EXPECT_EQ(limiter.wait(QStringLiteral("messages.get")), 1000ms);
    EXPECT_EQ(limiter.wait(QStringLiteral("history.list")), 1000ms)
        << "the quota is the user's, every method";
    clock.advance(1s);
    // A send costs 100: two sends and twenty gets (100) make 300 > 250, so the last gets wait.
    EXPECT_EQ(limiter.reserve(QStringLiteral("messages.send")), 0ms);
    EXPECT_EQ(limiter.reserve(QStringLiteral("messages.send")), 0ms);
    for (int i = 0; i < 10; ++i)
        ASSERT_EQ(limiter.reserve(QStringLiteral("messages.get")), 0ms) << i;
    EXPECT_EQ(limiter.reserve(QStringLiteral("messages.get")), 1000ms);
}

TEST(RateLimiter, RoutesShareABucketAndScopesSplitOne) {
    FakeClock clock;
    RateLimitTable table;
    table.buckets = {{QStringLiteral("tier2"), {{2, 60s}}}};
    table.routes = {{QStringLiteral("a.list"), QStringLiteral("tier2"), 1, false},
                    {QStringLiteral("b.list"), QStringLiteral("tier2"), 1, false},
                    {QStringLiteral("post"), QStringLiteral("post"), 1, true}};
    table.buckets.append(RateLimitBucket{QStringLiteral("post"), {{1, 1s}}});
    RateLimiter limiter(table, std::shared_ptr<Clock>(&clock, [](Clock*) {}));
    EXPECT_EQ(limiter.reserve(QStringLiteral("a.list")), 0ms);
    EXPECT_EQ(limiter.reserve(QStringLiteral("b.list")), 0ms);
    EXPECT_EQ(limiter.wait(QStringLiteral("a.list")), 60000ms) << "a and b share tier2";
    EXPECT_EQ(limiter.wait(QStringLiteral("unlisted")), 0ms) << "no table entry, no default: unlimited";

    EXPECT_EQ(limiter.reserve(QStringLiteral("post"), QStringLiteral("C1")), 0ms);
    EXPECT_EQ(limiter.wait(QStringLiteral("post"), QStringLiteral("C1")), 1000ms);
    EXPECT_EQ(limiter.wait(QStringLiteral("post"), QStringLiteral("C2")), 0ms) << "per channel";
    EXPECT_EQ(limiter.reserve(QStringLiteral("a.list"), QStringLiteral("C1")), 60000ms)
        << "a route not kept per scope ignores the scope";
}

TEST(RateLimiter, AtMostTheCapInFlightFirstComeFirstServed) {
    FakeClock clock;
    RateLimiter limiter(graphLikeTable(), std::shared_ptr<Clock>(&clock, [](Clock*) {}));
    QObject context;
    std::vector<std::shared_ptr<RateLimitPermit>> held(6);
    std::vector<int> order;
    for (int i = 0; i < 6; ++i)
        limiter.admit(QStringLiteral("GET /me/messages"), {}, &context,
                      [&held, &order, i](std::shared_ptr<RateLimitPermit> p) {
                          held[static_cast<size_t>(i)] = std::move(p);
                          order.push_back(i);
                      });
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3})) << "four per mailbox";
    EXPECT_EQ(limiter.inFlight(), 4);
    EXPECT_EQ(limiter.waiting(), 2);
    held[2].reset(); // the third request ends
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
    EXPECT_EQ(limiter.inFlight(), 4);

    // A waiting request whose caller is gone never starts and takes no place.
    {
        QObject gone;
        limiter.admit(QStringLiteral("GET /me/messages"), {}, &gone,
                      [&order](std::shared_ptr<RateLimitPermit>) { order.push_back(99); });
    }
    held[0].reset();
    held[1].reset();
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5}));
    EXPECT_EQ(limiter.inFlight(), 3);
    EXPECT_EQ(limiter.waiting(), 0);
}

TEST(RateLimiter, AdmitWaitsForTheWindowOnTheClock) {
    FakeClock clock;
    RateLimitTable table;
    table.defaultWindows = {{2, 10s}};
    table.maxConcurrent = 1;
    RateLimiter limiter(table, std::shared_ptr<Clock>(&clock, [](Clock*) {}));
    QObject context;
    std::vector<milliseconds> started;
    const milliseconds origin = clock.now();
    for (int i = 0; i < 3; ++i)
        limiter.admit(QStringLiteral("r"), {}, &context, [&](std::shared_ptr<RateLimitPermit>) {
            started.push_back(clock.now() - origin); // the permit ends with the call: done at once
        });
    EXPECT_EQ(started, (std::vector<milliseconds>{0ms, 0ms}));
    clock.advance(9999ms);
    EXPECT_EQ(started.size(), 2u);
    clock.advance(1ms);
    EXPECT_EQ(started, (std::vector<milliseconds>{0ms, 0ms, 10000ms}));
    EXPECT_EQ(limiter.inFlight(), 0);
}

TEST(RateLimiter, ACallerGoneWhileItsTurnComesFreesThePlace) {
    FakeClock clock;
    RateLimitTable table;
    table.defaultWindows = {{1, 5s}};
    table.maxConcurrent = 1;
    RateLimiter limiter(table, std::shared_ptr<Clock>(&clock, [](Clock*) {}));
    QObject context;
    limiter.admit(QStringLiteral("r"), {}, &context, [](std::shared_ptr<RateLimitPermit>) {});
    bool started = false;
    {
        QObject gone;
        limiter.admit(QStringLiteral("r"), {}, &gone,
                      [&](std::shared_ptr<RateLimitPermit>) { started = true; });
        EXPECT_EQ(limiter.inFlight(), 1) << "holds the place while it waits for the window";
    }
    clock.advance(5s);
    EXPECT_FALSE(started);
    EXPECT_EQ(limiter.inFlight(), 0);
}

TEST(RateLimiter, LearnsAnExhaustedWindowAndACountdownFromHeaders) {
    FakeClock clock;
    RateLimiter limiter(RateLimitTable{}, std::shared_ptr<Clock>(&clock, [](Clock*) {}));
    limiter.learn(QStringLiteral("GET /tickets"), {}, info(0, 2s));
    EXPECT_EQ(limiter.wait(QStringLiteral("GET /tickets")), 2000ms) << "X-RateLimit-Remaining: 0";
    EXPECT_EQ(limiter.wait(QStringLiteral("GET /contacts")), 0ms) << "another route";
    clock.advance(2s);
    EXPECT_EQ(limiter.wait(QStringLiteral("GET /tickets")), 0ms);

    // Two left until the reset in 5 s: two start, the third waits for the reset.
    limiter.learn(QStringLiteral("GET /tickets"), {}, info(2, 5s));
    EXPECT_EQ(limiter.reserve(QStringLiteral("GET /tickets")), 0ms);
    EXPECT_EQ(limiter.reserve(QStringLiteral("GET /tickets")), 0ms);
    EXPECT_EQ(limiter.reserve(QStringLiteral("GET /tickets")), 5000ms);
    clock.advance(5s);
    EXPECT_EQ(limiter.wait(QStringLiteral("GET /tickets")), 0ms) << "a new window";
}

TEST(RateLimiter, DiscordBucketsAreSharedByTheRoutesTheServerNames) {
    FakeClock clock;
    RateLimitTable table;
    table.routes = {{QStringLiteral("GET /channels/{id}/messages"), {}, 1, true},
                    {QStringLiteral("GET /channels/{id}/messages/{id}"), {}, 1, true}};
    RateLimiter limiter(table, std::shared_ptr<Clock>(&clock, [](Clock*) {}));
    const QString list = QStringLiteral("GET /channels/{id}/messages");
    const QString one = QStringLiteral("GET /channels/{id}/messages/{id}");
    limiter.learn(list, QStringLiteral("C1"), info(3, 1s), "abcd1234");
    limiter.learn(one, QStringLiteral("C1"), info(0, 1500ms), "abcd1234");
    EXPECT_EQ(limiter.wait(list, QStringLiteral("C1")), 1500ms) << "one bucket for both routes";
    EXPECT_EQ(limiter.wait(list, QStringLiteral("C2")), 0ms) << "the major parameter splits it";
}

TEST(RateLimiter, RetryAfterWinsOverTheResetAndOurOwnWindows) {
    FakeClock clock;
    RateLimitTable table;
    table.defaultWindows = {{1, 1s}};
    RateLimiter limiter(table, std::shared_ptr<Clock>(&clock, [](Clock*) {}));
    EXPECT_EQ(limiter.reserve(QStringLiteral("r")), 0ms);
    // A 429 says Retry-After: 10 while its reset header says 1 s: the server's explicit word wins.
    limiter.learn(QStringLiteral("r"), {}, info(0, 1s, 10s));
    EXPECT_EQ(limiter.wait(QStringLiteral("r")), 10000ms);
    clock.advance(1s);
    EXPECT_EQ(limiter.wait(QStringLiteral("r")), 9000ms);
    // A shorter Retry-After later never shortens it.
    limiter.learn(QStringLiteral("r"), {}, info(std::nullopt, std::nullopt, 2s));
    EXPECT_EQ(limiter.wait(QStringLiteral("r")), 9000ms);
    clock.advance(9s);
    EXPECT_EQ(limiter.reserve(QStringLiteral("r")), 0ms);
    EXPECT_EQ(limiter.wait(QStringLiteral("r")), 1000ms) << "then our own window again";

    // Through the header parser: Retry-After beside X-RateLimit-Reset.
    const QDateTime now = clock.wallNow();
    const RawHeaders headers{
        {"Retry-After", "7"}, {"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "1"}};
    EXPECT_EQ(retryAfterFromHeaders(headers, now), std::optional<milliseconds>(7000ms));
    limiter.learn(QStringLiteral("s"), {}, parseRateLimitHeaders(headers, now));
    EXPECT_EQ(limiter.wait(QStringLiteral("s")), 7000ms);
}

TEST(RateLimiter, SlackTableKeepsTheTiers) {
    FakeClock clock;
    RateLimiter limiter(slack::slackRateLimitTable(), std::shared_ptr<Clock>(&clock, [](Clock*) {}));
    for (int i = 0; i < 20; ++i)
        ASSERT_EQ(limiter.reserve(QStringLiteral("conversations.list")), 0ms);
    EXPECT_EQ(limiter.wait(QStringLiteral("conversations.list")), 60000ms) << "Tier 2: 20 a minute";
    EXPECT_EQ(limiter.wait(QStringLiteral("users.list")), 0ms) << "Slack counts per method";
    EXPECT_EQ(limiter.reserve(QStringLiteral("chat.postMessage"), QStringLiteral("C1")), 0ms);
    EXPECT_EQ(limiter.wait(QStringLiteral("chat.postMessage"), QStringLiteral("C1")), 1000ms);
    EXPECT_EQ(limiter.wait(QStringLiteral("chat.postMessage"), QStringLiteral("C2")), 0ms);
    for (int i = 0; i < 50; ++i)
        ASSERT_EQ(limiter.reserve(QStringLiteral("some.newMethod")), 0ms);
    EXPECT_EQ(limiter.wait(QStringLiteral("some.newMethod")), 60000ms) << "unknown: Tier 3";
    EXPECT_EQ(limiter.reserve(QStringLiteral("search.messages")), 0ms);
}
