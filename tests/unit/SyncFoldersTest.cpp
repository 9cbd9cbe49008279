// SyncController's folder management (issue 11): create, rename and delete go to the provider
// first and the channels are listed again; rows of a folder that went leave the store; a
// whole folder is marked read at once, undoably, and on the server beyond what is loaded.
#include "Await.h"
#include "FakeProvider.h"
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "sync/SyncController.h"

#include <QSignalSpy>
#include <gtest/gtest.h>

using namespace tributary;
using tributary::test::await;
using tributary::test::FakeProvider;
using tributary::test::waitUntil;

namespace {

const QString kAccount = QStringLiteral("acme");

struct SyncFoldersTest : ::testing::Test {
    SyncFoldersTest()
        : provider(kAccount)
        , sync(&store, nullptr) {
        provider.incremental = true;
        provider.folders = true;
        inbox = provider.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        projects = provider.addChannel(QStringLiteral("Projects"));
        provider.addMessages(inbox, 2);
        filed = provider.addMessages(projects, 3);
        sync.addProvider(&provider);
        sync.start();
        EXPECT_TRUE(waitUntil([&] { return sync.status(kAccount).state == AccountState::Live; }));
        sync.openChannel(projects.id);
        EXPECT_TRUE(waitUntil([&] { return store.message(filed[0].id).has_value(); }));
    }

    bool listed(const QString& channelId) const {
        const QList<Channel> all = sync.channels(kAccount);
        return std::any_of(all.cbegin(), all.cend(), [&](const Channel& c) { return c.id == channelId; });
    }

    FakeProvider provider;
    InboxStore store;
    SyncController sync;
    Channel inbox;
    Channel projects;
    QList<Message> filed;
};

} // namespace

TEST_F(SyncFoldersTest, CreateListsTheNewFolder) {
    const auto created = await(sync.createFolder(kAccount, projects.id, QStringLiteral("2024")));
    ASSERT_TRUE(created && created->ok());
    EXPECT_EQ(created->value().parentId, projects.id);
    EXPECT_TRUE(listed(created->value().id)) << "listed again before the future finished";
}

TEST_F(SyncFoldersTest, RenameDropsTheOldRowsAndTheNewFolderLoads) {
    const auto renamed = await(sync.renameFolder(projects.id, QStringLiteral("Clients")));
    ASSERT_TRUE(renamed && renamed->ok());
    EXPECT_FALSE(listed(projects.id));
    EXPECT_TRUE(listed(renamed->value().id));
    for (const Message& m : filed)
        EXPECT_FALSE(store.message(m.id).has_value()) << "rows under the old name left";
    sync.openChannel(renamed->value().id);
    ASSERT_TRUE(waitUntil([&] { return sync.loadedMessageIds(renamed->value().id).size() == 3; }));
}

TEST_F(SyncFoldersTest, DeleteTakesTheFolderAndItsRows) {
    const auto deleted = await(sync.deleteFolder(projects.id));
    ASSERT_TRUE(deleted && deleted->ok());
    EXPECT_FALSE(listed(projects.id));
    for (const Message& m : filed)
        EXPECT_FALSE(store.message(m.id).has_value());
}

TEST_F(SyncFoldersTest, ARefusalIsExplainedAndChangesNothing) {
    QSignalSpy failed(&sync, &SyncController::actionFailed);
    provider.folderError = ProviderError::invalid(QStringLiteral("There is a folder “Clients” already."));
    const auto renamed = await(sync.renameFolder(projects.id, QStringLiteral("Clients")));
    ASSERT_TRUE(renamed);
    EXPECT_FALSE(renamed->ok());
    ASSERT_EQ(failed.count(), 1);
    EXPECT_TRUE(failed.first().first().toString().contains(QStringLiteral("already")));
    EXPECT_TRUE(listed(projects.id));
    EXPECT_TRUE(store.message(filed[0].id).has_value());
}

TEST_F(SyncFoldersTest, WithoutTheCapabilityNothingIsAsked) {
    provider.folders = false;
    const auto created = await(sync.createFolder(kAccount, {}, QStringLiteral("New")));
    ASSERT_TRUE(created);
    EXPECT_FALSE(created->ok());
    EXPECT_TRUE(provider.folderCalls.isEmpty());
}

TEST_F(SyncFoldersTest, MarkAllReadIsImmediateUndoableAndReachesTheServer) {
    sync.markChannelRead(projects.id);
    for (const Message& m : filed)
        EXPECT_TRUE(store.message(m.id)->isRead()) << "at once";
    EXPECT_EQ(sync.undoText(), QStringLiteral("Mark All as Read"));
    ASSERT_TRUE(
        waitUntil([&] { return provider.folderCalls.contains(QStringLiteral("read ") + projects.id); }));
    ASSERT_TRUE(waitUntil([&] {
        for (const Channel& c : sync.channels(kAccount)) {
            if (c.id == projects.id)
                return c.unreadCount == 0;
        }
        return false;
    })) << "mail not loaded was read too";
    ASSERT_TRUE(sync.undo());
    for (const Message& m : filed)
        EXPECT_FALSE(store.message(m.id)->isRead()) << "taken back";
}
