#pragma once

// The contract's sync cases (after Sink's MailSyncTest: testFetchNewRemovedMessages,
// testFlagChange, testSyncUidvalidity): what syncChanges() reports after the server changed
// behind the provider's back, and what push (subscribe) announces. Included once, by
// tests/contract/ProviderContractInstances.cpp, after ProviderContractTests.h.

#include "ProviderContractTests.h"

#include <QElapsedTimer>
#include <algorithm>
#include <iostream>

namespace tributary::test {

namespace contract {

//! Did these events announce a change to `channel` (a Created/Updated/Deleted naming it, or a
//! ChannelChanged that tells the receiver to ask syncChanges)?
inline bool announced(const QList<Event>& events, const Channel& channel) {
    for (const Event& e : events)
        if (e.channelId == channel.id &&
            (e.kind == EventKind::Created || e.kind == EventKind::Updated || e.kind == EventKind::Deleted ||
             e.kind == EventKind::ChannelChanged))
            return true;
    return false;
}

} // namespace contract

TEST_P(ProviderContract, SyncChangesReportsMessagesAddedOutOfBand) {
    if (!has(Capability::IncrementalSync))
        GTEST_SKIP() << "provider has no incremental sync";
    const Channel channel = primary();
    ASSERT_TRUE(m_harness->seedMessages(1, uniqueMarker())); // a state to start from
    const std::optional<MessagePage> before = firstPage(channel);
    ASSERT_TRUE(before);
    const QString marker = uniqueMarker();
    ASSERT_TRUE(m_harness->seedMessages(2, marker));

    QHash<QString, MessageFlags> known = flagsOf(before->messages);
    auto changes = await(m_provider->syncChanges(channel.id, before->syncState, known));
    ASSERT_TRUE(changes && changes->ok()) << describe(changes);
    const ChannelChanges& c = changes->value();
    ASSERT_FALSE(c.reset) << "two new messages are no reason to list afresh";
    ASSERT_EQ(withMarker(c.added, marker).size(), 2);
    for (const Message& m : c.added) {
        EXPECT_EQ(m.channelId, channel.id);
        EXPECT_FALSE(known.contains(m.id)) << "reported as new although the caller has it";
    }
    EXPECT_TRUE(c.removedIds.isEmpty());

    // Asked again from the state it handed out, knowing what it reported: nothing more.
    for (const Message& m : c.added)
        known.insert(m.id, m.flags);
    auto again = await(m_provider->syncChanges(channel.id, c.syncState, known));
    ASSERT_TRUE(again && again->ok()) << describe(again);
    EXPECT_FALSE(again->value().reset);
    EXPECT_TRUE(again->value().added.isEmpty()) << again->value().added.size() << " reported twice";
    EXPECT_TRUE(again->value().removedIds.isEmpty());
}

TEST_P(ProviderContract, SyncChangesReportsMessagesDeletedOutOfBand) {
    if (!has(Capability::IncrementalSync))
        GTEST_SKIP() << "provider has no incremental sync";
    const Channel channel = primary();
    const QString marker = uniqueMarker();
    ASSERT_TRUE(m_harness->seedMessages(2, marker));
    const std::optional<MessagePage> before = firstPage(channel);
    ASSERT_TRUE(before);
    const QList<Message> seeded = withMarker(before->messages, marker);
    ASSERT_EQ(seeded.size(), 2);
    ASSERT_TRUE(m_harness->deleteOutOfBand(seeded.first()));

    auto changes = await(m_provider->syncChanges(channel.id, before->syncState, flagsOf(before->messages)));
    ASSERT_TRUE(changes && changes->ok()) << describe(changes);
    const ChannelChanges& c = changes->value();
    ASSERT_FALSE(c.reset) << "one deletion is no reason to list afresh";
    EXPECT_TRUE(c.removedIds.contains(seeded.first().id)) << "the deleted message was not reported";
    EXPECT_FALSE(c.removedIds.contains(seeded.last().id)) << "a message still there was reported removed";
    EXPECT_TRUE(withMarker(c.added, marker).isEmpty());
}

TEST_P(ProviderContract, SyncChangesReportsFlagsChangedOutOfBand) {
    if (!has(Capability::IncrementalSync) || !has(Capability::Flags))
        GTEST_SKIP() << "provider has no incremental sync or no flags";
    const Channel channel = primary();
    const QString marker = uniqueMarker();
    ASSERT_TRUE(m_harness->seedMessages(1, marker));
    const std::optional<MessagePage> before = firstPage(channel);
    ASSERT_TRUE(before);
    const QList<Message> seeded = withMarker(before->messages, marker);
    ASSERT_EQ(seeded.size(), 1);
    ASSERT_FALSE(seeded.first().isRead()) << "a message from someone else arrives unread";
    ASSERT_TRUE(m_harness->markReadOutOfBand(seeded.first()));

    auto changes = await(m_provider->syncChanges(channel.id, before->syncState, flagsOf(before->messages)));
    ASSERT_TRUE(changes && changes->ok()) << describe(changes);
    const ChannelChanges& c = changes->value();
    ASSERT_FALSE(c.reset);
    const auto it = std::find_if(c.flagsChanged.cbegin(), c.flagsChanged.cend(),
                                 [&](const Message& m) { return m.id == seeded.first().id; });
    ASSERT_NE(it, c.flagsChanged.cend()) << "read elsewhere, but not reported";
    EXPECT_TRUE(it->isRead());
    EXPECT_EQ(it->channelId, channel.id);
    EXPECT_FALSE(c.removedIds.contains(seeded.first().id));
}

TEST_P(ProviderContract, SyncChangesAsksForAResetWhenTheServerForgotTheState) {
    if (!has(Capability::IncrementalSync))
        GTEST_SKIP() << "provider has no incremental sync";
    const Channel channel = primary();
    ASSERT_TRUE(m_harness->seedMessages(1, uniqueMarker()));
    const std::optional<MessagePage> before = firstPage(channel);
    ASSERT_TRUE(before);
    QString whyNot;
    if (!m_harness->expireSyncState(channel, &whyNot))
        GTEST_SKIP() << whyNot.toStdString();

    auto changes = await(m_provider->syncChanges(channel.id, before->syncState, flagsOf(before->messages)));
    ASSERT_TRUE(changes && changes->ok()) << describe(changes);
    EXPECT_TRUE(changes->value().reset) << "changes against a state the server forgot would mix generations";

    // Listing from the top gives a state that works again.
    const std::optional<MessagePage> after = firstPage(channel);
    ASSERT_TRUE(after);
    auto again = await(m_provider->syncChanges(channel.id, after->syncState, flagsOf(after->messages)));
    ASSERT_TRUE(again && again->ok()) << describe(again);
    EXPECT_FALSE(again->value().reset);
}

// The aim is an event within 2 s of the change. The test waits on the event with a generous
// deadline (a loaded machine must not fail it) and prints the time it took.
TEST_P(ProviderContract, SubscribeAnnouncesAMessageAddedOutOfBand) {
    if (!has(Capability::Push))
        GTEST_SKIP() << "provider has no push";
    const Channel channel = primary();
    ASSERT_FALSE(channel.id.isEmpty());
    QList<Event> events;
    QObject::connect(m_provider.get(), &Provider::eventsArrived,
                     [&events](const QList<Event>& arrived) { events += arrived; });
    ASSERT_TRUE(m_provider->subscribe({channel.id}).ok());
    ASSERT_TRUE(waitUntil([&] { return m_harness->pushIsLive(*m_provider, events); }, 30000))
        << "push never came up";
    const std::optional<MessagePage> before = firstPage(channel);
    ASSERT_TRUE(before);
    events.clear();

    const QString marker = uniqueMarker();
    QElapsedTimer latency;
    latency.start();
    ASSERT_TRUE(m_harness->seedMessages(1, marker));
    ASSERT_TRUE(waitUntil([&] { return contract::announced(events, channel); }, 20000))
        << "no event after a message arrived out of band";
    const qint64 ms = latency.elapsed();
    RecordProperty("event_after_ms", static_cast<int>(ms));
    std::cout << "[ figures  ] " << GetParam().name << ": push announced an out-of-band message after " << ms
              << " ms (aim: 2000)\n";

    // What was announced is there: in the event itself, or in what syncChanges reports.
    bool carried = false;
    for (const Event& e : std::as_const(events))
        carried = carried || !withMarker(e.messages, marker).isEmpty();
    if (!carried) {
        auto changes =
            await(m_provider->syncChanges(channel.id, before->syncState, flagsOf(before->messages)));
        ASSERT_TRUE(changes && changes->ok()) << describe(changes);
        EXPECT_EQ(withMarker(changes->value().added, marker).size(), 1)
            << "announced, but syncChanges has nothing";
    }
    m_provider->unsubscribe();
}

TEST_P(ProviderContract, SubscribeAnnouncesAMessageDeletedOutOfBand) {
    if (!has(Capability::Push))
        GTEST_SKIP() << "provider has no push";
    const Channel channel = primary();
    const QString marker = uniqueMarker();
    ASSERT_TRUE(m_harness->seedMessages(1, marker));
    const std::optional<MessagePage> before = firstPage(channel);
    ASSERT_TRUE(before);
    const QList<Message> seeded = withMarker(before->messages, marker);
    ASSERT_EQ(seeded.size(), 1);
    QList<Event> events;
    QObject::connect(m_provider.get(), &Provider::eventsArrived,
                     [&events](const QList<Event>& arrived) { events += arrived; });
    ASSERT_TRUE(m_provider->subscribe({channel.id}).ok());
    ASSERT_TRUE(waitUntil([&] { return m_harness->pushIsLive(*m_provider, events); }, 30000))
        << "push never came up";
    events.clear();

    QElapsedTimer latency;
    latency.start();
    ASSERT_TRUE(m_harness->deleteOutOfBand(seeded.first()));
    ASSERT_TRUE(waitUntil([&] { return contract::announced(events, channel); }, 20000))
        << "no event after a message was deleted out of band";
    std::cout << "[ figures  ] " << GetParam().name << ": push announced an out-of-band deletion after "
              << latency.elapsed() << " ms (aim: 2000)\n";

    bool named = false;
    for (const Event& e : std::as_const(events))
        named = named || (e.kind == EventKind::Deleted && e.messageIds.contains(seeded.first().id));
    if (!named) {
        auto changes =
            await(m_provider->syncChanges(channel.id, before->syncState, flagsOf(before->messages)));
        ASSERT_TRUE(changes && changes->ok()) << describe(changes);
        EXPECT_TRUE(changes->value().removedIds.contains(seeded.first().id))
            << "announced, but syncChanges does not report the deletion";
    }
    m_provider->unsubscribe();
}

} // namespace tributary::test
