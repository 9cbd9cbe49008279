#pragma once

// The contract's action cases (after Sink's MailTest: testCreateModifyDeleteMail,
// testMoveMail, testMarkMailAsRead): what the user does (move, remove, edit) follows the
// provider's capabilities: without one the call fails at once with a clear error, with it the
// change shows on the next list. And what others do at the server (delete, edit, read) shows
// on the next list too. Included once, by tests/contract/ProviderContractInstances.cpp.

#include "ProviderContractTests.h"

namespace tributary::test {

TEST_P(ProviderContract, MoveFollowsTheCapability) {
    auto channels = await(m_provider->listChannels());
    ASSERT_TRUE(channels && channels->ok()) << describe(channels);
    const Channel channel = m_harness->primaryChannel(channels->value());
    const QString marker = uniqueMarker();
    ASSERT_TRUE(m_harness->seedOwnMessage(marker));
    const QList<Message> found = findMarked(channel, marker);
    ASSERT_EQ(found.size(), 1);

    if (!has(Capability::Move)) {
        // Any other channel will do: the refusal must come before the target matters.
        Channel elsewhere;
        for (const Channel& c : channels->value())
            if (c.id != channel.id)
                elsewhere = c;
        expectRefusedForWantOf(await(m_provider->move({found.first().id}, elsewhere.id)), "Move");
        EXPECT_EQ(findMarked(channel, marker).size(), 1) << "a refused move changed the channel";
        return;
    }
    const Channel target = m_harness->moveTarget(channels->value());
    ASSERT_FALSE(target.id.isEmpty()) << "the harness names no channel to move to";
    auto r = await(m_provider->move({found.first().id}, target.id));
    ASSERT_TRUE(r && r->ok()) << describe(r);
    EXPECT_TRUE(findMarked(channel, marker).isEmpty())
        << "the moved message is still in " << channel.name.toStdString();
    EXPECT_EQ(findMarked(target, marker).size(), 1)
        << "the moved message is not in " << target.name.toStdString();
}

TEST_P(ProviderContract, RemoveFollowsTheCapability) {
    const Channel channel = primary();
    const QString marker = uniqueMarker();
    ASSERT_TRUE(m_harness->seedOwnMessage(marker));
    const QList<Message> found = findMarked(channel, marker);
    ASSERT_EQ(found.size(), 1);
    auto r = await(m_provider->remove({found.first().id}));
    if (!has(Capability::Delete)) {
        expectRefusedForWantOf(r, "Delete");
        EXPECT_EQ(findMarked(channel, marker).size(), 1) << "a refused removal changed the channel";
        return;
    }
    ASSERT_TRUE(r && r->ok()) << describe(r);
    EXPECT_TRUE(findMarked(channel, marker).isEmpty()) << "the removed message is still listed";
}

TEST_P(ProviderContract, EditFollowsTheCapability) {
    const Channel channel = primary();
    const QString marker = uniqueMarker();
    ASSERT_TRUE(m_harness->seedOwnMessage(marker));
    const QList<Message> found = findMarked(channel, marker);
    ASSERT_EQ(found.size(), 1);
    const QString edit = uniqueMarker();
    auto r =
        await(m_provider->editMessage(found.first().id, QStringLiteral("Edited %1 %2").arg(marker, edit)));
    if (!has(Capability::EditOwnMessages)) {
        expectRefusedForWantOf(r, "EditOwnMessages");
        return;
    }
    ASSERT_TRUE(r && r->ok()) << describe(r);
    const QList<Message> after = findMarked(channel, marker);
    ASSERT_EQ(after.size(), 1) << "an edit neither duplicates nor loses the message";
    EXPECT_EQ(after.first().id, found.first().id) << "an edited message keeps its id";
    auto body = await(m_provider->fetchBody(after.first().id));
    ASSERT_TRUE(body && body->ok()) << describe(body);
    EXPECT_TRUE(body->value().text.contains(edit) || body->value().html.contains(edit))
        << "the edit is not shown";
}

TEST_P(ProviderContract, OutOfBandDeletionShowsOnTheNextList) {
    const Channel channel = primary();
    const QString marker = uniqueMarker();
    ASSERT_TRUE(m_harness->seedMessages(2, marker));
    const QList<Message> found = findMarked(channel, marker);
    ASSERT_EQ(found.size(), 2);
    ASSERT_TRUE(m_harness->deleteOutOfBand(found.first()));
    const QList<Message> after = findMarked(channel, marker);
    ASSERT_EQ(after.size(), 1);
    EXPECT_EQ(after.first().id, found.last().id) << "the wrong message went away";
}

TEST_P(ProviderContract, OutOfBandEditShowsOnTheNextList) {
    const Channel channel = primary();
    const QString marker = uniqueMarker();
    ASSERT_TRUE(m_harness->seedMessages(1, marker));
    const QList<Message> found = findMarked(channel, marker);
    ASSERT_EQ(found.size(), 1);
    const QString edit = uniqueMarker();
    ASSERT_TRUE(m_harness->editOutOfBand(found.first(), QStringLiteral("Edited %1 %2").arg(marker, edit)));
    // Chat edits in place; mail is replaced by an edited copy. Either way one message shows.
    const QList<Message> after = findMarked(channel, marker);
    ASSERT_EQ(after.size(), 1);
    auto body = await(m_provider->fetchBody(after.first().id));
    ASSERT_TRUE(body && body->ok()) << describe(body);
    EXPECT_TRUE(body->value().text.contains(edit) || body->value().html.contains(edit))
        << "the edit made elsewhere is not shown";
}

TEST_P(ProviderContract, OutOfBandReadShowsOnTheNextList) {
    if (!has(Capability::Flags))
        GTEST_SKIP() << "provider has no flags";
    const Channel channel = primary();
    const QString marker = uniqueMarker();
    ASSERT_TRUE(m_harness->seedMessages(1, marker));
    const QList<Message> found = findMarked(channel, marker);
    ASSERT_EQ(found.size(), 1);
    ASSERT_FALSE(found.first().isRead());
    ASSERT_TRUE(m_harness->markReadOutOfBand(found.first()));
    const QList<Message> after = findMarked(channel, marker);
    ASSERT_EQ(after.size(), 1);
    EXPECT_TRUE(after.first().isRead()) << "read in another client, still unread here";
}

} // namespace tributary::test
