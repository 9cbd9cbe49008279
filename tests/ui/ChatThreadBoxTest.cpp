// The chat message box follows the reader (issue 13 §4): a thread opened from its parent's
// "N replies" makes the box answer in that thread, going back to the channel makes it post in
// the channel again; `r` on a chat message opens its thread and puts the cursor in the box; Esc
// in a thread's box returns to the channel. And the transcript scrolls like a chat: it opens at
// the first unread message (or the bottom), and reaching its top pages in older history once,
// without moving what the user is reading.

#include "Await.h"
#include "ConversationView.h"
#include "FakeInboxProvider.h"
#include "MainWindow.h"
#include "chat/ChatInput.h"
#include "compose/Outbox.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadingEngine.h"
#include "reader/ChatGroup.h"
#include "sync/SyncController.h"

#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTest>
#include <QTextEdit>
#include <gtest/gtest.h>
#include <optional>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::drainEvents;
using tributary::test::FakeInboxProvider;
using tributary::test::waitUntil;

namespace {

constexpr int kDeadlineMs = 20000;

//! A chat account that posts: a post becomes the user's message (a thread reply when it
//! answers in a thread), pushed as an event; every attempt is recorded.
class PostingChat : public FakeInboxProvider {
public:
    PostingChat()
        : FakeInboxProvider(QStringLiteral("team"), QStringLiteral("Team chat"), QColor(0x8e, 0x44, 0xad)) {
        caps = Capability::ChatChannels | Capability::Flags | Capability::SendNew | Capability::ThreadReply |
               Capability::MarkChannelRead;
    }

    QFuture<Result<SendReceipt>> send(const OutgoingMessage& m) override {
        attempts.append(m);
        Channel channel;
        for (const Channel& c : std::as_const(channels)) {
            if (c.id == m.channelId)
                channel = c;
        }
        // A copy: adding the reply may move the list the parent is in.
        std::optional<Message> parent;
        for (const Message& x : std::as_const(messages)) {
            if (x.id == m.inReplyToId)
                parent = x;
        }
        Message mine =
            m.kind == SendKind::ThreadReply && parent
                ? addThreadReply(channel, *parent, QStringLiteral("Me"), 0, m.text)
                : addMessage(channel, QString(), QStringLiteral("Me"), 0, m.text, ConversationKind::Chat);
        messages.last().flags |= MessageFlag::Read | MessageFlag::FromMe;
        mine.flags = messages.last().flags;
        // Pushed, as Slack's socket does.
        Event e;
        e.kind = EventKind::Created;
        e.accountId = account().id;
        e.channelId = channel.id;
        e.messageIds = {mine.id};
        e.messages = {mine};
        emit eventsArrived({e});
        SendReceipt receipt;
        receipt.messageId = mine.id;
        return readyResult<SendReceipt>(receipt);
    }

    QList<OutgoingMessage> attempts;
};

//! #general: a parent (25 minutes ago) with three replies in its thread, then four messages,
//! the newest five minutes ago.
class ChatThreadBoxTest : public ::testing::Test {
protected:
    ChatThreadBoxTest()
        : sync(&store, nullptr) {
        general = chat.addChannel(QStringLiteral("C1"), ChannelRole::None, ChannelKind::ChatChannel);
        chat.channels.last().name = general.name = QStringLiteral("general");
        parent = chat.addMessage(general, {}, QStringLiteral("Carol"), 25,
                                 QStringLiteral("Who has the release notes?"), ConversationKind::Chat);
        for (int i = 0; i < 3; ++i)
            chat.addThreadReply(general, parent, QStringLiteral("Bob"), 24 - i,
                                QStringLiteral("Reply %1").arg(i));
        const char* lines[] = {"Standup moved", "Build is green", "Coffee?", "See you at 3"};
        for (int i = 0; i < 4; ++i)
            newest = chat.addMessage(general, {}, i % 2 ? QStringLiteral("Bob") : QStringLiteral("Carol"),
                                     20 - i * 5, QString::fromUtf8(lines[i]), ConversationKind::Chat);
        sync.addProvider(&chat);
        outbox = std::make_unique<Outbox>([this](const QString& id) { return sync.provider(id); }, nullptr,
                                          Outbox::Options{});
        window = std::make_unique<MainWindow>(&sync, &store);
        window->setOutbox(outbox.get());
        window->setComposeHandler([this](SendKind kind, const QString&) { composerOpened.append(kind); });
        window->resize(1300, 800);
        window->show();
        window->activateWindow();
        sync.start();
    }

    //! Opens #general and waits for its transcript (five bubbles: replies stay in their thread).
    void openGeneral() {
        ASSERT_TRUE(waitUntil([&] { return store.messageCount() == 8; }, kDeadlineMs))
            << store.messageCount();
        const QString conversation = ThreadingEngine::chatConversationId(general.accountId, general.id);
        ASSERT_TRUE(waitUntil([&] { return window->selectThread(conversation); }, kDeadlineMs));
        ASSERT_TRUE(waitUntil([&] { return bubbles() == 5 && box()->isVisible(); }, kDeadlineMs))
            << bubbles();
        EXPECT_EQ(editor()->placeholderText(), QStringLiteral("Message #general"));
    }

    void openThreadFromReplies() {
        auto* replies = view()->findChild<QLabel*>(QStringLiteral("threadReplies"));
        ASSERT_TRUE(replies);
        ASSERT_TRUE(replies->text().contains(QStringLiteral("3 replies"))) << replies->text().toStdString();
        emit replies->linkActivated(QStringLiteral("thread:"));
        ASSERT_TRUE(waitUntil([&] { return bubbles() == 4; }, kDeadlineMs)) << bubbles();
        ASSERT_EQ(view()->chatThreadParentId(), parent.id);
    }

    int bubbles() const {
        int n = 0;
        for (const ChatGroup* g : view()->chatGroups())
            n += g->bubbleCount();
        return n;
    }

    ConversationView* view() const { return window->conversationView(); }
    ChatInput* box() const { return window->chatInput(); }
    QTextEdit* editor() const { return box()->editor(); }
    QPushButton* back() const { return view()->findChild<QPushButton*>(QStringLiteral("chatThreadBack")); }

    //! Types `text` in the box and sends it; waits for the provider to have one more attempt.
    void post(const QString& text) {
        const qsizetype before = chat.attempts.size();
        editor()->setFocus();
        QTest::keyClicks(editor(), text);
        QTest::keyClick(editor(), Qt::Key_Return);
        ASSERT_TRUE(waitUntil([&] { return chat.attempts.size() > before; }, kDeadlineMs));
        ASSERT_TRUE(waitUntil([&] { return outbox->isEmpty(); }, kDeadlineMs));
        drainEvents(); // a second post would have been started by now
    }

    PostingChat chat;
    Channel general;
    Message parent;
    Message newest;
    InboxStore store;
    SyncController sync;
    std::unique_ptr<Outbox> outbox;
    std::unique_ptr<MainWindow> window;
    QList<SendKind> composerOpened;
};

} // namespace

TEST_F(ChatThreadBoxTest, TheBoxAnswersInTheThreadTheViewShowsAndInTheChannelAfterBack) {
    ASSERT_NO_FATAL_FAILURE(openGeneral());
    ASSERT_NO_FATAL_FAILURE(openThreadFromReplies());
    EXPECT_TRUE(box()->target().isThread()) << "the box follows the thread the reader shows";
    EXPECT_EQ(box()->target().threadParentId, parent.id);
    EXPECT_EQ(editor()->placeholderText(), QStringLiteral("Reply in thread"));

    post(QStringLiteral("Here they are"));
    ASSERT_EQ(chat.attempts.size(), 1) << "one Enter, one message";
    EXPECT_EQ(chat.attempts.first().kind, SendKind::ThreadReply);
    EXPECT_EQ(chat.attempts.first().inReplyToId, parent.id);
    EXPECT_EQ(chat.attempts.first().channelId, general.id);
    EXPECT_TRUE(waitUntil([&] { return bubbles() == 5; }, kDeadlineMs))
        << "the reply shows in the thread, which stays open: " << bubbles();
    EXPECT_EQ(view()->chatThreadParentId(), parent.id);

    ASSERT_TRUE(back() && back()->isVisible());
    EXPECT_EQ(back()->text(), QStringLiteral("Back to #general"));
    QTest::mouseClick(back(), Qt::LeftButton);
    EXPECT_TRUE(view()->chatThreadKey().isEmpty());
    EXPECT_FALSE(box()->target().isThread()) << "back in the channel, the box posts there";
    EXPECT_EQ(editor()->placeholderText(), QStringLiteral("Message #general"));
    EXPECT_EQ(bubbles(), 5) << "the new reply stays in its thread";

    post(QStringLiteral("Thanks all"));
    ASSERT_EQ(chat.attempts.size(), 2);
    EXPECT_EQ(chat.attempts.last().kind, SendKind::New);
    EXPECT_TRUE(chat.attempts.last().inReplyToId.isEmpty());
    EXPECT_EQ(chat.attempts.last().channelId, general.id);
    EXPECT_TRUE(waitUntil([&] { return bubbles() == 6; }, kDeadlineMs)) << bubbles();
    EXPECT_TRUE(composerOpened.isEmpty()) << "no mail composer for a chat";
}

TEST_F(ChatThreadBoxTest, ReplyOnAChatMessageOpensItsThreadAndFocusesTheBox) {
    ASSERT_NO_FATAL_FAILURE(openGeneral());
    window->threadView()->setFocus();
    QTest::keyClick(window->threadView(), Qt::Key_R);
    EXPECT_TRUE(composerOpened.isEmpty());
    ASSERT_TRUE(waitUntil([&] { return editor()->hasFocus(); }, kDeadlineMs));
    EXPECT_EQ(view()->chatThreadParentId(), newest.id) << "r answers the newest message, in its thread";
    EXPECT_TRUE(back()->isVisible()) << "the thread shows in the view";
    EXPECT_EQ(bubbles(), 1);
    EXPECT_EQ(box()->target().threadParentId, newest.id);
    EXPECT_EQ(editor()->placeholderText(), QStringLiteral("Reply in thread"));

    // In a thread the reader opened, r answers in that thread, not in the newest message's.
    QTest::mouseClick(back(), Qt::LeftButton);
    ASSERT_NO_FATAL_FAILURE(openThreadFromReplies());
    window->threadView()->setFocus();
    QTest::keyClick(window->threadView(), Qt::Key_R);
    ASSERT_TRUE(waitUntil([&] { return editor()->hasFocus(); }, kDeadlineMs));
    EXPECT_EQ(view()->chatThreadParentId(), parent.id);
    EXPECT_EQ(box()->target().threadParentId, parent.id);
    EXPECT_EQ(bubbles(), 4);
}

TEST_F(ChatThreadBoxTest, EscInAThreadsBoxReturnsToTheChannel) {
    ASSERT_NO_FATAL_FAILURE(openGeneral());
    ASSERT_NO_FATAL_FAILURE(openThreadFromReplies());
    editor()->setFocus();
    QTest::keyClick(editor(), Qt::Key_Escape);
    EXPECT_TRUE(view()->chatThreadKey().isEmpty()) << "the view shows the channel again";
    EXPECT_FALSE(back()->isVisible());
    EXPECT_EQ(bubbles(), 5);
    EXPECT_FALSE(box()->target().isThread());
    EXPECT_EQ(editor()->placeholderText(), QStringLiteral("Message #general"));
    EXPECT_TRUE(editor()->hasFocus()) << "the user goes on writing, in the channel";

    post(QStringLiteral("Back in the channel"));
    EXPECT_EQ(chat.attempts.last().kind, SendKind::New);
}
