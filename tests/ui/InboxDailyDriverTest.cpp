// Issue 11 ("the inbox as a daily driver"), driven as a user would: changing views reads
// nothing, archive and delete do not open the next conversation unless asked, marking read
// follows the setting, badges agree with the rows, Trash stays out of the unified views,
// Enter in the search field searches the servers, the filter says how many match, the
// palette finds places and settings, and Undo / Ctrl+Z take actions back.
#include "../unit/FakeProvider.h"
#include "Await.h"
#include "MainWindow.h"
#include "SidebarModel.h"
#include "ThreadDelegate.h"
#include "ThreadListPane.h"
#include "ThreadListView.h"
#include "UndoBar.h"
#include "actions/CommandPalette.h"
#include "actions/MailActions.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadListModel.h"
#include "search/ServerSearch.h"
#include "sync/SyncController.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTest>
#include <QTreeView>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::FakeProvider;
using tributary::test::waitUntil;

namespace {

struct DailyDriver : ::testing::Test {
    DailyDriver()
        : provider(QStringLiteral("acme"))
        , sync(&store, nullptr) {
        provider.incremental = true;
        provider.searchable = true;
        inbox = provider.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        archive = provider.addChannel(QStringLiteral("Archive"), ChannelRole::Archive);
        trash = provider.addChannel(QStringLiteral("Trash"), ChannelRole::Trash);
        mail = provider.addMessages(inbox, 5); // newest first, each its own thread, unread
        sync.addProvider(&provider);
        window = std::make_unique<MainWindow>(&sync, &store);
        window->show();
        window->activateWindow();
        sync.start();
        EXPECT_TRUE(waitUntil([&] { return window->threadProxy()->rowCount() == 5; }));
        window->threadView()->setFocus();
    }

    QString threadOf(const Message& m) const { return store.message(m.id)->threadId; }
    int readCalls() const {
        int n = 0;
        for (const QStringList& ids : provider.flagCalls)
            n += int(ids.size());
        return n;
    }
    void key(int k, Qt::KeyboardModifiers mods = Qt::NoModifier) {
        QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : window.get();
        QTest::keyClick(target, Qt::Key(k), mods);
    }
    //! Clicks a row of the list as a user would.
    void clickRow(int row) {
        QListView* view = window->threadView();
        view->doItemsLayout(); // the list lays rows out in batches: place them all now
        const QModelIndex index = window->threadProxy()->index(row, 0);
        view->scrollTo(index);
        const QRect rect = view->visualRect(index);
        ASSERT_TRUE(rect.isValid()) << "row " << row << " is not laid out";
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    }
    int badge(const QModelIndex& index) const { return index.data(SidebarModel::UnreadCountRole).toInt(); }
    void settle() {
        for (int i = 0; i < 10; ++i)
            QCoreApplication::processEvents();
    }

    FakeProvider provider;
    InboxStore store;
    SyncController sync;
    std::unique_ptr<MainWindow> window;
    Channel inbox;
    Channel archive;
    Channel trash;
    QList<Message> mail;
};

} // namespace

// -- item 3: views and triage do not read mail nobody opened --------------------------------

TEST_F(DailyDriver, ChangingViewsSelectsAndReadsNothing) {
    window->selectView(UnifiedView::Unread);
    settle();
    window->selectView(UnifiedView::Flagged);
    settle();
    window->selectView(UnifiedView::All);
    settle();
    EXPECT_TRUE(window->currentThreadId().isEmpty());
    EXPECT_FALSE(window->threadView()->currentIndex().isValid());
    EXPECT_EQ(readCalls(), 0) << "nothing was read";
    EXPECT_FALSE(window->mailActions()->action(MailActions::OpenThread)->isEnabled());
}

TEST_F(DailyDriver, ReadingInTheUnreadViewDoesNotCascade) {
    window->selectView(UnifiedView::Unread);
    settle();
    clickRow(0);
    const QString opened = window->currentThreadId();
    ASSERT_EQ(opened, threadOf(mail[0]));
    ASSERT_TRUE(waitUntil([&] { return readCalls() == 1; }));
    settle();
    // The read row left the Unread view; the list did not open (and read) its neighbour.
    EXPECT_EQ(window->currentThreadId(), opened);
    EXPECT_EQ(window->threadProxy()->rowCount(), 4);
    EXPECT_EQ(readCalls(), 1);
    EXPECT_FALSE(window->threadView()->currentIndex().isValid());
    // A view keeps the open conversation's row selected while it still lists it.
    window->selectView(UnifiedView::All);
    settle();
    ASSERT_TRUE(window->threadView()->currentIndex().isValid());
    EXPECT_EQ(window->threadView()->currentIndex().data(ThreadListModel::ThreadIdRole).toString(), opened);
}

TEST_F(DailyDriver, ArchiveShowsTheListUnlessTheNextIsWanted) {
    clickRow(1);
    ASSERT_TRUE(waitUntil([&] { return readCalls() == 1; }));
    key(Qt::Key_E);
    settle();
    EXPECT_TRUE(window->currentThreadId().isEmpty()) << "back to the list";
    EXPECT_EQ(readCalls(), 1) << "the next conversation was not read";
    key(Qt::Key_J); // j takes the row that took the archived one's place
    EXPECT_EQ(window->currentThreadId(), threadOf(mail[2]));

    ReadingSettings next = window->readingSettings();
    next.afterMove = ReadingSettings::AfterMove::OpenNext;
    window->setReadingSettings(next);
    key(Qt::Key_E);
    ASSERT_TRUE(waitUntil([&] { return window->currentThreadId() == threadOf(mail[3]); }))
        << "asked for: the next one opens";
}

TEST_F(DailyDriver, MarkAsReadFollowsTheSetting) {
    ReadingSettings never = window->readingSettings();
    never.markRead = ReadingSettings::MarkRead::Never;
    window->setReadingSettings(never);
    clickRow(0);
    settle();
    EXPECT_EQ(window->currentThreadId(), threadOf(mail[0]));
    EXPECT_FALSE(store.message(mail[0].id)->isRead());

    ReadingSettings delayed = never;
    delayed.markRead = ReadingSettings::MarkRead::AfterDelay;
    delayed.markReadDelaySecs = 1;
    window->setReadingSettings(delayed);
    clickRow(1);
    EXPECT_FALSE(store.message(mail[1].id)->isRead()) << "not at once";
    ASSERT_TRUE(waitUntil([&] { return store.message(mail[1].id)->isRead(); })) << "after the delay";
    // Leaving before the delay reads nothing.
    clickRow(2);
    clickRow(3);
    ASSERT_TRUE(waitUntil([&] { return store.message(mail[3].id)->isRead(); }));
    EXPECT_FALSE(store.message(mail[2].id)->isRead());
}

// -- items 4 and 5: badges agree with the rows; the Trash stays in the Trash ---------------

TEST_F(DailyDriver, BadgesCountWhatTheRowsShow) {
    SidebarModel* sidebar = window->sidebarModel();
    // A chat account whose unread rows the server's count does not include.
    FakeProvider chat(QStringLiteral("team"));
    const Channel support = chat.addChannel(QStringLiteral("support"));
    QList<Message> said = chat.addMessages(support, 3);
    for (Message& m : said) {
        m.kind = ConversationKind::Chat;
        m.subject.clear();
        chat.replaceMessage(m);
    }
    sync.addProvider(&chat);
    ASSERT_TRUE(waitUntil([&] { return sync.status(chat.account().id).state == AccountState::Live; }));
    sync.openChannel(support.id); // not an Inbox: the old badge left it out
    // Five mail rows and the channel's one (a chat channel is one conversation, issue 13 §4).
    ASSERT_TRUE(waitUntil([&] { return window->threadProxy()->rowCount() == 6; }));
    settle();
    const QModelIndex unreadView = sidebar->indexForView(UnifiedView::Unread);
    EXPECT_EQ(badge(unreadView), 6) << "the Unread view's badge counts mail and chat";
    window->selectView(UnifiedView::Unread);
    settle();
    EXPECT_EQ(window->threadProxy()->rowCount(), badge(unreadView));
    EXPECT_GE(badge(sidebar->indexForChannel(support.id)), 3);

    clickRow(0);
    ASSERT_TRUE(waitUntil([&] { return badge(unreadView) == 5; }));
}

TEST_F(DailyDriver, TheEmailViewLeavesTheTrashOut) {
    window->selectChannel(trash.id); // the Trash is loaded (and stays loaded)
    settle();
    window->selectView(UnifiedView::All);
    settle();
    clickRow(0);
    key(Qt::Key_NumberSign);
    ASSERT_TRUE(waitUntil([&] { return provider.messagesIn(trash.id).size() == 1; }));
    // The server's answer brings the copy in the Trash into the store ...
    ASSERT_TRUE(waitUntil([&] {
        const QList<Thread> threads = store.threads();
        return std::any_of(threads.cbegin(), threads.cend(),
                           [&](const Thread& t) { return t.channelIds == QStringList{trash.id}; });
    }));
    // ... and only the Trash lists it.
    for (UnifiedView view : {UnifiedView::All, UnifiedView::Email, UnifiedView::Unread}) {
        window->selectView(view);
        settle();
        for (int row = 0; row < window->threadProxy()->rowCount(); ++row) {
            EXPECT_NE(
                window->threadProxy()->index(row, 0).data(ThreadListModel::ChannelIdsRole).toStringList(),
                QStringList{trash.id})
                << "view " << int(view);
        }
    }
    window->selectChannel(trash.id);
    settle();
    EXPECT_EQ(window->threadProxy()->rowCount(), 1);
}

// -- search -------------------------------------------------------------------------------

TEST_F(DailyDriver, EnterInTheSearchFieldSearchesTheServers) {
    clickRow(0); // a conversation is open: "Open Conversation" must not take Enter
    ThreadListPane* pane = window->threadListPane();
    pane->searchField()->setFocus();
    QTest::keyClicks(pane->searchField(), QStringLiteral("message"));
    QTest::keyClick(pane->searchField(), Qt::Key_Return);
    ASSERT_TRUE(waitUntil([&] { return pane->showingResults(); })) << "the server search ran";
    ASSERT_TRUE(waitUntil([&] { return !window->serverSearch()->isRunning(); }));
    EXPECT_EQ(pane->resultsView()->model()->rowCount(), 5);
}

TEST_F(DailyDriver, TheFilterHighlightsAndCountsMatches) {
    ThreadListPane* pane = window->threadListPane();
    QTest::keyClicks(pane->searchField(), mail[0].subject);
    settle();
    EXPECT_EQ(window->threadProxy()->rowCount(), 1);
    EXPECT_TRUE(pane->filterNote()->isVisible());
    EXPECT_TRUE(pane->filterNote()->text().startsWith(QStringLiteral("1 conversation matches.")))
        << pane->filterNote()->text().toStdString();
    // Plain English for more than one too, not "(s)" (no translation is installed to resolve %n).
    pane->searchField()->setText(QStringLiteral("message"));
    settle();
    EXPECT_GT(window->threadProxy()->rowCount(), 1);
    EXPECT_TRUE(pane->filterNote()->text().startsWith(
        QStringLiteral("%1 conversations match.").arg(window->threadProxy()->rowCount())))
        << pane->filterNote()->text().toStdString();
    pane->searchField()->setText(mail[0].subject);
    settle();
    EXPECT_FALSE(pane->delegate()->highlightWords().isEmpty());

    pane->searchField()->setText(QStringLiteral("zzzz nothing"));
    settle();
    EXPECT_EQ(window->threadProxy()->rowCount(), 0);
    EXPECT_EQ(pane->emptyText(), QStringLiteral("Nothing matches “zzzz nothing”"));
    EXPECT_TRUE(pane->filterNote()->text().startsWith(QStringLiteral("No loaded conversation matches")));

    pane->searchField()->clear();
    settle();
    EXPECT_FALSE(pane->filterNote()->isVisible());
    EXPECT_TRUE(pane->delegate()->highlightWords().isEmpty());
}

TEST_F(DailyDriver, ThePaletteFindsPlacesAndSettings) {
    auto query = [&](const QString& text) {
        window->mailActions()->action(MailActions::CommandPalette)->trigger();
        auto* palette = window->findChild<CommandPalette*>();
        EXPECT_NE(palette, nullptr);
        if (!palette)
            return QStringList();
        QTest::keyClicks(palette->queryField(), text);
        QStringList found;
        for (int i = 0; i < palette->list()->count(); ++i)
            found.append(palette->list()->item(i)->text());
        if (found.isEmpty())
            found.append(QStringLiteral("EMPTY: ") + palette->emptyNote()->text());
        palette->close();
        delete palette;
        return found;
    };
    const QStringList inboxHits = query(QStringLiteral("inbox"));
    ASSERT_FALSE(inboxHits.isEmpty());
    EXPECT_EQ(inboxHits.first(), QStringLiteral("INBOX"));
    EXPECT_TRUE(query(QStringLiteral("theme")).contains(QStringLiteral("Theme")));
    clickRow(0); // Archive and Delete need a conversation
    const QStringList moveHits = query(QStringLiteral("move"));
    EXPECT_TRUE(std::any_of(moveHits.cbegin(), moveHits.cend(), [](const QString& t) {
        return t.startsWith(QStringLiteral("Archive"));
    })) << moveHits.join(QStringLiteral(" | ")).toStdString();
    const QStringList none = query(QStringLiteral("qqqqxyz"));
    ASSERT_EQ(none.size(), 1);
    EXPECT_TRUE(none.first().startsWith(QStringLiteral("EMPTY: Nothing matches")))
        << none.first().toStdString();

    // Running a place goes there.
    window->mailActions()->action(MailActions::CommandPalette)->trigger();
    auto* palette = window->findChild<CommandPalette*>();
    ASSERT_NE(palette, nullptr);
    QTest::keyClicks(palette->queryField(), QStringLiteral("archive"));
    for (int i = 0; i < palette->list()->count(); ++i) {
        if (palette->list()->item(i)->text() == QStringLiteral("Archive"))
            palette->list()->setCurrentRow(i);
    }
    QTest::keyClick(palette->queryField(), Qt::Key_Return);
    ASSERT_TRUE(waitUntil([&] { return window->threadListPane()->title() == QStringLiteral("Archive"); }));
}

// -- undo -----------------------------------------------------------------------------------

TEST_F(DailyDriver, UndoButtonAndCtrlZTakeActionsBack) {
    clickRow(0);
    const QString opened = window->currentThreadId();
    key(Qt::Key_E);
    UndoBar* bar = window->undoBar();
    ASSERT_TRUE(bar->isVisible());
    EXPECT_EQ(bar->text(), QStringLiteral("Archived 1 message."));
    EXPECT_EQ(window->mailActions()->action(MailActions::Undo)->text(), QStringLiteral("&Undo Archive"));
    ASSERT_TRUE(waitUntil([&] { return provider.messagesIn(archive.id).size() == 1; }));
    QTest::mouseClick(bar->undoButton(), Qt::LeftButton);
    EXPECT_TRUE(store.message(mail[0].id).has_value()) << "back at once";
    EXPECT_FALSE(bar->isVisible());
    ASSERT_TRUE(waitUntil([&] { return provider.messagesIn(archive.id).isEmpty(); })) << "and on the server";
    ASSERT_TRUE(waitUntil([&] { return window->currentThreadId() == opened; }))
        << "and open again: " << window->currentThreadId().toStdString() << " vs " << opened.toStdString();

    // Several in a row, from the keyboard.
    key(Qt::Key_S);          // flag
    key(Qt::Key_NumberSign); // delete
    ASSERT_TRUE(waitUntil([&] { return provider.messagesIn(trash.id).size() == 1; }));
    window->threadView()->setFocus();
    key(Qt::Key_Z, Qt::ControlModifier); // the delete
    ASSERT_TRUE(waitUntil([&] { return provider.messagesIn(trash.id).isEmpty(); }));
    key(Qt::Key_Z, Qt::ControlModifier); // the flag
    ASSERT_TRUE(waitUntil([&] {
        const QList<Thread> threads = store.threads();
        return !threads.isEmpty() &&
               std::none_of(threads.cbegin(), threads.cend(), [](const Thread& t) { return t.flagged; });
    }));
    EXPECT_FALSE(window->mailActions()->action(MailActions::Undo)->isEnabled());
    EXPECT_EQ(window->threadProxy()->rowCount(), 5);
}
