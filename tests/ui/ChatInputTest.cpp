// The chat message box (issue 13 §4): Enter sends through the outbox, Shift+Enter adds a
// line, the box grows; a failed send keeps its text and a retry posts it once; mentions and
// emoji complete; Up edits the user's last message, Esc cancels; replying to a chat message
// writes in the box, never in the mail composer; unsent text survives switching
// conversations and is not lost on quit without asking.

#include "chat/ChatInput.h"

#include "Await.h"
#include "ConversationView.h"
#include "FakeInboxProvider.h"
#include "MainWindow.h"
#include "actions/MailActions.h"
#include "chat/ChatPendingList.h"
#include "compose/ChatDraft.h"
#include "compose/Outbox.h"
#include "inbox/InboxStore.h"
#include "sync/SyncController.h"
#include "util/EmojiShortcodes.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QTest>
#include <QTextEdit>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::FakeInboxProvider;
using tributary::test::waitUntil;

namespace {

//! A chat account that posts: each post becomes a message of the user's (pushed as an
//! event, as Slack's socket does), a client id posted once stays one message.
class PostingChat : public FakeInboxProvider {
public:
    PostingChat()
        : FakeInboxProvider(QStringLiteral("team"), QStringLiteral("Team chat"), QColor(0x8e, 0x44, 0xad)) {
        caps = Capability::ChatChannels | Capability::Flags | Capability::SendNew | Capability::ThreadReply |
               Capability::EditOwnMessages;
    }

    QFuture<Result<SendReceipt>> send(const OutgoingMessage& m) override {
        attempts.append(m);
        if (failures > 0) {
            --failures;
            ProviderError down = ProviderError::network(QStringLiteral("The chat service did not answer."));
            down.retryable = false; // stops at once: the user decides to retry
            return readyResult<SendReceipt>(down);
        }
        SendReceipt receipt;
        if (const auto it = posted.constFind(m.clientId); it != posted.cend()) {
            receipt.messageId = *it;
            receipt.alreadySent = true;
            return readyResult<SendReceipt>(receipt);
        }
        Channel channel;
        for (const Channel& c : std::as_const(channels)) {
            if (c.id == m.channelId)
                channel = c;
        }
        Message mine =
            addMessage(channel, QString(), QStringLiteral("Me"), 0, m.text, ConversationKind::Chat);
        messages.last().flags = MessageFlag::Read | MessageFlag::FromMe;
        mine.flags = messages.last().flags;
        posted.insert(m.clientId, mine.id);
        receipt.messageId = mine.id;
        Event e;
        e.kind = EventKind::Created;
        e.accountId = account().id;
        e.channelId = channel.id;
        e.messageIds = {mine.id};
        e.messages = {mine};
        emit eventsArrived({e});
        return readyResult<SendReceipt>(receipt);
    }

    QFuture<Result<void>> editMessage(const QString& messageId, const QString& text) override {
        edits.append({messageId, text});
        bodies.insert(messageId, text);
        return readyResult<void>(Done{});
    }

    QList<Participant> mentionCandidates(const QString&) const override {
        return {Participant{QStringLiteral("U1"), QStringLiteral("Alice Adams"), {}},
                Participant{QStringLiteral("U2"), QStringLiteral("Bob Brown"), {}}};
    }
    QString mentionMarkup(const Participant& person) const override {
        return QStringLiteral("<@%1>").arg(person.address);
    }

    int postsOf(const QString& clientId) const {
        int n = 0;
        for (const Message& m : messages)
            n += m.id == posted.value(clientId) ? 1 : 0;
        return n;
    }

    int failures = 0;
    QList<OutgoingMessage> attempts;
    QHash<QString, QString> posted; //!< clientId -> message id
    QList<std::pair<QString, QString>> edits;
};

class ChatInputTest : public ::testing::Test {
protected:
    ChatInputTest()
        : sync(&store, nullptr) {
        general = chat.addChannel(QStringLiteral("C1"), ChannelRole::None, ChannelKind::ChatChannel);
        general.name = QStringLiteral("general");
        chat.channels.last().name = general.name;
        random = chat.addChannel(QStringLiteral("C2"), ChannelRole::None, ChannelKind::ChatChannel);
        first = chat.addMessage(general, QString(), QStringLiteral("Carol"), 30,
                                QStringLiteral("Morning all"), ConversationKind::Chat);
        other = chat.addMessage(random, QString(), QStringLiteral("Dan"), 20, QStringLiteral("Lunch?"),
                                ConversationKind::Chat);
        sync.addProvider(&chat);
        outbox = std::make_unique<Outbox>([this](const QString& id) { return sync.provider(id); }, nullptr,
                                          Outbox::Options{});
        window = std::make_unique<MainWindow>(&sync, &store);
        window->setOutbox(outbox.get());
        window->setComposeHandler([this](SendKind kind, const QString&) { composerOpened.append(kind); });
        window->resize(1200, 800);
        window->show();
        window->activateWindow();
        sync.start();
        EXPECT_TRUE(waitUntil([&] { return store.message(first.id) && store.message(other.id); }));
    }

    //! Opens the conversation of `message` and waits for its box.
    void open(const Message& message) {
        const QString thread = store.message(message.id)->threadId;
        ASSERT_TRUE(window->selectThread(thread) ||
                    (window->selectView(UnifiedView::All), window->selectThread(thread)));
        ASSERT_TRUE(waitUntil([&] { return box()->isVisible(); }))
            << "a chat conversation has its message box";
        box()->editor()->setFocus();
    }

    ChatInput* box() const { return window->chatInput(); }
    QTextEdit* editor() const { return box()->editor(); }
    void type(const QString& text) { QTest::keyClicks(editor(), text); }
    void press(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
        QTest::keyClick(editor(), key, modifiers);
    }
    //! The message the user posted with this text, once the inbox has it.
    std::optional<Message> postedWith(const QString& text) const {
        for (const Message& m : chat.messages) {
            if (m.flags.testFlag(MessageFlag::FromMe) && chat.bodies.value(m.id) == text)
                return store.message(m.id);
        }
        return std::nullopt;
    }

    PostingChat chat;
    Channel general;
    Channel random;
    Message first;
    Message other;
    InboxStore store;
    SyncController sync;
    std::unique_ptr<Outbox> outbox;
    std::unique_ptr<MainWindow> window;
    QList<SendKind> composerOpened;
};

} // namespace

TEST_F(ChatInputTest, TheBoxSaysWhereItPostsAndIsNotShownUnderMail) {
    open(first);
    EXPECT_EQ(editor()->placeholderText(), QStringLiteral("Message #general"));
    window->conversationView()->clear();
    EXPECT_FALSE(box()->isVisible());
}

TEST_F(ChatInputTest, EnterSendsAndShiftEnterStartsANewLine) {
    open(first);
    type(QStringLiteral("hello"));
    press(Qt::Key_Return, Qt::ShiftModifier);
    type(QStringLiteral("world"));
    EXPECT_EQ(editor()->toPlainText(), QStringLiteral("hello\nworld"));
    EXPECT_TRUE(chat.attempts.isEmpty()) << "Shift+Enter never sends";

    press(Qt::Key_Return);
    EXPECT_TRUE(editor()->toPlainText().isEmpty()) << "the box empties once the outbox holds the text";
    ASSERT_TRUE(waitUntil([&] { return chat.attempts.size() == 1; }));
    const OutgoingMessage& sent = chat.attempts.first();
    EXPECT_EQ(sent.text, QStringLiteral("hello\nworld"));
    EXPECT_EQ(sent.kind, SendKind::New);
    EXPECT_EQ(sent.channelId, general.id);
    EXPECT_FALSE(sent.clientId.isEmpty()) << "an idempotency key, as the composer's";
    // The confirmed copy arrives and the pending one leaves.
    ASSERT_TRUE(waitUntil([&] { return postedWith(QStringLiteral("hello\nworld")).has_value(); }));
    ASSERT_TRUE(waitUntil([&] { return window->chatPending()->count() == 0; }));
    EXPECT_TRUE(composerOpened.isEmpty());
}

TEST_F(ChatInputTest, TheBoxGrowsWithItsTextUpToAFewLines) {
    open(first);
    const int one = editor()->height();
    type(QStringLiteral("a"));
    for (int i = 0; i < 2; ++i) {
        press(Qt::Key_Return, Qt::ShiftModifier);
        type(QStringLiteral("b"));
    }
    const int three = editor()->height();
    EXPECT_GT(three, one + editor()->fontMetrics().lineSpacing()) << one << " " << three;
    for (int i = 0; i < 20; ++i) {
        press(Qt::Key_Return, Qt::ShiftModifier);
        type(QStringLiteral("c"));
    }
    const int many = editor()->height();
    EXPECT_LE(many, editor()->fontMetrics().lineSpacing() * (ChatInput::kMaxLines + 1))
        << "a long message scrolls inside a box of a few lines";
    EXPECT_GT(many, three);
}

TEST_F(ChatInputTest, AFailedSendKeepsTheTextAndARetryPostsItOnce) {
    open(first);
    chat.failures = 1;
    type(QStringLiteral("Deploy at noon"));
    press(Qt::Key_Return);
    ChatPendingList* pending = window->chatPending();
    ASSERT_TRUE(waitUntil([&] {
        return pending->count() == 1 && pending->lines().value(0).contains(QStringLiteral("Not sent"));
    })) << pending->lines().join(QLatin1Char('\n')).toStdString();
    EXPECT_TRUE(pending->lines().first().startsWith(QStringLiteral("Deploy at noon")))
        << "the text stays in view with the reason";
    EXPECT_TRUE(pending->lines().first().contains(QStringLiteral("did not answer")));
    EXPECT_EQ(outbox->unsentCount(), 1) << "and in the outbox, so quitting asks about it";

    auto* retry = pending->findChild<QPushButton*>(QStringLiteral("chatRetry"));
    ASSERT_NE(retry, nullptr);
    QTest::mouseClick(retry, Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return postedWith(QStringLiteral("Deploy at noon")).has_value(); }));
    ASSERT_EQ(chat.attempts.size(), 2);
    EXPECT_EQ(chat.attempts[0].clientId, chat.attempts[1].clientId) << "the retry is the same message";
    EXPECT_EQ(chat.postsOf(chat.attempts[0].clientId), 1);
    int copies = 0;
    for (const Message& m : chat.messages)
        copies += chat.bodies.value(m.id) == QStringLiteral("Deploy at noon") ? 1 : 0;
    EXPECT_EQ(copies, 1) << "posted once";
    EXPECT_TRUE(waitUntil([&] { return pending->count() == 0; }));
    EXPECT_TRUE(outbox->isEmpty());
}

TEST_F(ChatInputTest, MentionsCompleteByNameAndAreSentInTheProvidersSyntax) {
    open(first);
    type(QStringLiteral("thanks @al"));
    QListWidget* list = box()->suggestions();
    ASSERT_TRUE(list->isVisible());
    ASSERT_EQ(list->count(), 1);
    EXPECT_EQ(list->item(0)->text(), QStringLiteral("Alice Adams"));
    press(Qt::Key_Return); // takes the suggestion, does not send
    EXPECT_EQ(editor()->toPlainText(), QStringLiteral("thanks @Alice Adams "));
    EXPECT_FALSE(list->isVisible());
    EXPECT_TRUE(chat.attempts.isEmpty());

    type(QStringLiteral("and @"));
    ASSERT_EQ(list->count(), 2) << "@ alone lists everyone";
    press(Qt::Key_Down);
    press(Qt::Key_Tab);
    type(QStringLiteral("!"));
    EXPECT_EQ(editor()->toPlainText(), QStringLiteral("thanks @Alice Adams and @Bob Brown !"));
    press(Qt::Key_Return);
    ASSERT_TRUE(waitUntil([&] { return chat.attempts.size() == 1; }));
    EXPECT_EQ(chat.attempts.first().text, QStringLiteral("thanks <@U1> and <@U2> !"));
}

TEST_F(ChatInputTest, EmojiCompleteByShortcode) {
    open(first);
    type(QStringLiteral("nice :smi"));
    QListWidget* list = box()->suggestions();
    ASSERT_TRUE(list->isVisible());
    ASSERT_GE(list->count(), 1);
    EXPECT_TRUE(list->item(0)->text().endsWith(QStringLiteral(":smile:")))
        << list->item(0)->text().toStdString();
    press(Qt::Key_Tab);
    EXPECT_EQ(editor()->toPlainText(),
              QStringLiteral("nice ") + emojiForShortcode(QStringLiteral("smile")) + QLatin1Char(' '));
    // A time or a smiley is not a search.
    editor()->clear();
    type(QStringLiteral("at 12:30 :)"));
    EXPECT_FALSE(list->isVisible());
    press(Qt::Key_Escape);
}

TEST_F(ChatInputTest, UpInAnEmptyBoxEditsTheLastOwnMessageAndEscCancels) {
    open(first);
    type(QStringLiteral("Standup in 5"));
    press(Qt::Key_Return);
    ASSERT_TRUE(waitUntil([&] { return postedWith(QStringLiteral("Standup in 5")).has_value(); }));
    const QString mine = postedWith(QStringLiteral("Standup in 5"))->id;

    press(Qt::Key_Up);
    ASSERT_TRUE(waitUntil([&] { return box()->isEditing(); }));
    EXPECT_EQ(box()->editingId(), mine);
    EXPECT_EQ(editor()->toPlainText(), QStringLiteral("Standup in 5"));
    EXPECT_TRUE(box()->banner()->isVisible());
    press(Qt::Key_Escape);
    EXPECT_FALSE(box()->isEditing());
    EXPECT_TRUE(editor()->toPlainText().isEmpty()) << "Esc puts back what the box held";
    EXPECT_TRUE(chat.edits.isEmpty());

    press(Qt::Key_Up);
    ASSERT_TRUE(waitUntil([&] { return box()->isEditing(); }));
    editor()->selectAll();
    type(QStringLiteral("Standup in 10"));
    press(Qt::Key_Return);
    ASSERT_TRUE(waitUntil([&] { return chat.edits.size() == 1; }));
    EXPECT_EQ(chat.edits.first(), std::make_pair(mine, QStringLiteral("Standup in 10")));
    EXPECT_FALSE(box()->isEditing());
    EXPECT_EQ(chat.attempts.size(), 1) << "an edit is not a new message";
}

TEST_F(ChatInputTest, ReplyOnAChatMessageWritesInTheBoxNotTheMailComposer) {
    open(first);
    window->threadView()->setFocus();
    QTest::keyClick(window->threadView(), Qt::Key_R);
    EXPECT_TRUE(composerOpened.isEmpty()) << "no email-style window for a chat";
    ASSERT_TRUE(waitUntil([&] { return editor()->hasFocus(); }));
    EXPECT_TRUE(box()->target().isThread());
    EXPECT_EQ(box()->target().threadParentId, first.id);
    EXPECT_EQ(editor()->placeholderText(), QStringLiteral("Reply in thread"));
    type(QStringLiteral("On it"));
    press(Qt::Key_Return);
    ASSERT_TRUE(waitUntil([&] { return chat.attempts.size() == 1; }));
    EXPECT_EQ(chat.attempts.first().kind, SendKind::ThreadReply);
    EXPECT_EQ(chat.attempts.first().inReplyToId, first.id);

    // Esc goes back to writing in the channel.
    press(Qt::Key_Escape);
    EXPECT_FALSE(box()->target().isThread());
    EXPECT_EQ(editor()->placeholderText(), QStringLiteral("Message #general"));

    // New Message in a chat is the chat's box too; mail-only accounts are what the composer is for.
    QAction* compose = window->mailActions()->action(MailActions::Compose);
    ASSERT_TRUE(compose->isEnabled());
    compose->trigger();
    EXPECT_TRUE(composerOpened.isEmpty());
    EXPECT_FALSE(window->mailActions()->action(MailActions::ReplyAll)->isEnabled());
    EXPECT_FALSE(window->mailActions()->action(MailActions::Forward)->isEnabled());
}

TEST_F(ChatInputTest, UnsentTextStaysWithItsConversationAndQuittingAsks) {
    open(first);
    type(QStringLiteral("half a thought"));
    open(other);
    EXPECT_TRUE(editor()->toPlainText().isEmpty()) << "each conversation has its own box text";
    EXPECT_EQ(editor()->placeholderText(), QStringLiteral("Message #C2"));
    open(first);
    EXPECT_EQ(editor()->toPlainText(), QStringLiteral("half a thought"));

    window->close();
    QMessageBox* ask = nullptr;
    ASSERT_TRUE(waitUntil([&] {
        ask = window->findChild<QMessageBox*>(QStringLiteral("quitWithChatText"));
        return ask && ask->isVisible();
    }));
    EXPECT_TRUE(window->isVisible()) << "nothing is lost without asking";
    EXPECT_TRUE(ask->informativeText().contains(QStringLiteral("#general")));
    QTest::mouseClick(ask->findChild<QPushButton*>(QStringLiteral("discard")), Qt::LeftButton);
    EXPECT_TRUE(waitUntil([&] { return !window->isVisible(); }));
}

TEST(ChatDraft, CompletionQueriesAndMentionMarkup) {
    using Kind = ChatCompletionQuery::Kind;
    EXPECT_EQ(chatCompletionAt(QStringLiteral("hi @al"), 6).kind, Kind::Person);
    EXPECT_EQ(chatCompletionAt(QStringLiteral("hi @al"), 6).prefix, QStringLiteral("al"));
    EXPECT_EQ(chatCompletionAt(QStringLiteral("bob@example"), 11).kind, Kind::None) << "an address";
    EXPECT_EQ(chatCompletionAt(QStringLiteral(":sm"), 3).kind, Kind::Emoji);
    EXPECT_EQ(chatCompletionAt(QStringLiteral(":s"), 2).kind, Kind::None);
    EXPECT_EQ(chatCompletionAt(QStringLiteral("12:30"), 5).kind, Kind::None);

    ChatDraft d;
    d.text = QStringLiteral("\n@Al Adamson and @Al Adams, @Al Adam\n");
    d.mentions = {{QStringLiteral("@Al Adams"), QStringLiteral("<@U1>")},
                  {QStringLiteral("@Al Adamson"), QStringLiteral("<@U2>")}};
    EXPECT_EQ(d.outgoingText(), QStringLiteral("<@U2> and <@U1>, @Al Adam"))
        << "an edited mention is sent as typed";
    ChatTarget thread{QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("m"), {}};
    EXPECT_EQ(d.message(thread).kind, SendKind::ThreadReply);
    EXPECT_EQ(d.message(thread).inReplyToId, QStringLiteral("m"));
}
