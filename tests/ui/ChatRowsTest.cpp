// "A chat is one conversation, not one row per message" (issue 13 §4), in the window: the
// unified list shows one row per channel or DM, titled by it, with its newest message; opening
// the row shows the channel's transcript (thread replies behind their parent's "3 replies"),
// reads the channel at the provider, and a thread opens inside the pane and back.

#include "Await.h"
#include "ConversationView.h"
#include "FakeInboxProvider.h"
#include "MainWindow.h"
#include "ThreadDelegate.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadListModel.h"
#include "inbox/ThreadingEngine.h"
#include "reader/ChatGroup.h"
#include "sync/SyncController.h"

#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QTest>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::FakeInboxProvider;
using tributary::test::waitUntil;

namespace {

//! Mail in an inbox, and a chat account with #general (five messages, one with a thread of
//! three replies) and a DM with Bob, interleaved in time.
struct ChatInbox {
    ChatInbox()
        : mail(QStringLiteral("work"), QStringLiteral("Work"))
        , chat(QStringLiteral("team"), QStringLiteral("Team chat"), QColor(0x8e, 0x44, 0xad))
        , sync(&store, nullptr) {
        chat.caps = Capability::ChatChannels | Capability::Flags | Capability::MarkChannelRead;
        const Channel inbox = mail.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        mail.addMessage(inbox, QStringLiteral("Flight itinerary"), QStringLiteral("Ann"), 40,
                        QStringLiteral("Your flight"));
        mail.addMessage(inbox, QStringLiteral("Invoice"), QStringLiteral("Dan"), 80,
                        QStringLiteral("Due soon"));
        general = chat.addChannel(QStringLiteral("C1"), ChannelRole::None, ChannelKind::ChatChannel);
        chat.channels.last().name = general.name = QStringLiteral("general");
        dm = chat.addChannel(QStringLiteral("D1"), ChannelRole::None, ChannelKind::DirectMessage);
        chat.channels.last().name = dm.name = QStringLiteral("Bob");
        const Message parent =
            chat.addMessage(general, {}, QStringLiteral("Carol"), 25,
                            QStringLiteral("Who has the release notes?"), ConversationKind::Chat);
        threadParent = parent.id;
        for (int i = 0; i < 3; ++i)
            chat.addThreadReply(general, parent, QStringLiteral("Bob"), 24 - i,
                                QStringLiteral("Reply %1").arg(i));
        const char* lines[] = {"Standup moved", "Build is green", "Coffee?", "See you at 3"};
        for (int i = 0; i < 4; ++i)
            chat.addMessage(general, {}, i % 2 ? QStringLiteral("Bob") : QStringLiteral("Carol"), 20 - i * 5,
                            QString::fromUtf8(lines[i]), ConversationKind::Chat);
        chat.addMessage(dm, {}, QStringLiteral("Bob"), 60, QStringLiteral("Lunch tomorrow?"),
                        ConversationKind::Chat);
        sync.addProvider(&mail);
        sync.addProvider(&chat);
    }

    void start(MainWindow& window) {
        window.show();
        sync.start();
        ASSERT_TRUE(waitUntil([&] { return store.messageCount() == 11; })) << store.messageCount();
        ASSERT_TRUE(waitUntil([&] { return window.threadView()->model()->rowCount() == 4; }))
            << window.threadView()->model()->rowCount();
    }

    QString conversationOf(const Channel& c) const {
        return ThreadingEngine::chatConversationId(c.accountId, c.id);
    }

    FakeInboxProvider mail;
    FakeInboxProvider chat;
    Channel general;
    Channel dm;
    QString threadParent;
    InboxStore store;
    SyncController sync;
};

QModelIndex rowOf(QListView* list, const QString& threadId) {
    for (int r = 0; r < list->model()->rowCount(); ++r) {
        const QModelIndex i = list->model()->index(r, 0);
        if (i.data(ThreadListModel::ThreadIdRole).toString() == threadId)
            return i;
    }
    return {};
}

int bubbles(ConversationView* view) {
    int n = 0;
    for (const ChatGroup* g : view->chatGroups())
        n += g->bubbleCount();
    return n;
}

} // namespace

TEST(ChatRows, TheListShowsOneRowPerChannelWithItsNewestMessage) {
    ChatInbox inbox;
    MainWindow window(&inbox.sync, &inbox.store);
    window.resize(1300, 800);
    inbox.start(window);
    QListView* list = window.threadView();
    auto* delegate = qobject_cast<ThreadDelegate*>(list->itemDelegate());
    ASSERT_TRUE(delegate);

    // Newest first, mail and chat interleaved: #general (5 min), Flight (40), Bob (60), Invoice (80).
    QStringList titles;
    for (int r = 0; r < list->model()->rowCount(); ++r)
        titles.append(delegate->firstLine(list->model()->index(r, 0)));
    EXPECT_EQ(titles, (QStringList{QStringLiteral("#general"), QStringLiteral("Ann"), QStringLiteral("Bob"),
                                   QStringLiteral("Dan")}));
    const QModelIndex general = rowOf(list, inbox.conversationOf(inbox.general));
    ASSERT_TRUE(general.isValid());
    EXPECT_EQ(delegate->secondLine(general), QStringLiteral("Bob: See you at 3"));
    EXPECT_EQ(general.data(ThreadListModel::UnreadCountRole).toInt(), 8)
        << "every message of the channel is new";
    const QModelIndex dm = rowOf(list, inbox.conversationOf(inbox.dm));
    ASSERT_TRUE(dm.isValid());
    EXPECT_EQ(delegate->firstLine(dm), QStringLiteral("Bob")) << "a DM is named after the person";
    EXPECT_EQ(delegate->secondLine(dm), QStringLiteral("Bob: Lunch tomorrow?"));
}

TEST(ChatRows, OpeningAChannelShowsItsTranscriptAndReadsItAtTheProvider) {
    ChatInbox inbox;
    MainWindow window(&inbox.sync, &inbox.store);
    window.resize(1300, 800);
    inbox.start(window);
    QListView* list = window.threadView();
    const QModelIndex general = rowOf(list, inbox.conversationOf(inbox.general));
    ASSERT_TRUE(general.isValid());
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(general).center());

    ConversationView* view = window.conversationView();
    ASSERT_TRUE(waitUntil([&] { return bubbles(view) == 5; })) << bubbles(view);
    EXPECT_FALSE(view->plainText().contains(QStringLiteral("Reply 0"))) << "replies stay in their thread";
    QLabel* replies = view->findChild<QLabel*>(QStringLiteral("threadReplies"));
    ASSERT_TRUE(replies);
    EXPECT_TRUE(replies->text().contains(QStringLiteral("3 replies"))) << replies->text().toStdString();

    ASSERT_TRUE(waitUntil([&] { return !inbox.chat.markedChannels.isEmpty(); }));
    EXPECT_EQ(inbox.chat.markedChannels, QStringList{inbox.general.id})
        << "the channel is read at the provider";
    EXPECT_TRUE(waitUntil([&] {
        const QModelIndex row = rowOf(list, inbox.conversationOf(inbox.general));
        return row.isValid() && !row.data(ThreadListModel::UnreadRole).toBool();
    }));

    // The thread opens inside the pane, and Back returns to the channel.
    replies->linkActivated(QStringLiteral("thread:"));
    ASSERT_TRUE(waitUntil([&] { return bubbles(view) == 4; })) << bubbles(view);
    EXPECT_EQ(view->chatThreadParentId(), inbox.threadParent);
    EXPECT_TRUE(view->plainText().contains(QStringLiteral("Reply 2")));
    auto* back = view->findChild<QPushButton*>(QStringLiteral("chatThreadBack"));
    ASSERT_TRUE(back);
    EXPECT_TRUE(back->isVisible());
    EXPECT_EQ(back->text(), QStringLiteral("Back to #general"));
    QTest::mouseClick(back, Qt::LeftButton);
    EXPECT_TRUE(view->chatThreadKey().isEmpty());
    EXPECT_EQ(bubbles(view), 5);
    EXPECT_FALSE(back->isVisible());
}
