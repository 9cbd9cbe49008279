// SyncController's incremental sync: resuming from a stored state, change announcements
// (IMAP IDLE's ChannelChanged), and reloading when the state no longer applies.
#include "Await.h"
#include "FakeProvider.h"
#include "cache/ViewStateCache.h"
#include "inbox/InboxStore.h"
#include "sync/SyncController.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace tributary;
using tributary::test::await;
using tributary::test::FakeProvider;
using tributary::test::waitUntil;

namespace {

const QString kAccount = QStringLiteral("acme");

struct SyncChangesTest : ::testing::Test {
    SyncChangesTest()
        : provider(kAccount) {
        provider.incremental = true;
        inbox = provider.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        options.firstPageSize = 5;
        options.pageSize = 10;
        options.backfillLimit = 25;
        options.reconnectMinMs = 30;
        options.reconnectMaxMs = 60;
        EXPECT_TRUE(dir.isValid());
        path = dir.filePath(QStringLiteral("viewstate.sqlite3"));
    }

    bool online(const SyncController& sync) {
        return waitUntil([&] {
            const AccountStatus s = sync.status(kAccount);
            return s.state == AccountState::Live;
        });
    }

    //! One app run that syncs the inbox into a fresh store and the cache, then closes.
    void firstRun() {
        ViewStateCache cache(path);
        ASSERT_TRUE(await(cache.open()));
        InboxStore first;
        SyncController sync(&first, &cache, options);
        sync.addProvider(&provider);
        sync.start();
        ASSERT_TRUE(online(sync));
        ASSERT_TRUE(await(cache.flush()));
    }

    int unreadOf(const SyncController& sync, const QString& channelId) {
        for (const Channel& c : sync.channels(kAccount)) {
            if (c.id == channelId)
                return c.unreadCount;
        }
        return -1;
    }

    QTemporaryDir dir;
    QString path;
    FakeProvider provider;
    Channel inbox;
    InboxStore store;
    SyncController::Options options;
};

} // namespace

TEST_F(SyncChangesTest, WarmStartAsksForChangesInsteadOfListingAgain) {
    const QList<Message> old = provider.addMessages(inbox, 8);
    firstRun();
    const qsizetype listed = provider.requests.size();

    // While the app was closed: two new messages, one read elsewhere, one deleted.
    const QList<Message> fresh = provider.addMessages(inbox, 2);
    provider.setServerFlags(old[0].id, MessageFlag::Read);
    provider.removeMessage(old[1].id);

    ViewStateCache cache(path);
    ASSERT_TRUE(await(cache.open()));
    SyncController sync(&store, &cache, options);
    sync.addProvider(&provider);
    QSignalSpy arrived(&sync, &SyncController::messagesArrived);
    int shownWarm = -1;
    QObject::connect(&sync, &SyncController::warmStartFinished, [&] { shownWarm = store.messageCount(); });
    sync.start();
    ASSERT_TRUE(waitUntil([&] { return shownWarm >= 0; }));
    EXPECT_EQ(shownWarm, 8) << "the cached rows show before the network answers";
    ASSERT_TRUE(online(sync));
    ASSERT_TRUE(waitUntil([&] { return store.messageCount() == 9; }));

    EXPECT_EQ(provider.requests.size(), listed) << "nothing was listed again";
    ASSERT_EQ(provider.changeRequests.size(), 1);
    EXPECT_EQ(provider.changeRequests[0].first, inbox.id);
    EXPECT_EQ(provider.changeRequests[0].second.value(QStringLiteral("mark")).toInt(), 8);
    EXPECT_TRUE(store.message(fresh[0].id).has_value());
    EXPECT_FALSE(store.message(old[1].id).has_value());
    EXPECT_TRUE(store.message(old[0].id)->isRead());
    ASSERT_EQ(arrived.count(), 1);
    EXPECT_EQ(arrived.first().at(0).value<QList<Message>>().size(), 2);

    // The cache followed, and holds the new state for the next run.
    ASSERT_TRUE(await(cache.flush()));
    auto rows = await(cache.loadMessages());
    ASSERT_TRUE(rows.has_value());
    EXPECT_EQ(rows->size(), 9);
    auto cursors = await(cache.cursors(kAccount, inbox.id));
    ASSERT_TRUE(cursors.has_value());
    EXPECT_EQ(cursors->value(QStringLiteral("mark")).toInt(), 10);
}

TEST_F(SyncChangesTest, ResumedChannelStillBackfillsFromTheStoredCursor) {
    provider.addMessages(inbox, 40); // more than backfillLimit (25): history remains
    firstRun();
    ViewStateCache cache(path);
    ASSERT_TRUE(await(cache.open()));
    SyncController sync(&store, &cache, options);
    sync.addProvider(&provider);
    QSignalSpy finished(&sync, &SyncController::backfillFinished);
    sync.start();
    ASSERT_TRUE(online(sync));
    ASSERT_TRUE(waitUntil([&] { return provider.changeRequests.size() == 1; }));
    EXPECT_EQ(store.messageCount(), 25);

    const qsizetype before = provider.requests.size();
    sync.requestBackfill();
    ASSERT_TRUE(waitUntil([&] { return finished.count() == 1; }));
    ASSERT_EQ(provider.requests.size(), before + 1);
    EXPECT_EQ(provider.requests.last().second.cursor, QStringLiteral("25"));
    EXPECT_EQ(store.messageCount(), 35);
}

TEST_F(SyncChangesTest, ChannelChangedEventBringsNewMailAndUnreadCounts) {
    provider.addMessages(inbox, 3, true);
    SyncController sync(&store, nullptr, options);
    sync.addProvider(&provider);
    QSignalSpy arrived(&sync, &SyncController::messagesArrived);
    sync.start();
    ASSERT_TRUE(online(sync));
    EXPECT_EQ(unreadOf(sync, inbox.id), 0);

    const QList<Message> fresh = provider.addMessages(inbox, 1);
    Event changed;
    changed.kind = EventKind::ChannelChanged;
    changed.accountId = kAccount;
    changed.channelId = inbox.id;
    provider.push(changed);
    ASSERT_TRUE(waitUntil([&] { return store.message(fresh[0].id).has_value(); }));
    EXPECT_EQ(unreadOf(sync, inbox.id), 1);
    ASSERT_EQ(arrived.count(), 1);

    // Read on another device: the next announcement carries the flag change.
    provider.setServerFlags(fresh[0].id, MessageFlag::Read);
    provider.push(changed);
    ASSERT_TRUE(waitUntil([&] { return store.message(fresh[0].id)->isRead(); }));
    EXPECT_EQ(unreadOf(sync, inbox.id), 0);
    EXPECT_EQ(arrived.count(), 1) << "a flag change is not new mail";
}

TEST_F(SyncChangesTest, StaleStateReloadsTheChannelFromTheTop) {
    const QList<Message> old = provider.addMessages(inbox, 4);
    SyncController sync(&store, nullptr, options);
    sync.addProvider(&provider);
    sync.start();
    ASSERT_TRUE(online(sync));
    ASSERT_EQ(store.messageCount(), 4);

    // The server rebuilt the folder: same mail, new UIDs.
    provider.validity = 43;
    for (const Message& m : old)
        provider.removeMessage(m.id);
    const QList<Message> rebuilt = provider.addMessages(inbox, 4);
    const qsizetype listed = provider.requests.size();
    Event changed;
    changed.kind = EventKind::ChannelChanged;
    changed.accountId = kAccount;
    changed.channelId = inbox.id;
    provider.push(changed);
    ASSERT_TRUE(waitUntil([&] { return store.message(rebuilt[0].id).has_value(); }));
    EXPECT_FALSE(store.message(old[0].id).has_value());
    EXPECT_EQ(store.messageCount(), 4);
    ASSERT_GT(provider.requests.size(), listed);
    EXPECT_TRUE(provider.requests[listed].second.cursor.isEmpty()) << "listed from the top";
}

TEST_F(SyncChangesTest, NetworkErrorDuringRefreshGoesOfflineAndResumesFromTheSameState) {
    provider.addMessages(inbox, 2);
    SyncController sync(&store, nullptr, options);
    sync.addProvider(&provider);
    sync.start();
    ASSERT_TRUE(online(sync));

    provider.changesError = ProviderError::network(QStringLiteral("connection reset"));
    const QList<Message> fresh = provider.addMessages(inbox, 1);
    Event changed;
    changed.kind = EventKind::ChannelChanged;
    changed.accountId = kAccount;
    changed.channelId = inbox.id;
    provider.push(changed);
    ASSERT_TRUE(waitUntil([&] { return sync.status(kAccount).state == AccountState::Reconnecting; }));
    EXPECT_EQ(store.messageCount(), 2) << "nothing is lost";

    provider.changesError.reset();
    const qsizetype listed = provider.requests.size();
    ASSERT_TRUE(waitUntil([&] { return store.message(fresh[0].id).has_value(); }));
    EXPECT_EQ(provider.requests.size(), listed) << "the reconnect resumed instead of listing again";
    EXPECT_EQ(store.messageCount(), 3);
}
