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
