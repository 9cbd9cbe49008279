// The real clock, and the scheduler on it. Timing assertions only check "not
// before": nothing here fails because the machine is slow.

#include "Await.h"
#include "net/RequestScheduler.h"
#include "net/SystemClock.h"

#include <QElapsedTimer>
#include <QPromise>
#include <gtest/gtest.h>
#include <memory>

using namespace std::chrono_literals;

namespace tributary {
namespace {

TEST(SchedulerSystemClock, CallsBackNoEarlierThanAsked) {
    auto clock = SystemClock::shared();
    QObject context;
    QElapsedTimer elapsed;
    elapsed.start();
    const auto start = clock->now();
    std::chrono::milliseconds firedAt{-1};
    clock->callAfter(50ms, &context, [&] { firedAt = clock->now(); });
    ASSERT_TRUE(test::waitUntil([&] { return firedAt.count() >= 0; }, 10000));
    EXPECT_GE(firedAt - start, 50ms);
    EXPECT_GE(elapsed.elapsed(), 50);
}

TEST(SchedulerSystemClock, CancelledTimerNeverFires) {
    auto clock = SystemClock::shared();
    QObject context;
    bool cancelledFired = false;
    bool otherFired = false;
    const Clock::TimerId id = clock->callAfter(10ms, &context, [&] { cancelledFired = true; });
    clock->callAfter(30ms, &context, [&] { otherFired = true; });
    clock->cancel(id);
    clock->cancel(id); // twice is harmless
    ASSERT_TRUE(test::waitUntil([&] { return otherFired; }, 10000));
    EXPECT_FALSE(cancelledFired);
}

TEST(SchedulerSystemClock, TimerDiesWithItsContext) {
    auto clock = SystemClock::shared();
    bool fired = false;
    bool marker = false;
    QObject keeper;
    {
        QObject context;
        const Clock::TimerId id = clock->callAfter(10ms, &context, [&] { fired = true; });
        Q_UNUSED(id);
    }
    clock->callAfter(30ms, &keeper, [&] { marker = true; });
    ASSERT_TRUE(test::waitUntil([&] { return marker; }, 10000));
    EXPECT_FALSE(fired);
}

TEST(SchedulerSystemClock, WallTimeIsUtc) {
    const QDateTime now = SystemClock::shared()->wallNow();
    EXPECT_EQ(now.timeSpec(), Qt::UTC);
    EXPECT_LE(qAbs(now.secsTo(QDateTime::currentDateTimeUtc())), 5);
}

TEST(SchedulerSystemClock, SchedulerRetriesOnRealTimers) {
    SchedulerConfig config;
    config.retry.baseDelay = 20ms;
    RequestScheduler scheduler(config); // SystemClock::shared()
    int attempts = 0;
    QFuture<Result<QString>> f = scheduler.run([&attempts] {
        QPromise<Result<QString>> p;
        p.start();
        p.addResult(++attempts < 3 ? Result<QString>(ProviderError::network(QStringLiteral("flaky")))
                                   : Result<QString>(QStringLiteral("done")));
        p.finish();
        return p.future();
    });
    const auto r = test::await(f, 20000);
    ASSERT_TRUE(r.has_value());
    ASSERT_TRUE(r->ok());
    EXPECT_EQ(r->value(), QStringLiteral("done"));
    EXPECT_EQ(attempts, 3);
}

} // namespace
} // namespace tributary
