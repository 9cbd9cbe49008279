#include "sync/SyncController.h"

#include "Await.h"
#include "FakeProvider.h"
#include "cache/ViewStateCache.h"
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "util/ReadyFuture.h"

#include <QPromise>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <gtest/gtest.h>

using namespace tributary;
using tributary::test::await;
using tributary::test::FakeProvider;
using tributary::test::waitUntil;

namespace {

struct SyncControllerTest : ::testing::Test {
    SyncControllerTest()
        : provider(QStringLiteral("acme")) {
        inbox = provider.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        archive = provider.addChannel(QStringLiteral("Archive"), ChannelRole::Archive);
        options.firstPageSize = 5;
        options.pageSize = 10;
        options.backfillLimit = 25;
        options.reconnectMinMs = 30;
        options.reconnectMaxMs = 60;
    }

    std::unique_ptr<SyncController> make(ViewStateCache* cache = nullptr) {
        auto sync = std::make_unique<SyncController>(&store, cache, options);
        sync->addProvider(&provider);
        return sync;
    }

    bool waitForState(SyncController& sync, AccountState state) {
        return waitUntil([&] { return sync.status(provider.account().id).state == state; }, 5000);
    }

    FakeProvider provider;
    Channel inbox;
    Channel archive;
    InboxStore store;
    SyncController::Options options;
};

} // namespace

TEST_F(SyncControllerTest, FillsTheFirstPageThenBackfillsToTheLimit) {
    provider.addMessages(inbox, 30);
    provider.addMessages(archive, 10);
    auto sync = make();
    QSignalSpy channels(sync.get(), &SyncController::channelsChanged);
    sync->start();
    ASSERT_TRUE(waitForState(*sync, AccountState::Live));

    ASSERT_EQ(channels.count(), 1);
    EXPECT_EQ(channels.first().at(0).toString(), QStringLiteral("acme"));
    EXPECT_EQ(channels.first().at(1).value<QList<Channel>>().size(), 2);
    EXPECT_EQ(sync->channels(QStringLiteral("acme")).size(), 2);

    // A small first page for the visible window, then background pages up to the limit.
    ASSERT_EQ(provider.requests.size(), 3);
    EXPECT_EQ(provider.requests[0].first, inbox.id);
    EXPECT_EQ(provider.requests[0].second.limit, 5);
    EXPECT_TRUE(provider.requests[0].second.cursor.isEmpty());
    EXPECT_EQ(provider.requests[1].second.limit, 10);
    EXPECT_EQ(provider.requests[1].second.cursor, QStringLiteral("5"));
    EXPECT_EQ(provider.requests[2].second.cursor, QStringLiteral("15"));
    EXPECT_EQ(store.messageCount(), 25);
    EXPECT_EQ(provider.subscribed, QStringList{inbox.id});
}

TEST_F(SyncControllerTest, ReportsConnectingSyncingLive) {
    provider.addMessages(inbox, 30);
    auto sync = make();
    EXPECT_EQ(sync->status(QStringLiteral("acme")).state, AccountState::Connecting)
        << "from the moment it is added";
    QList<AccountStatus> seen;
    QObject::connect(sync.get(), &SyncController::statusChanged,
                     [&](const QString&, const AccountStatus& s) { seen.append(s); });
    sync->start();
    ASSERT_TRUE(waitForState(*sync, AccountState::Live));
    ASSERT_GE(seen.size(), 2);
    EXPECT_EQ(seen.first().state, AccountState::Syncing);
    EXPECT_EQ(seen.last().state, AccountState::Live);
    EXPECT_TRUE(seen.last().lastSynced.isValid());
    const auto syncing = std::find_if(seen.begin(), seen.end(), [](const AccountStatus& s) {
        return s.state == AccountState::Syncing && s.progressDone == 5;
    });
    ASSERT_NE(syncing, seen.end());
    EXPECT_EQ(syncing->progressTotal, 25) << "the total is what this sync will load: min(count, limit)";
}

TEST_F(SyncControllerTest, BackfillsOnRequestUntilExhausted) {
    provider.addMessages(inbox, 30);
    auto sync = make();
    sync->start();
    ASSERT_TRUE(waitForState(*sync, AccountState::Live));
    QSignalSpy finished(sync.get(), &SyncController::backfillFinished);

    sync->requestBackfill();
    ASSERT_TRUE(waitUntil([&] { return finished.count() == 1; }));
    EXPECT_FALSE(finished.first().at(0).toBool()) << "all 30 are loaded";
    EXPECT_EQ(store.messageCount(), 30);

    sync->requestBackfill(); // nothing left: answered at once, but never re-entrantly
    EXPECT_EQ(finished.count(), 1);
    ASSERT_TRUE(waitUntil([&] { return finished.count() == 2; }));
    EXPECT_FALSE(finished.last().at(0).toBool());
}

TEST_F(SyncControllerTest, BackfillWithMoreHistoryLeftSaysSo) {
    provider.addMessages(inbox, 60);
    auto sync = make();
    sync->start();
    ASSERT_TRUE(waitForState(*sync, AccountState::Live));
    QSignalSpy finished(sync.get(), &SyncController::backfillFinished);
    sync->requestBackfill();
    ASSERT_TRUE(waitUntil([&] { return finished.count() == 1; }));
    EXPECT_TRUE(finished.first().at(0).toBool());
    EXPECT_EQ(store.messageCount(), 35);
}

TEST_F(SyncControllerTest, OpeningAChannelLoadsItAndScopesBackfill) {
    provider.addMessages(inbox, 3);
    provider.addMessages(archive, 12);
    auto sync = make();
    sync->start();
    ASSERT_TRUE(waitForState(*sync, AccountState::Live));
    EXPECT_EQ(store.messageCount(), 3);

    sync->openChannel(archive.id);
    EXPECT_EQ(sync->openChannelId(), archive.id);
    ASSERT_TRUE(waitUntil([&] { return store.messageCount() == 15; }));
    EXPECT_TRUE(provider.subscribed.contains(archive.id));

    QSignalSpy finished(sync.get(), &SyncController::backfillFinished);
    sync->requestBackfill();
    ASSERT_TRUE(waitUntil([&] { return finished.count() == 1; }));
    EXPECT_FALSE(finished.first().at(0).toBool());
}

TEST_F(SyncControllerTest, AChannelOpenedBeforeConnectingLoadsOnceConnected) {
    provider.addMessages(archive, 4);
    auto sync = make();
    sync->openChannel(archive.id);
    sync->start();
    ASSERT_TRUE(waitForState(*sync, AccountState::Live));
    EXPECT_EQ(store.messageCount(), 4);
}

TEST_F(SyncControllerTest, AuthFailureNeedsSignIn) {
    provider.connectFailures = 1;
    provider.connectError = ProviderError::auth(QStringLiteral("The server rejected the password."));
    auto sync = make();
    sync->start();
    ASSERT_TRUE(waitForState(*sync, AccountState::SignInRequired));
    EXPECT_EQ(sync->status(QStringLiteral("acme")).reason,
              QStringLiteral("The server rejected the password."));
    QTest::qWait(100);
    EXPECT_EQ(provider.connectCalls, 1) << "a wrong password is not retried by itself";
    EXPECT_EQ(provider.listChannelCalls, 0);

    sync->reconnect(QStringLiteral("acme"));
    EXPECT_TRUE(waitForState(*sync, AccountState::Live));
}

TEST_F(SyncControllerTest, NetworkFailureGoesOfflineAndRetries) {
    provider.addMessages(inbox, 2);
    provider.connectFailures = 2;
    auto sync = make();
    QList<AccountState> states;
    QObject::connect(sync.get(), &SyncController::statusChanged,
                     [&](const QString&, const AccountStatus& s) { states.append(s.state); });
    sync->start();
    ASSERT_TRUE(waitForState(*sync, AccountState::Live));
    EXPECT_EQ(provider.connectCalls, 3);
    EXPECT_TRUE(states.contains(AccountState::Reconnecting));
    EXPECT_EQ(store.messageCount(), 2);
}

TEST_F(SyncControllerTest, APageErrorIsReportedPerAccount) {
    provider.addMessages(inbox, 2);
    provider.pageError = ProviderError::protocol(QStringLiteral("garbled FETCH"));
    FakeProvider other(QStringLiteral("other"));
    const Channel otherInbox = other.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
    other.addMessages(otherInbox, 3);
    auto sync = make();
    sync->addProvider(&other);
    sync->start();
    ASSERT_TRUE(waitForState(*sync, AccountState::Error));
    EXPECT_EQ(sync->status(QStringLiteral("acme")).reason, QStringLiteral("garbled FETCH"));
    ASSERT_TRUE(waitUntil([&] { return sync->status(QStringLiteral("other")).state == AccountState::Live; }));
    EXPECT_EQ(store.messageCount(), 3);
}

TEST_F(SyncControllerTest, MarkingAThreadReadUpdatesStoreCountsAndServer) {
    const QList<Message> added = provider.addMessages(inbox, 3);
    auto sync = make();
    sync->start();
    ASSERT_TRUE(waitForState(*sync, AccountState::Live));
    const QString threadId = store.message(added.first().id)->threadId;
    ASSERT_FALSE(threadId.isEmpty());
    QSignalSpy channels(sync.get(), &SyncController::channelsChanged);

    sync->markThreadRead(threadId);
    EXPECT_TRUE(store.message(added.first().id)->isRead()) << "shown at once";
    ASSERT_EQ(channels.count(), 1);
    const auto list = channels.first().at(1).value<QList<Channel>>();
    EXPECT_EQ(list.first().unreadCount, 2);
    ASSERT_TRUE(waitUntil([&] { return provider.flagCalls.size() == 1; }));
    EXPECT_EQ(provider.flagCalls.first(), QStringList{added.first().id});

    // Marking it again is a no-op: nothing unread is left.
    sync->markThreadRead(threadId);
    QTest::qWait(50);
    EXPECT_EQ(provider.flagCalls.size(), 1);
}

TEST_F(SyncControllerTest, AFailedMarkReadIsReverted) {
    const QList<Message> added = provider.addMessages(inbox, 1);
    provider.flagsError = ProviderError::network(QStringLiteral("reset"));
    auto sync = make();
    sync->start();
    ASSERT_TRUE(waitForState(*sync, AccountState::Live));
    sync->markThreadRead(store.message(added.first().id)->threadId);
    EXPECT_TRUE(store.message(added.first().id)->isRead());
    ASSERT_TRUE(waitUntil([&] { return !store.message(added.first().id)->isRead(); }));
    EXPECT_EQ(sync->channels(QStringLiteral("acme")).first().unreadCount, 1);
}

TEST_F(SyncControllerTest, EditingOwnMessagesShowsAtOnceAndARefusalGivesTheTextBack) {
    provider.editing = true;
    QList<Message> added = provider.addMessages(inbox, 2);
    provider.setFlagsOf(added.first().id, MessageFlag::FromMe | MessageFlag::Read);
    auto sync = make();
    sync->start();
    ASSERT_TRUE(waitForState(*sync, AccountState::Live));
    const QString mine = added.first().id;
    const QString theirs = added.last().id;
    EXPECT_TRUE(sync->canEdit(mine));
    EXPECT_FALSE(sync->canEdit(theirs)) << "only the user's own messages";

    sync->editMessage(mine, QStringLiteral("Fixed the typo"));
    EXPECT_EQ(store.message(mine)->snippet, QStringLiteral("Fixed the typo"))
        << "shown before the server answers";
    auto body = await(sync->fetchBody(mine));
    ASSERT_TRUE(body && body->ok());
    EXPECT_EQ(body->value().text, QStringLiteral("Fixed the typo"));
    ASSERT_EQ(provider.editCalls.size(), 1);
    EXPECT_EQ(provider.editCalls.first().second, QStringLiteral("Fixed the typo"));

    provider.editError = ProviderError::invalid(QStringLiteral("cant_update_message"));
    QSignalSpy failed(sync.get(), &SyncController::editFailed);
    sync->editMessage(mine, QStringLiteral("A second thought"));
    ASSERT_TRUE(waitUntil([&] { return failed.size() == 1; }));
    EXPECT_EQ(failed.first().at(1).toString(), QStringLiteral("A second thought")) << "what the user wrote";
    EXPECT_EQ(store.message(mine)->snippet, QStringLiteral("Fixed the typo")) << "the server's text is back";

    QSignalSpy refused(sync.get(), &SyncController::editFailed);
    sync->editMessage(theirs, QStringLiteral("not mine"));
    EXPECT_EQ(refused.size(), 1);
    EXPECT_EQ(provider.editCalls.size(), 2) << "nothing sent for someone else's message";
}

TEST_F(SyncControllerTest, BodiesAreFetchedOnceAndStaleRowsDropped) {
    const QList<Message> added = provider.addMessages(inbox, 2);
    auto sync = make();
    sync->start();
    ASSERT_TRUE(waitForState(*sync, AccountState::Live));

    auto first = await(sync->fetchBody(added.first().id));
    ASSERT_TRUE(first && first->ok());
    EXPECT_EQ(first->value().text, QStringLiteral("Body of ") + added.first().subject);
    auto second = await(sync->fetchBody(added.first().id));
    ASSERT_TRUE(second && second->ok());
    EXPECT_EQ(provider.bodyCalls, 1) << "the second read comes from memory";

    provider.removeMessage(added.last().id);
    auto gone = await(sync->fetchBody(added.last().id));
    ASSERT_TRUE(gone.has_value());
    EXPECT_EQ(gone->error().kind, ErrorKind::NotFound);
    EXPECT_FALSE(store.message(added.last().id).has_value());

    auto unknown =
        await(sync->fetchBody(makeId(IdKind::Message, QStringLiteral("nobody"), QStringLiteral("1"))));
    ASSERT_TRUE(unknown.has_value());
    EXPECT_FALSE(unknown->ok());
}

TEST_F(SyncControllerTest, LiveEventsReachTheStore) {
    provider.addMessages(inbox, 1);
    auto sync = make();
    sync->start();
    ASSERT_TRUE(waitForState(*sync, AccountState::Live));

    Message fresh = provider.addMessages(inbox, 1).first();
    Event created;
    created.kind = EventKind::Created;
    created.accountId = QStringLiteral("acme");
    created.channelId = inbox.id;
    created.messages = {fresh};
    provider.push(created);
    EXPECT_TRUE(store.message(fresh.id).has_value());

    Event deleted;
    deleted.kind = EventKind::Deleted;
    deleted.messageIds = {fresh.id};
    provider.push(deleted);
    EXPECT_FALSE(store.message(fresh.id).has_value());

    const int before = provider.listChannelCalls;
    Event channelsChanged;
    channelsChanged.kind = EventKind::ChannelsChanged;
    provider.push(channelsChanged);
    EXPECT_TRUE(waitUntil([&] { return provider.listChannelCalls == before + 1; }));
}

TEST_F(SyncControllerTest, RemovingAnAccountRemovesItsThreads) {
    provider.addMessages(inbox, 4);
    auto sync = make();
    sync->start();
    ASSERT_TRUE(waitForState(*sync, AccountState::Live));
    EXPECT_EQ(store.threadCount(), 4);
    sync->removeProvider(QStringLiteral("acme"));
    EXPECT_EQ(store.threadCount(), 0);
    EXPECT_TRUE(sync->accountIds().isEmpty());
    EXPECT_EQ(sync->provider(QStringLiteral("acme")), nullptr);
}

TEST_F(SyncControllerTest, WarmStartsFromTheCacheAndCachesWhatItLoads) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("viewstate.sqlite3"));
    const QList<Message> kept = provider.addMessages(inbox, 3);

    // A first run fills the cache.
    {
        ViewStateCache cache(path);
        auto opened = await(cache.open());
        ASSERT_TRUE(opened && opened->ok());
        InboxStore firstStore;
        SyncController first(&firstStore, &cache, options);
        first.addProvider(&provider);
        first.start();
        ASSERT_TRUE(
            waitUntil([&] { return first.status(QStringLiteral("acme")).state == AccountState::Live; }));
        // A row the server has since lost: the next run must drop it after a full listing.
        Message stale = kept.first();
        stale.id = makeId(IdKind::Message, QStringLiteral("acme"), QStringLiteral("INBOX/999"));
        stale.messageIdHeader = QStringLiteral("stale@fake");
        stale.subject = QStringLiteral("stale");
        cache.upsertMessages({stale});
        auto flushed = await(cache.flush());
        ASSERT_TRUE(flushed && flushed->ok());
        auto cursors = await(cache.cursors(QStringLiteral("acme"), inbox.id));
        ASSERT_TRUE(cursors.has_value());
        EXPECT_EQ(cursors->value(QStringLiteral("uidvalidity")).toInt(), 42);
    }

    // The second run shows the cached rows before the network answers.
    ViewStateCache cache(path);
    ASSERT_TRUE(await(cache.open()));
    provider.connectFailures = 1000; // offline for the rest of this run
    provider.connectError = ProviderError::network(QStringLiteral("no route"));
    InboxStore warmStore;
    SyncController warm(&warmStore, &cache, options);
    warm.addProvider(&provider);
    QSignalSpy warmed(&warm, &SyncController::warmStartFinished);
    QSignalSpy channels(&warm, &SyncController::channelsChanged);
    warm.start();
    ASSERT_TRUE(waitUntil([&] { return warmed.count() == 1; }));
    EXPECT_TRUE(warm.isWarm());
    EXPECT_EQ(warmStore.messageCount(), 4);
    ASSERT_EQ(channels.count(), 1) << "cached channels are offered before the network";
    EXPECT_EQ(warm.channels(QStringLiteral("acme")).size(), 2);
    EXPECT_TRUE(warmStore.message(kept.first().id).has_value());
    ASSERT_TRUE(
        waitUntil([&] { return warm.status(QStringLiteral("acme")).state == AccountState::Reconnecting; }));
    // Reconnecting says why and when it tries again.
    EXPECT_EQ(warm.status(QStringLiteral("acme")).reason, QStringLiteral("no route."));
    EXPECT_TRUE(warm.status(QStringLiteral("acme")).nextAttempt.isValid());

    // Back online: a complete listing shows the stale row is gone.
    provider.connectFailures = 0;
    warm.reconnect(QStringLiteral("acme"));
    ASSERT_TRUE(waitUntil([&] { return warm.status(QStringLiteral("acme")).state == AccountState::Live; }));
    EXPECT_EQ(warmStore.messageCount(), 3);
    auto rows = await(cache.loadMessages());
    ASSERT_TRUE(rows.has_value());
    EXPECT_EQ(rows->size(), 3);
}
