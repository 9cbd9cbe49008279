#include "Await.h"
#include "FakeClock.h"
#include "net/RequestScheduler.h"
#include "util/ReadyFuture.h"

#include <QPromise>
#include <QThread>
#include <QtConcurrent>
#include <deque>
#include <gtest/gtest.h>
#include <memory>
#include <numeric>
#include <vector>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace tributary {
namespace {

using test::FakeClock;

//! A server endpoint the test drives by hand: every attempt is recorded and stays
//! in flight until the test resolves it.
class ManualEndpoint {
public:
    explicit ManualEndpoint(FakeClock& clock)
        : m_clock(clock) {}

    struct Call {
        int request;
        milliseconds at;
        std::shared_ptr<QPromise<Result<int>>> promise;
        bool resolved = false;
    };

    std::function<QFuture<Result<int>>()> attempt(int request) {
        return [this, request] {
            auto promise = std::make_shared<QPromise<Result<int>>>();
            promise->start();
            calls.push_back({request, m_clock.now(), promise});
            return promise->future();
        };
    }

    void resolve(size_t call, Result<int> r) {
        ASSERT_LT(call, calls.size());
        ASSERT_FALSE(calls[call].resolved);
        calls[call].resolved = true;
        calls[call].promise->addResult(std::move(r));
        calls[call].promise->finish();
        FakeClock::deliverEvents();
    }

    int inFlight() const {
        int n = 0;
        for (const Call& c : calls)
            n += c.resolved || c.promise->future().isCanceled() ? 0 : 1;
        return n;
    }

    std::vector<int> startOrder() const {
        std::vector<int> order;
        for (const Call& c : calls)
            order.push_back(c.request);
        return order;
    }

    std::vector<Call> calls;

private:
    FakeClock& m_clock;
};

//! Attempts that answer at once with the next scripted outcome.
class ScriptedEndpoint {
public:
    ScriptedEndpoint(FakeClock& clock, std::deque<Result<int>> outcomes)
        : m_clock(clock)
        , m_outcomes(std::move(outcomes)) {}

    std::function<QFuture<Result<int>>()> attempt() {
        return [this] {
            times.push_back(m_clock.now());
            Result<int> r = m_outcomes.empty()
                                ? Result<int>(ProviderError::protocol(QStringLiteral("script ran out")))
                                : m_outcomes.front();
            if (!m_outcomes.empty())
                m_outcomes.pop_front();
            return readyResult(std::move(r));
        };
    }

    std::vector<milliseconds> times;

private:
    FakeClock& m_clock;
    std::deque<Result<int>> m_outcomes;
};

struct RetryRecord {
    QString label;
    int attempt;
    milliseconds delay;
    ProviderError error;
};

ProviderError networkError(const QString& message, const QString& code = QStringLiteral("remote_closed")) {
    return ProviderError::network(message, code);
}

class SchedulerTest : public ::testing::Test {
protected:
    std::unique_ptr<RequestScheduler> makeScheduler(
        int maxConcurrent, std::function<double()> random = [] { return 1.0; }) {
        SchedulerConfig config;
        config.maxConcurrent = maxConcurrent;
        config.name = QStringLiteral("test-account");
        config.retry.random = std::move(random);
        auto scheduler = std::make_unique<RequestScheduler>(config, m_clock);
        QObject::connect(
            scheduler.get(), &RequestScheduler::retryScheduled,
            [this](const QString& label, int attempt, milliseconds delay, const ProviderError& e) {
                m_retries.push_back({label, attempt, delay, e});
            });
        QObject::connect(scheduler.get(), &RequestScheduler::rateLimited,
                         [this](const QDateTime& until) { m_rateLimitedUntil.push_back(until); });
        QObject::connect(scheduler.get(), &RequestScheduler::idle, [this] { ++m_idle; });
        return scheduler;
    }

    FakeClock& clock() { return *m_clock; }

    std::shared_ptr<FakeClock> m_clock = std::make_shared<FakeClock>();
    std::vector<RetryRecord> m_retries;
    std::vector<QDateTime> m_rateLimitedUntil;
    int m_idle = 0;
};

TEST_F(SchedulerTest, SucceedsFirstTime) {
    auto scheduler = makeScheduler(2);
    ScriptedEndpoint endpoint(clock(), {Result<int>(42)});
    QFuture<Result<int>> f = scheduler->run(endpoint.attempt(), {3, true, QStringLiteral("fetch"), 0});
    FakeClock::deliverEvents();
    ASSERT_TRUE(f.isFinished());
    ASSERT_EQ(f.resultCount(), 1);
    ASSERT_TRUE(f.result().ok());
    EXPECT_EQ(f.result().value(), 42);
    EXPECT_EQ(endpoint.times.size(), 1u);
    EXPECT_TRUE(m_retries.empty());
    EXPECT_EQ(m_idle, 1);
    EXPECT_EQ(scheduler->pending(), 0);
    EXPECT_EQ(clock().pendingTimers(), 0);
}

TEST_F(SchedulerTest, RetriesWithGrowingDelaysWithinJitterBounds) {
    // Full jitter: the n-th retry waits random_n * min(cap, 1 s * 2^(n-1)).
    const std::vector<double> randoms = {0.9, 0.35, 0.6, 1.0};
    size_t next = 0;
    auto scheduler = makeScheduler(1, [&] { return randoms[next++ % randoms.size()]; });
    ScriptedEndpoint endpoint(clock(), {networkError(QStringLiteral("a")), networkError(QStringLiteral("b")),
                                        networkError(QStringLiteral("c")), networkError(QStringLiteral("d")),
                                        Result<int>(7)});
    const milliseconds start = clock().now();
    QFuture<Result<int>> f = scheduler->run(endpoint.attempt(), {5, true, QStringLiteral("list"), 0});
    FakeClock::deliverEvents();

    const std::vector<milliseconds> expected = {900ms, 700ms, 2400ms, 8000ms};
    milliseconds at = start;
    for (size_t i = 0; i < expected.size(); ++i) {
        ASSERT_EQ(m_retries.size(), i + 1);
        EXPECT_EQ(m_retries[i].delay, expected[i]);
        EXPECT_EQ(m_retries[i].attempt, static_cast<int>(i) + 2);
        EXPECT_EQ(m_retries[i].label, QStringLiteral("list"));
        const milliseconds ceiling = milliseconds(1000 << i);
        EXPECT_LE(m_retries[i].delay, ceiling);
        EXPECT_GE(m_retries[i].delay, 0ms);
        // Not a millisecond early...
        clock().advance(expected[i] - 1ms);
        EXPECT_EQ(endpoint.times.size(), i + 1) << "retry " << i << " came early";
        // ...and on time.
        clock().advance(1ms);
        at += expected[i];
        ASSERT_EQ(endpoint.times.size(), i + 2);
        EXPECT_EQ(endpoint.times.back(), at);
    }
    ASSERT_TRUE(f.isFinished());
    ASSERT_TRUE(f.result().ok());
    EXPECT_EQ(f.result().value(), 7);
}

TEST_F(SchedulerTest, BackoffCeilingIsCapped) {
    RetryPolicy policy;
    policy.random = [] {
        return 1.0;
    };
    EXPECT_EQ(policy.backoffCeiling(1), 1000ms);
    EXPECT_EQ(policy.backoffCeiling(2), 2000ms);
    EXPECT_EQ(policy.backoffCeiling(9), 256000ms);
    EXPECT_EQ(policy.backoffCeiling(10), milliseconds(5min));
    EXPECT_EQ(policy.backoffCeiling(1000), milliseconds(5min));
    EXPECT_EQ(policy.backoffDelay(1000), milliseconds(5min));
    policy.random = [] {
        return 0.0;
    };
    EXPECT_EQ(policy.backoffDelay(3), 0ms);
}

TEST_F(SchedulerTest, StopsAfterMaxAttemptsReturningTheLastError) {
    auto scheduler = makeScheduler(1);
    ScriptedEndpoint endpoint(clock(),
                              {networkError(QStringLiteral("first")), networkError(QStringLiteral("second")),
                               networkError(QStringLiteral("third")), Result<int>(1)});
    QFuture<Result<int>> f = scheduler->run(endpoint.attempt(), {3, true, QStringLiteral("x"), 0});
    FakeClock::deliverEvents();
    for (int i = 0; i < 10 && clock().advanceToNext(); ++i) {
    }
    ASSERT_TRUE(f.isFinished());
    ASSERT_FALSE(f.result().ok());
    EXPECT_EQ(f.result().error().message, QStringLiteral("third"));
    EXPECT_EQ(endpoint.times.size(), 3u);
    EXPECT_EQ(m_retries.size(), 2u);
    EXPECT_EQ(m_idle, 1);
}

TEST_F(SchedulerTest, NonRetryableErrorIsNotRetried) {
    auto scheduler = makeScheduler(1);
    ScriptedEndpoint endpoint(clock(), {ProviderError::auth(QStringLiteral("bad password")), Result<int>(1)});
    QFuture<Result<int>> f = scheduler->run(endpoint.attempt());
    FakeClock::deliverEvents();
    clock().advance(1h);
    ASSERT_TRUE(f.isFinished());
    EXPECT_EQ(f.result().error().kind, ErrorKind::Auth);
    EXPECT_EQ(endpoint.times.size(), 1u);
    EXPECT_TRUE(m_retries.empty());
}

TEST_F(SchedulerTest, NonIdempotentRequestRetriedOnlyWhenItNeverReachedTheServer) {
    auto scheduler = makeScheduler(1);
    RequestOptions send{4, false, QStringLiteral("send"), 0};

    // The connection broke after the request may have been processed: do not repeat it.
    ScriptedEndpoint midway(
        clock(), {networkError(QStringLiteral("reset"), QStringLiteral("remote_closed")), Result<int>(1)});
    QFuture<Result<int>> a = scheduler->run(midway.attempt(), send);
    FakeClock::deliverEvents();
    clock().advance(1h);
    ASSERT_TRUE(a.isFinished());
    EXPECT_FALSE(a.result().ok());
    EXPECT_EQ(midway.times.size(), 1u);

    // Connection refused: the server never saw it, so a retry cannot post twice.
    ScriptedEndpoint refused(
        clock(),
        {networkError(QStringLiteral("refused"), NetworkErrorCode::ConnectionRefused), Result<int>(2)});
    QFuture<Result<int>> b = scheduler->run(refused.attempt(), send);
    FakeClock::deliverEvents();
    clock().advance(1h);
    ASSERT_TRUE(b.isFinished());
    ASSERT_TRUE(b.result().ok());
    EXPECT_EQ(refused.times.size(), 2u);
}

TEST_F(SchedulerTest, RetryAfterIsHonouredExactlyAndPausesTheWholeAccount) {
    auto scheduler = makeScheduler(1);
    ManualEndpoint endpoint(clock());
    QFuture<Result<int>> a = scheduler->run(endpoint.attempt(0), {4, true, QStringLiteral("a"), 0});
    QFuture<Result<int>> b = scheduler->run(endpoint.attempt(1), {4, true, QStringLiteral("b"), 0});
    QFuture<Result<int>> c = scheduler->run(endpoint.attempt(2), {4, true, QStringLiteral("c"), 0});
    ASSERT_EQ(endpoint.calls.size(), 1u);

    const QDateTime wallBefore = clock().wallNow();
    endpoint.resolve(0, ProviderError::rateLimited(30s, QStringLiteral("slow down")));
    EXPECT_TRUE(scheduler->isPaused());
    ASSERT_EQ(m_rateLimitedUntil.size(), 1u);
    EXPECT_EQ(m_rateLimitedUntil[0], wallBefore.addSecs(30));
    ASSERT_EQ(m_retries.size(), 1u);
    EXPECT_EQ(m_retries[0].delay, 30000ms);
    EXPECT_EQ(m_retries[0].error.kind, ErrorKind::RateLimited);

    // Not a single attempt of any request before the server's time.
    clock().advance(29999ms);
    EXPECT_EQ(endpoint.calls.size(), 1u);
    clock().advance(1ms);
    EXPECT_FALSE(scheduler->isPaused());
    ASSERT_EQ(endpoint.calls.size(), 2u);
    EXPECT_EQ(endpoint.calls[1].request, 0) << "the rate-limited request goes first";
    EXPECT_EQ(endpoint.calls[1].at, endpoint.calls[0].at + 30s);

    endpoint.resolve(1, Result<int>(10));
    endpoint.resolve(2, Result<int>(11));
    endpoint.resolve(3, Result<int>(12));
    EXPECT_EQ(endpoint.startOrder(), (std::vector<int>{0, 0, 1, 2}));
    ASSERT_TRUE(a.isFinished() && b.isFinished() && c.isFinished());
    EXPECT_EQ(a.result().value(), 10);
    EXPECT_EQ(c.result().value(), 12);
}

TEST_F(SchedulerTest, RateLimitLetsInFlightRequestsFinishButStartsNothingNew) {
    auto scheduler = makeScheduler(2);
    ManualEndpoint endpoint(clock());
    QFuture<Result<int>> a = scheduler->run(endpoint.attempt(0));
    QFuture<Result<int>> b = scheduler->run(endpoint.attempt(1));
    QFuture<Result<int>> c = scheduler->run(endpoint.attempt(2));
    ASSERT_EQ(endpoint.calls.size(), 2u);
    endpoint.resolve(0, ProviderError::rateLimited(5s, QStringLiteral("429")));
    endpoint.resolve(1, Result<int>(1)); // was already in flight: fine
    EXPECT_TRUE(b.isFinished());
    EXPECT_EQ(endpoint.calls.size(), 2u) << "c must wait for the pause";
    clock().advance(4999ms);
    EXPECT_EQ(endpoint.calls.size(), 2u);
    clock().advance(1ms);
    EXPECT_EQ(endpoint.startOrder(), (std::vector<int>{0, 1, 0, 2}));
}

TEST_F(SchedulerTest, RateLimitWithoutRetryAfterPausesForTheBackoffCeiling) {
    auto scheduler = makeScheduler(1, [] { return 0.0; }); // jitter must not shrink the pause
    ManualEndpoint endpoint(clock());
    QFuture<Result<int>> a = scheduler->run(endpoint.attempt(0));
    QFuture<Result<int>> b = scheduler->run(endpoint.attempt(1));
    endpoint.resolve(0, ProviderError::rateLimited(std::nullopt, QStringLiteral("429")));
    EXPECT_TRUE(scheduler->isPaused());
    clock().advance(999ms);
    EXPECT_EQ(endpoint.calls.size(), 1u);
    clock().advance(1ms);
    ASSERT_EQ(endpoint.calls.size(), 2u);
    // The second refusal of the same request doubles the pause.
    endpoint.resolve(1, ProviderError::rateLimited(std::nullopt, QStringLiteral("429")));
    clock().advance(1999ms);
    EXPECT_EQ(endpoint.calls.size(), 2u);
    clock().advance(1ms);
    EXPECT_EQ(endpoint.calls.size(), 3u);
}

TEST_F(SchedulerTest, ServerUnavailableWithRetryAfterPausesToo) {
    auto scheduler = makeScheduler(1);
    ManualEndpoint endpoint(clock());
    QFuture<Result<int>> a = scheduler->run(endpoint.attempt(0));
    ProviderError unavailable = networkError(QStringLiteral("503"), QStringLiteral("http_503"));
    unavailable.retryAfter = 120s;
    endpoint.resolve(0, unavailable);
    EXPECT_TRUE(scheduler->isPaused());
    clock().advance(119999ms);
    EXPECT_EQ(endpoint.calls.size(), 1u);
    clock().advance(1ms);
    EXPECT_EQ(endpoint.calls.size(), 2u);
}

TEST_F(SchedulerTest, HugeRetryAfterIsClampedToMaxServerWait) {
    auto scheduler = makeScheduler(1);
    ManualEndpoint endpoint(clock());
    QFuture<Result<int>> a = scheduler->run(endpoint.attempt(0));
    endpoint.resolve(0, ProviderError::rateLimited(milliseconds(48h), QStringLiteral("banned")));
    EXPECT_EQ(scheduler->pausedUntil() - clock().now(), milliseconds(1h));
}

TEST_F(SchedulerTest, ManualPauseHoldsBackNewAttempts) {
    auto scheduler = makeScheduler(4);
    ManualEndpoint endpoint(clock());
    scheduler->pauseFor(10s);
    scheduler->pauseFor(2s); // a shorter pause never shortens a longer one
    QFuture<Result<int>> a = scheduler->run(endpoint.attempt(0));
    EXPECT_EQ(endpoint.calls.size(), 0u);
    clock().advance(9999ms);
    EXPECT_EQ(endpoint.calls.size(), 0u);
    clock().advance(1ms);
    EXPECT_EQ(endpoint.calls.size(), 1u);
}

TEST_F(SchedulerTest, ConcurrencyCapIsRespectedInFifoOrder) {
    constexpr int cap = 3;
    auto scheduler = makeScheduler(cap);
    ManualEndpoint endpoint(clock());
    std::vector<QFuture<Result<int>>> futures;
    for (int i = 0; i < 12; ++i)
        futures.push_back(scheduler->run(endpoint.attempt(i)));
    EXPECT_EQ(endpoint.calls.size(), static_cast<size_t>(cap));
    EXPECT_EQ(scheduler->inFlight(), cap);

    // Finish in-flight calls in a scrambled order; never more than `cap` at once.
    int maxSeen = 0;
    const std::vector<int> pickOrder = {2, 0, 1};
    for (int round = 0; endpoint.inFlight() > 0; ++round) {
        maxSeen = std::max(maxSeen, endpoint.inFlight());
        std::vector<size_t> open;
        for (size_t i = 0; i < endpoint.calls.size(); ++i) {
            if (!endpoint.calls[i].resolved)
                open.push_back(i);
        }
        const size_t pick =
            open[static_cast<size_t>(pickOrder[static_cast<size_t>(round) % 3]) % open.size()];
        endpoint.resolve(pick, Result<int>(endpoint.calls[pick].request));
        EXPECT_LE(scheduler->inFlight(), cap);
    }
    EXPECT_EQ(maxSeen, cap);
    std::vector<int> expected(12);
    std::iota(expected.begin(), expected.end(), 0);
    EXPECT_EQ(endpoint.startOrder(), expected);
    for (int i = 0; i < 12; ++i)
        EXPECT_EQ(futures[static_cast<size_t>(i)].result().value(), i);
    EXPECT_EQ(m_idle, 1);
}

TEST_F(SchedulerTest, HigherPriorityJumpsTheQueue) {
    auto scheduler = makeScheduler(1);
    ManualEndpoint endpoint(clock());
    QFuture<Result<int>> a = scheduler->run(endpoint.attempt(0));
    QFuture<Result<int>> b = scheduler->run(endpoint.attempt(1));
    QFuture<Result<int>> c = scheduler->run(endpoint.attempt(2), {4, true, QStringLiteral("user click"), 10});
    endpoint.resolve(0, Result<int>(0));
    endpoint.resolve(1, Result<int>(0));
    endpoint.resolve(2, Result<int>(0));
    EXPECT_EQ(endpoint.startOrder(), (std::vector<int>{0, 2, 1}));
}

TEST_F(SchedulerTest, CancellingStopsAPendingRetry) {
    auto scheduler = makeScheduler(1);
    ScriptedEndpoint endpoint(clock(), {networkError(QStringLiteral("down")), Result<int>(1)});
    QFuture<Result<int>> f = scheduler->run(endpoint.attempt());
    FakeClock::deliverEvents();
    ASSERT_EQ(m_retries.size(), 1u);
    EXPECT_EQ(clock().pendingTimers(), 1);
    f.cancel();
    FakeClock::deliverEvents();
    clock().advance(1h);
    EXPECT_EQ(endpoint.times.size(), 1u);
    EXPECT_TRUE(f.isCanceled());
    EXPECT_TRUE(f.isFinished());
    EXPECT_EQ(scheduler->pending(), 0);
    EXPECT_EQ(clock().pendingTimers(), 0);
    EXPECT_EQ(m_idle, 1);
}

TEST_F(SchedulerTest, CancellingCancelsTheInFlightAttemptAndFreesItsSlot) {
    auto scheduler = makeScheduler(1);
    ManualEndpoint endpoint(clock());
    QFuture<Result<int>> a = scheduler->run(endpoint.attempt(0));
    QFuture<Result<int>> b = scheduler->run(endpoint.attempt(1));
    ASSERT_EQ(endpoint.calls.size(), 1u);
    a.cancel();
    FakeClock::deliverEvents();
    EXPECT_TRUE(endpoint.calls[0].promise->isCanceled()) << "the attempt's future must be cancelled";
    EXPECT_TRUE(a.isFinished());
    ASSERT_EQ(endpoint.calls.size(), 2u);
    EXPECT_EQ(endpoint.calls[1].request, 1);
    endpoint.resolve(1, Result<int>(5));
    EXPECT_EQ(b.result().value(), 5);
}

TEST_F(SchedulerTest, CancelAllFinishesEverythingWithCancelled) {
    auto scheduler = makeScheduler(2);
    ManualEndpoint endpoint(clock());
    QFuture<Result<int>> running = scheduler->run(endpoint.attempt(0));
    QFuture<Result<int>> waiting = scheduler->run(endpoint.attempt(1));
    QFuture<Result<int>> queued1 = scheduler->run(endpoint.attempt(2));
    QFuture<Result<int>> queued2 = scheduler->run(endpoint.attempt(3));
    endpoint.resolve(1, networkError(QStringLiteral("flaky"))); // -> waiting for its retry
    ASSERT_EQ(endpoint.calls.size(), 3u);                       // request 2 took the free slot
    scheduler->cancelAll();
    FakeClock::deliverEvents();
    for (QFuture<Result<int>>* f : {&running, &waiting, &queued1, &queued2}) {
        ASSERT_TRUE(f->isFinished());
        ASSERT_EQ(f->resultCount(), 1);
        EXPECT_EQ(f->result().error().kind, ErrorKind::Cancelled);
    }
    EXPECT_TRUE(endpoint.calls[0].promise->isCanceled());
    EXPECT_TRUE(endpoint.calls[2].promise->isCanceled());
    clock().advance(1h);
    EXPECT_EQ(endpoint.calls.size(), 3u);
    EXPECT_EQ(scheduler->pending(), 0);
    EXPECT_EQ(scheduler->inFlight(), 0);
    EXPECT_EQ(m_idle, 1);

    // Still usable afterwards.
    QFuture<Result<int>> later = scheduler->run(endpoint.attempt(9));
    endpoint.resolve(3, Result<int>(9));
    EXPECT_EQ(later.result().value(), 9);
}

TEST_F(SchedulerTest, DestructionFinishesPendingFutures) {
    ManualEndpoint endpoint(clock());
    QFuture<Result<int>> a, b;
    {
        auto scheduler = makeScheduler(1);
        a = scheduler->run(endpoint.attempt(0));
        b = scheduler->run(endpoint.attempt(1));
    }
    ASSERT_TRUE(a.isFinished() && b.isFinished());
    EXPECT_EQ(a.result().error().kind, ErrorKind::Cancelled);
    EXPECT_EQ(b.result().error().kind, ErrorKind::Cancelled);
    EXPECT_TRUE(endpoint.calls[0].promise->isCanceled());
    clock().advance(1h); // no timer of the dead scheduler may fire
}

TEST_F(SchedulerTest, ThousandQueuedRequestsRunWithoutRecursion) {
    auto scheduler = makeScheduler(1, [] { return 0.0; });
    int attempts = 0;
    std::vector<QFuture<Result<int>>> futures;
    for (int i = 0; i < 1000; ++i) {
        // Every other request fails once first, retried after a zero delay.
        auto failedOnce = std::make_shared<bool>(i % 2 == 0);
        futures.push_back(scheduler->run([i, failedOnce, &attempts] {
            ++attempts;
            if (!*failedOnce) {
                *failedOnce = true;
                return readyResult(Result<int>(networkError(QStringLiteral("blip"))));
            }
            return readyResult(Result<int>(i));
        }));
    }
    ASSERT_TRUE(test::waitUntil(
        [&] {
            clock().advance(0ms);
            return futures.back().isFinished();
        },
        60000));
    for (int i = 0; i < 1000; ++i)
        ASSERT_EQ(futures[static_cast<size_t>(i)].result().value(), i);
    EXPECT_EQ(attempts, 1500);
    EXPECT_EQ(scheduler->pending(), 0);
}

TEST_F(SchedulerTest, AttemptsFinishingOnOtherThreadsAreHandledOnTheSchedulersThread) {
    auto scheduler = makeScheduler(2, [] { return 0.0; });
    QThreadPool pool;
    std::vector<QThread*> attemptThreads;
    std::atomic<int> calls{0};
    QFuture<Result<int>> f = scheduler->run([&] {
        attemptThreads.push_back(QThread::currentThread());
        return QtConcurrent::run(&pool, [&calls]() -> Result<int> {
            if (calls.fetch_add(1) == 0)
                return networkError(QStringLiteral("worker failed"));
            return 99;
        });
    });
    ASSERT_TRUE(test::waitUntil(
        [&] {
            clock().advance(0ms);
            return f.isFinished();
        },
        10000));
    ASSERT_TRUE(f.result().ok());
    EXPECT_EQ(f.result().value(), 99);
    ASSERT_EQ(attemptThreads.size(), 2u);
    for (QThread* t : attemptThreads)
        EXPECT_EQ(t, scheduler->thread());
}

TEST_F(SchedulerTest, ContinuationMayScheduleMoreWork) {
    auto scheduler = makeScheduler(1);
    ScriptedEndpoint endpoint(clock(), {Result<int>(1), Result<int>(2)});
    QFuture<Result<int>> second;
    QFuture<Result<int>> first = scheduler->run(endpoint.attempt());
    auto chained = first.then([&](Result<int>) { second = scheduler->run(endpoint.attempt()); });
    FakeClock::deliverEvents();
    ASSERT_TRUE(second.isValid());
    FakeClock::deliverEvents();
    ASSERT_TRUE(second.isFinished());
    EXPECT_EQ(second.result().value(), 2);
}

} // namespace
} // namespace tributary
