#pragma once

// The contract's fault cases: a peer that says "slow down" gives a RateLimited error with the
// time to wait, and a request cancelled while the server holds its answer leaves no crash, no
// late result and a provider that still works. Included once, by
// tests/contract/ProviderContractInstances.cpp.

#include "ProviderContractTests.h"

#include <QFutureWatcher>

namespace tributary::test {

TEST_P(ProviderContract, RateLimitedAnswersBecomeARateLimitedError) {
    using namespace std::chrono_literals;
    std::unique_ptr<Provider> provider = m_harness->createProviderForFaults();
    QString whyNot;
    // More refusals than any retry policy waits out: the caller gets the error.
    if (!m_harness->rateLimitNextCalls(50, 1s, &whyNot))
        GTEST_SKIP() << whyNot.toStdString();
    auto r = await(provider->connectAccount(), 120000);
    ASSERT_TRUE(r.has_value()) << "no answer in time";
    ASSERT_FALSE(r->ok()) << "fifty refusals in a row ended in success";
    EXPECT_EQ(r->error().kind, ErrorKind::RateLimited) << r->error().describe().toStdString();
    ASSERT_TRUE(r->error().retryAfter.has_value()) << "the server's Retry-After was lost";
    EXPECT_EQ(*r->error().retryAfter, 1000ms);
    EXPECT_FALSE(r->error().message.isEmpty());
}

TEST_P(ProviderContract, CancellingARequestWhoseAnswerIsHeldLeavesTheProviderUsable) {
    std::unique_ptr<Provider> provider = m_harness->createProviderForFaults();
    auto channels = await(provider->listChannels(), 60000);
    ASSERT_TRUE(channels && channels->ok()) << describe(channels);
    const Channel channel = m_harness->primaryChannel(channels->value());
    ASSERT_FALSE(channel.id.isEmpty());
    // Signed in and connected: the request below is the only one under way.
    auto warm = await(provider->listMessages(channel.id, PageRequest{5, {}}), 60000);
    ASSERT_TRUE(warm && warm->ok()) << describe(warm);

    ASSERT_TRUE(m_harness->holdAnswers());
    QFuture<Result<MessagePage>> pending = provider->listMessages(channel.id, PageRequest{5, {}});
    int lateResults = 0;
    QFutureWatcher<Result<MessagePage>> watcher;
    QObject::connect(&watcher, &QFutureWatcherBase::resultReadyAt, [&lateResults] { ++lateResults; });
    watcher.setFuture(pending);
    const bool held = m_harness->waitForHeldRequest();
    pending.cancel();
    drainEvents();
    m_harness->releaseAnswers();
    ASSERT_TRUE(held) << "the request never reached the peer";
    EXPECT_TRUE(pending.isCanceled());

    // The held answer arrives after the cancel; the next request must not be confused by it.
    auto after = await(provider->listMessages(channel.id, PageRequest{5, {}}), 60000);
    ASSERT_TRUE(after && after->ok()) << describe(after);
    EXPECT_EQ(after->value().messages.size(), warm->value().messages.size());
    drainEvents();
    EXPECT_EQ(lateResults, 0) << "the cancelled request delivered a result";
    EXPECT_EQ(pending.resultCount(), 0);
    provider.reset(); // and it goes away cleanly
    drainEvents();
}

} // namespace tributary::test
