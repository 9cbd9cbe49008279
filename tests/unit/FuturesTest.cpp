// The future helpers of core/util/Futures.h and FutureWait.h: continuations run from the
// context's event loop and never on a destroyed context, a cancelled source propagates,
// and cancelling what a helper returns cancels the source.
#include "util/Futures.h"

#include "Await.h"
#include "util/FutureWait.h"
#include "util/ReadyFuture.h"

#include <QPromise>
#include <QThread>
#include <gtest/gtest.h>
#include <memory>

using namespace tributary;
using tributary::test::await;
using tributary::test::drainEvents;
using tributary::test::waitUntil;

namespace {

template <typename T>
std::shared_ptr<QPromise<T>> startedPromise() {
    auto promise = std::make_shared<QPromise<T>>();
    promise->start();
    return promise;
}

template <typename T>
void finish(const std::shared_ptr<QPromise<T>>& promise, T value) {
    promise->addResult(std::move(value));
    promise->finish();
}

} // namespace

TEST(FuturesTest, WhenDoneRunsFromTheEventLoopEvenOnAFinishedFuture) {
    QObject context;
    int seen = 0;
    const QFuture<void> done = whenDone(readyFuture(7), &context, [&](int v) { seen = v; });
    EXPECT_EQ(seen, 0) << "ran inside the call that started it";
    ASSERT_TRUE(waitUntil([&] { return done.isFinished(); }));
    EXPECT_EQ(seen, 7);
    EXPECT_FALSE(done.isCanceled());
}

TEST(FuturesTest, WhenDoneRunsOnTheContextsThreadWhenAnotherThreadFinishes) {
    QObject context;
    auto promise = startedPromise<int>();
    QThread* ranOn = nullptr;
    const QFuture<void> done =
        whenDone(promise->future(), &context, [&](int) { ranOn = QThread::currentThread(); });
    std::unique_ptr<QThread> worker(QThread::create([promise] { finish(promise, 1); }));
    worker->start();
    ASSERT_TRUE(waitUntil([&] { return done.isFinished(); }));
    worker->wait();
    EXPECT_EQ(ranOn, context.thread());
}

TEST(FuturesTest, NothingRunsOnADestroyedContextAndTheReturnedFutureEndsCancelled) {
    auto context = std::make_unique<QObject>();
    auto promise = startedPromise<int>();
    bool ran = false;
    const QFuture<void> done = whenDone(promise->future(), context.get(), [&](int) { ran = true; });
    context.reset();
    EXPECT_TRUE(done.isFinished());
    EXPECT_TRUE(done.isCanceled());
    finish(promise, 1);
    drainEvents();
    EXPECT_FALSE(ran);
}

TEST(FuturesTest, ContextDestroyedAfterTheResultArrivedButBeforeTheLoopRan) {
    auto context = std::make_unique<QObject>();
    bool ran = false;
    const QFuture<void> done =
        whenResult(readyResult<int>(1), context.get(), [&](const Result<int>&) { ran = true; });
    context.reset(); // the queued delivery is still in the event queue
    drainEvents();
    EXPECT_FALSE(ran);
    EXPECT_TRUE(done.isCanceled());
}

TEST(FuturesTest, WhenDoneSkipsACancelledSourceAndPropagatesTheCancel) {
    QObject context;
    auto promise = startedPromise<int>();
    bool ran = false;
    const QFuture<void> done = whenDone(promise->future(), &context, [&](int) { ran = true; });
    promise->future().cancel();
    promise->finish();
    ASSERT_TRUE(waitUntil([&] { return done.isFinished(); }));
    EXPECT_FALSE(ran);
    EXPECT_TRUE(done.isCanceled());
}

TEST(FuturesTest, WhenResultHandsACancelledSourceOverAsACancelledError) {
    QObject context;
    auto promise = makePromise<int>();
    std::optional<Result<int>> seen;
    const QFuture<void> done =
        whenResult(promise->future(), &context, [&](const Result<int>& r) { seen = r; });
    promise.reset(); // a provider torn down mid-operation: QPromise cancels on destruction
    ASSERT_TRUE(waitUntil([&] { return done.isFinished(); }));
    ASSERT_TRUE(seen.has_value());
    ASSERT_FALSE(seen->ok());
    EXPECT_EQ(seen->error().kind, ErrorKind::Cancelled);
}

TEST(FuturesTest, CancellingTheReturnedFutureCancelsTheSourceAndDropsTheContinuation) {
    QObject context;
    auto promise = makePromise<int>();
    bool ran = false;
    QFuture<void> done = whenResult(promise->future(), &context, [&](const Result<int>&) { ran = true; });
    done.cancel();
    ASSERT_TRUE(waitUntil([&] { return promise->isCanceled(); }));
    EXPECT_TRUE(done.isFinished());
    finishPromise(promise, Result<int>(3)); // a producer that did not look in time
    drainEvents();
    EXPECT_FALSE(ran);
}

TEST(FuturesTest, CancellingAfterTheSourceFinishedLeavesItsResultAlone) {
    QObject context;
    const QFuture<Result<int>> source = readyResult<int>(5);
    QFuture<void> done = whenResult(source, &context, [](const Result<int>&) {});
    ASSERT_TRUE(waitUntil([&] { return done.isFinished(); }));
    done.cancel();
    drainEvents();
    EXPECT_FALSE(source.isCanceled());
    EXPECT_EQ(source.result().value(), 5);
}

TEST(FuturesTest, AndThenChainsSuccessesOnTheContext) {
    QObject context;
    QFuture<Result<QString>> out = andThen<QString, int>(
        readyResult<int>(41), &context, [](int v) { return readyResult<QString>(QString::number(v + 1)); });
    const auto r = await(out);
    ASSERT_TRUE(r && r->ok());
    EXPECT_EQ(r->value(), QStringLiteral("42"));
}

TEST(FuturesTest, AndThenSkipsTheNextStepOnAnError) {
    QObject context;
    bool ran = false;
    QFuture<Result<int>> out =
        andThen<int, void>(readyResult<void>(ProviderError::network(QStringLiteral("down"))), &context, [&] {
            ran = true;
            return readyResult<int>(1);
        });
    const auto r = await(out);
    ASSERT_TRUE(r.has_value());
    ASSERT_FALSE(r->ok());
    EXPECT_EQ(r->error().kind, ErrorKind::Network);
    EXPECT_FALSE(ran);
}

TEST(FuturesTest, AndThenPropagatesACancelledStep) {
    QObject context;
    auto second = makePromise<int>();
    bool secondStarted = false;
    QFuture<Result<int>> out = andThen<int, void>(readyResult<void>(Done{}), &context, [&] {
        secondStarted = true;
        return second->future();
    });
    ASSERT_TRUE(waitUntil([&] { return secondStarted; }));
    second.reset(); // the step's producer went away: QPromise cancels on destruction
    ASSERT_TRUE(waitUntil([&] { return out.isFinished(); }));
    EXPECT_TRUE(out.isCanceled());
}

TEST(FuturesTest, CancellingAnAndThenChainCancelsTheStepInFlight) {
    QObject context;
    auto first = makePromise<void>();
    auto second = makePromise<int>();
    bool secondStarted = false;
    QFuture<Result<int>> out = andThen<int, void>(first->future(), &context, [&] {
        secondStarted = true;
        return second->future();
    });
    finishPromise(first, Result<void>(Done{}));
    ASSERT_TRUE(waitUntil([&] { return secondStarted; }));
    drainEvents();
    out.cancel();
    ASSERT_TRUE(waitUntil([&] { return second->isCanceled(); }));
    EXPECT_TRUE(out.isFinished());
}

TEST(FuturesTest, CancellingAnAndThenChainBeforeItsFirstStepSkipsTheRest) {
    QObject context;
    auto first = makePromise<void>();
    bool ran = false;
    QFuture<Result<int>> out = andThen<int, void>(first->future(), &context, [&] {
        ran = true;
        return readyResult<int>(1);
    });
    out.cancel();
    ASSERT_TRUE(waitUntil([&] { return first->isCanceled(); }));
    finishPromise(first, Result<void>(Done{}));
    drainEvents();
    EXPECT_FALSE(ran);
    EXPECT_TRUE(out.isFinished());
}

TEST(FuturesTest, AndThenOnADestroyedContextEndsCancelled) {
    auto context = std::make_unique<QObject>();
    auto first = makePromise<void>();
    bool ran = false;
    QFuture<Result<int>> out = andThen<int, void>(first->future(), context.get(), [&] {
        ran = true;
        return readyResult<int>(1);
    });
    context.reset();
    finishPromise(first, Result<void>(Done{}));
    drainEvents();
    EXPECT_FALSE(ran);
    EXPECT_TRUE(out.isFinished());
    EXPECT_TRUE(out.isCanceled());
}

TEST(FuturesTest, ForwardToPassesResultsAndCancelsBothWays) {
    QObject context;
    auto source = makePromise<int>();
    auto target = makePromise<int>();
    forwardTo(source->future(), &context, target);
    finishPromise(source, Result<int>(9));
    const auto r = await(target->future());
    ASSERT_TRUE(r && r->ok());
    EXPECT_EQ(r->value(), 9);

    auto source2 = makePromise<int>();
    auto target2 = makePromise<int>();
    forwardTo(source2->future(), &context, target2);
    target2->future().cancel();
    ASSERT_TRUE(waitUntil([&] { return source2->isCanceled(); }));
}

TEST(FuturesTest, WaitForReturnsTheResultOrNothing) {
    auto promise = startedPromise<int>();
    QThread* worker = QThread::create([promise] { finish(promise, 4); });
    worker->start();
    EXPECT_EQ(waitFor(promise->future(), QDeadlineTimer(60000)), std::optional<int>(4));
    worker->wait();
    delete worker;

    auto never = startedPromise<int>();
    EXPECT_EQ(waitFor(never->future(), QDeadlineTimer(0)), std::nullopt); // an expired deadline

    auto cancelled = startedPromise<int>();
    cancelled->future().cancel();
    cancelled->finish();
    EXPECT_EQ(waitFor(cancelled->future(), QDeadlineTimer(60000)), std::nullopt);
}
