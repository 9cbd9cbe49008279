// Enter in the search field asks every account's server; the answers merge into one list,
// an account's failure is named, and a result older than what is loaded opens like any thread.
#include "search/ServerSearch.h"

#include "../unit/FakeProvider.h"
#include "Await.h"
#include "MainWindow.h"
#include "ThreadListPane.h"
#include "inbox/InboxStore.h"
#include "sync/SyncController.h"

#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QTest>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::FakeProvider;
using tributary::test::waitUntil;

TEST(ServerSearchTest, ResultsFromEveryAccountMergeAndOpen) {
    FakeProvider work(QStringLiteral("work"));
    FakeProvider home(QStringLiteral("home"));
    FakeProvider broken(QStringLiteral("broken"));
    for (FakeProvider* p : {&work, &home, &broken})
        p->searchable = true;
    const Channel workInbox = work.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
    const Channel homeInbox = home.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
    broken.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
    work.addMessages(workInbox, 3);
    home.addMessages(homeInbox, 2);
    broken.searchError = ProviderError::network(QStringLiteral("server unreachable"));
    // An old message only the server's search finds.
    Message old = work.addMessages(workInbox, 1).first();
    work.removeMessage(old.id);
    old.subject = QStringLiteral("INBOX message from 2019");
    work.searchOnly.append(old);

    InboxStore store;
    SyncController sync(&store, nullptr);
    for (FakeProvider* p : {&work, &home, &broken})
        sync.addProvider(p);
    MainWindow window(&sync, &store);
    window.show();
    sync.start();
    ASSERT_TRUE(waitUntil([&] { return store.messageCount() == 5; }));

    ThreadListPane* pane = window.threadListPane();
    QTest::keyClicks(pane->searchField(), QStringLiteral("inbox message"));
    QTest::keyClick(pane->searchField(), Qt::Key_Return);
    ASSERT_TRUE(waitUntil([&] { return !window.serverSearch()->isRunning(); }));
    EXPECT_TRUE(pane->showingResults());
    QListView* results = pane->resultsView();
    ASSERT_EQ(results->model()->rowCount(), 6) << "work 3 + 1 old, home 2";
    bool namedFailure = false;
    for (const QLabel* label : pane->findChildren<QLabel*>())
        namedFailure = namedFailure || label->text().contains(QStringLiteral("broken: server unreachable"));
    EXPECT_TRUE(namedFailure) << "the failing account is named, the others still answer";

    // Newest first across accounts; the old one last; opening it shows the conversation.
    const QModelIndex last = results->model()->index(5, 0);
    EXPECT_TRUE(last.data(Qt::DisplayRole).toString().contains(QStringLiteral("2019")));
    results->setCurrentIndex(last);
    ASSERT_TRUE(waitUntil([&] { return store.message(old.id).has_value(); }));
    EXPECT_EQ(window.currentThreadId(), store.message(old.id)->threadId);

    // Esc goes back to the conversations, a second Esc clears the filter.
    QTest::keyClick(pane->searchField(), Qt::Key_Escape);
    EXPECT_FALSE(pane->showingResults());
    QTest::keyClick(pane->searchField(), Qt::Key_Escape);
    EXPECT_TRUE(pane->searchField()->text().isEmpty());
}
