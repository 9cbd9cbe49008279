// The window opens where the user left it: the selected folder comes back from the saved
// layout, also when the folders arrive after the layout.
#include "../unit/FakeProvider.h"
#include "Await.h"
#include "MainWindow.h"
#include "ThreadListPane.h"
#include "inbox/InboxStore.h"
#include "sync/SyncController.h"

#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::FakeProvider;
using tributary::test::waitUntil;

TEST(WindowStateTest, SelectedFolderIsRestoredEvenWhenFoldersArriveLater) {
    FakeProvider provider(QStringLiteral("acme"));
    provider.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
    const Channel archive = provider.addChannel(QStringLiteral("Archive"), ChannelRole::Archive);
    QHash<QString, QByteArray> saved;
    {
        InboxStore store;
        SyncController sync(&store, nullptr);
        sync.addProvider(&provider);
        MainWindow window(&sync, &store);
        sync.start();
        ASSERT_TRUE(waitUntil([&] { return window.selectChannel(archive.id); }));
        saved = window.layoutState();
    }
    InboxStore store;
    SyncController sync(&store, nullptr);
    sync.addProvider(&provider);
    MainWindow window(&sync, &store);
    window.restoreLayout(saved); // before any folder is known
    EXPECT_NE(window.threadListPane()->title(), QStringLiteral("Archive"));
    sync.start();
    ASSERT_TRUE(waitUntil([&] { return window.threadListPane()->title() == QLatin1String("Archive"); }))
        << window.threadListPane()->title().toStdString();
}
