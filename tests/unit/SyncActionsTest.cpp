// SyncController's user actions: shown at once, done on the server, undone and explained
// when the server refuses.
#include "Await.h"
#include "FakeProvider.h"
#include "inbox/InboxStore.h"
#include "sync/SyncController.h"

#include <QSignalSpy>
#include <QTest>
#include <gtest/gtest.h>

using namespace tributary;
using tributary::test::FakeProvider;
using tributary::test::waitUntil;

namespace {

const QString kAccount = QStringLiteral("acme");

struct SyncActionsTest : ::testing::Test {
    SyncActionsTest()
        : provider(kAccount)
        , sync(&store, nullptr) {
        provider.incremental = true;
        inbox = provider.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        archive = provider.addChannel(QStringLiteral("Archive"), ChannelRole::Archive);
        trash = provider.addChannel(QStringLiteral("Trash"), ChannelRole::Trash);
        mail = provider.addMessages(inbox, 3);
        sync.addProvider(&provider);
        sync.start();
        EXPECT_TRUE(waitUntil([&] { return sync.status(kAccount).state == AccountState::Live; }));
    }

    int unread(const Channel& channel) const {
        for (const Channel& c : sync.channels(kAccount)) {
            if (c.id == channel.id)
                return c.unreadCount;
        }
        return -1;
    }

    FakeProvider provider;
    InboxStore store;
    SyncController sync;
    Channel inbox;
    Channel archive;
    Channel trash;
    QList<Message> mail;
};

} // namespace

TEST_F(SyncActionsTest, FlagShowsAtOnceAndReachesTheServer) {
    sync.setFlags({mail[0].id}, MessageFlag::Flagged, {});
    EXPECT_TRUE(store.message(mail[0].id)->flags.testFlag(MessageFlag::Flagged)) << "at once";
    ASSERT_TRUE(waitUntil([&] { return provider.flagCalls.size() == 1; }));
    sync.setFlags({mail[0].id}, MessageFlag::Flagged, {});
    QTest::qWait(20);
    EXPECT_EQ(provider.flagCalls.size(), 1) << "nothing to change, nothing sent";
}

TEST_F(SyncActionsTest, RefusedFlagChangeIsUndoneAndExplained) {
    QSignalSpy failed(&sync, &SyncController::actionFailed);
    provider.flagsError = ProviderError::invalid(QStringLiteral("Mailbox is read-only"));
    sync.setFlags({mail[0].id, mail[1].id}, MessageFlag::Read, {});
    EXPECT_EQ(unread(inbox), 1);
    ASSERT_TRUE(waitUntil([&] { return failed.count() == 1; }));
    EXPECT_FALSE(store.message(mail[0].id)->isRead());
    EXPECT_FALSE(store.message(mail[1].id)->isRead());
    EXPECT_EQ(unread(inbox), 3);
    EXPECT_TRUE(failed.first().at(0).toString().contains(QStringLiteral("Mailbox is read-only")));
}

TEST_F(SyncActionsTest, ArchiveLeavesTheInboxAtOnceAndShowsUpInTheArchiveWhenLoaded) {
    sync.openChannel(archive.id);
    sync.archiveMessages({mail[0].id});
    EXPECT_FALSE(store.message(mail[0].id).has_value()) << "gone from the inbox at once";
    EXPECT_EQ(unread(inbox), 2);
    ASSERT_TRUE(waitUntil([&] { return provider.moveCalls.size() == 1; }));
    EXPECT_EQ(provider.moveCalls[0].second, archive.id);
    // The archived copy has a new id; the open archive picks it up.
    ASSERT_TRUE(waitUntil([&] {
        const QList<Thread> threads = store.threads();
        return std::any_of(threads.cbegin(), threads.cend(), [&](const Thread& t) {
            return t.subject == mail[0].subject && t.channelIds.contains(archive.id);
        });
    }));
}

TEST_F(SyncActionsTest, RefusedMoveComesBackWithAnExplanation) {
    QSignalSpy failed(&sync, &SyncController::actionFailed);
    provider.moveError = ProviderError::network(QStringLiteral("connection reset"));
    sync.deleteMessages({mail[1].id});
    EXPECT_FALSE(store.message(mail[1].id).has_value());
    ASSERT_TRUE(waitUntil([&] { return failed.count() == 1; }));
    EXPECT_TRUE(store.message(mail[1].id).has_value()) << "put back";
    EXPECT_EQ(unread(inbox), 3);
    const QString why = failed.first().at(0).toString();
    EXPECT_TRUE(why.startsWith(QStringLiteral("Deleting 1 message(s) did not work"))) << why.toStdString();
    EXPECT_TRUE(why.contains(QStringLiteral("connection reset")));
}

TEST_F(SyncActionsTest, MovingToAnotherAccountIsRefusedUpFront) {
    QSignalSpy failed(&sync, &SyncController::actionFailed);
    sync.moveMessages({mail[0].id},
                      makeId(IdKind::Channel, QStringLiteral("other"), QStringLiteral("INBOX")));
    EXPECT_EQ(failed.count(), 1);
    EXPECT_TRUE(store.message(mail[0].id).has_value());
    EXPECT_TRUE(provider.moveCalls.isEmpty());
}

// -- undo (issue 11) ----------------------------------------------------------------------

namespace {

//! The server's INBOX holds a message with this Message-ID again.
bool inboxHolds(const FakeProvider& provider, const Channel& inbox, const Message& original) {
    const QList<Message> held = provider.messagesIn(inbox.id);
    return std::any_of(held.cbegin(), held.cend(),
                       [&](const Message& m) { return m.messageIdHeader == original.messageIdHeader; });
}

//! The store holds the conversation of `original` exactly once, in the INBOX.
bool shownOnceInInbox(const InboxStore& store, const Channel& inbox, const Message& original) {
    int rows = 0;
    for (const Thread& t : store.threads()) {
        if (t.subject == original.subject)
            rows += t.channelIds == QStringList{inbox.id} ? 1 : 100;
    }
    return rows == 1;
}

} // namespace

TEST_F(SyncActionsTest, UndoArchiveBringsTheMessageBackAtOnceAndOnTheServer) {
    QSignalSpy undoChanged(&sync, &SyncController::undoChanged);
    sync.archiveMessages({mail[0].id});
    ASSERT_TRUE(sync.canUndo());
    EXPECT_EQ(sync.undoText(), QStringLiteral("Archive"));
    ASSERT_TRUE(waitUntil([&] { return provider.moveCalls.size() == 1; }));
    ASSERT_FALSE(inboxHolds(provider, inbox, mail[0]));

    ASSERT_TRUE(sync.undo());
    EXPECT_TRUE(store.message(mail[0].id).has_value()) << "back in the list at once";
    EXPECT_EQ(unread(inbox), 3);
    EXPECT_FALSE(sync.canUndo());
    ASSERT_TRUE(waitUntil([&] { return inboxHolds(provider, inbox, mail[0]); })) << "and on the server";
    EXPECT_TRUE(provider.messagesIn(archive.id).isEmpty());
    // The server gave it a new id in the INBOX: the refresh swaps it in, one row all along.
    ASSERT_TRUE(waitUntil([&] { return !store.message(mail[0].id).has_value(); }));
    EXPECT_TRUE(shownOnceInInbox(store, inbox, mail[0]));
    EXPECT_GE(undoChanged.count(), 2);
}

TEST_F(SyncActionsTest, UndoDeleteTakesTheMessageOutOfTheTrash) {
    sync.deleteMessages({mail[1].id});
    ASSERT_TRUE(waitUntil([&] { return provider.messagesIn(trash.id).size() == 1; }));
    EXPECT_EQ(sync.undoText(), QStringLiteral("Delete"));
    ASSERT_TRUE(sync.undo());
    ASSERT_TRUE(waitUntil([&] { return inboxHolds(provider, inbox, mail[1]); }));
    EXPECT_TRUE(provider.messagesIn(trash.id).isEmpty());
    ASSERT_TRUE(waitUntil([&] { return shownOnceInInbox(store, inbox, mail[1]); }));
}

TEST_F(SyncActionsTest, SeveralActionsAreUndoneNewestFirst) {
    sync.setFlags({mail[2].id}, MessageFlag::Flagged, {});
    sync.setFlags({mail[2].id}, MessageFlag::Read, {});
    sync.archiveMessages({mail[0].id});
    ASSERT_TRUE(waitUntil([&] { return provider.moveCalls.size() == 1 && provider.flagCalls.size() == 2; }));

    ASSERT_TRUE(sync.undo()); // the archive
    EXPECT_TRUE(store.message(mail[0].id).has_value());
    EXPECT_EQ(sync.undoText(), QStringLiteral("Mark as Read"));
    ASSERT_TRUE(sync.undo()); // the read change
    EXPECT_FALSE(store.message(mail[2].id)->isRead());
    EXPECT_TRUE(store.message(mail[2].id)->flags.testFlag(MessageFlag::Flagged));
    ASSERT_TRUE(sync.undo()); // the flag
    EXPECT_FALSE(store.message(mail[2].id)->flags.testFlag(MessageFlag::Flagged));
    EXPECT_FALSE(sync.undo()) << "nothing left";

    // ... and the server agrees.
    ASSERT_TRUE(waitUntil([&] { return inboxHolds(provider, inbox, mail[0]); }));
    ASSERT_TRUE(waitUntil([&] {
        for (const Message& m : provider.messagesIn(inbox.id)) {
            if (m.id == mail[2].id)
                return !m.isRead() && !m.flags.testFlag(MessageFlag::Flagged);
        }
        return false;
    }));
}

TEST_F(SyncActionsTest, ReadingByOpeningIsNotUndoneInsteadOfTheArchive) {
    sync.archiveMessages({mail[0].id});
    sync.markThreadRead(store.message(mail[1].id)->threadId); // the next one opened
    EXPECT_EQ(sync.undoText(), QStringLiteral("Archive"));
}

TEST_F(SyncActionsTest, ARefusedActionLeavesNothingToUndo) {
    provider.moveError = ProviderError::network(QStringLiteral("connection reset"));
    QSignalSpy failed(&sync, &SyncController::actionFailed);
    sync.archiveMessages({mail[0].id});
    ASSERT_TRUE(waitUntil([&] { return failed.count() == 1; }));
    EXPECT_FALSE(sync.canUndo());
}
