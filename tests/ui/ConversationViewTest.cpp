#include "ConversationView.h"

#include "Await.h"
#include "ReaderPage.h"
#include "cache/ExpandedMessages.h"
#include "html/RemoteContentPolicy.h"
#include "reader/ChatGroup.h"
#include "reader/MessageCard.h"
#include "reader/MessageReader.h"
#include "reader/ReaderRequestInterceptor.h"
#include "util/ReadyFuture.h"

#include <QApplication>
#include <QDir>
#include <QMenu>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStyle>
#include <QTest>
#include <QToolButton>
#include <QWebEngineView>
#include <QWheelEvent>
#include <gtest/gtest.h>
#include <memory>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::waitUntil;

namespace {

Message envelope(int n, const QString& author, bool read, ConversationKind kind = ConversationKind::Email) {
    Message m;
    m.id = QStringLiteral("v1:message:acc:INBOX/%1").arg(n);
    m.accountId = QStringLiteral("acc");
    m.threadId = QStringLiteral("v1:thread:acc:t1");
    m.kind = kind;
    m.author = Participant{author.toLower() + QStringLiteral("@example.org"), author, {}};
    m.to = {Participant{QStringLiteral("me@example.org"), QStringLiteral("Me"), {}}};
    m.sentAt = QDateTime(QDate(2024, 5, 14), QTime(9, 0)).addSecs(n * 120);
    m.receivedAt = m.sentAt;
    m.subject = QStringLiteral("Quarterly plan");
    m.snippet = QStringLiteral("Snippet of message %1").arg(n);
    if (read)
        m.flags = MessageFlag::Read;
    return m;
}

Thread threadOf(const QList<Message>& messages, ConversationKind kind = ConversationKind::Email) {
    Thread t;
    t.id = QStringLiteral("v1:thread:acc:t1");
    t.kind = kind;
    t.subject = kind == ConversationKind::Email ? QStringLiteral("Quarterly plan") : QString();
    for (const Message& m : messages) {
        t.messageIds.append(m.id);
        if (!t.participants.contains(m.author))
            t.participants.append(m.author);
    }
    t.messageCount = int(messages.size());
    return t;
}

//! Bodies come from memory; every request is recorded.
struct Bodies {
    QHash<QString, Message> full;
    QStringList requested;

    ConversationView::BodyFetcher fetcher() {
        return [this](const QString& id) -> QFuture<Result<Message>> {
            requested.append(id);
            if (!full.contains(id))
                return readyResult<Message>(ProviderError::notFound(QStringLiteral("gone")));
            return readyResult<Message>(full.value(id));
        };
    }
    void add(const Message& envelope, const QString& text, const QString& html = {}) {
        Message m = envelope;
        m.bodyLoaded = true;
        m.text = text;
        m.html = html;
        full.insert(m.id, m);
    }
};

//! Saves a PNG of `widget` when TRIBUTARY_SCREENSHOT_DIR is set (for looking at the result).
void shoot(QWidget& widget, const QString& name) {
    const QString dir = qEnvironmentVariable("TRIBUTARY_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    widget.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

QPalette darkPalette() {
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x20, 0x21, 0x24));
    p.setColor(QPalette::WindowText, QColor(0xe8, 0xea, 0xed));
    p.setColor(QPalette::Base, QColor(0x2a, 0x2b, 0x2f));
    p.setColor(QPalette::AlternateBase, QColor(0x30, 0x31, 0x35));
    p.setColor(QPalette::Text, QColor(0xe8, 0xea, 0xed));
    p.setColor(QPalette::Button, QColor(0x35, 0x36, 0x3a));
    p.setColor(QPalette::ButtonText, QColor(0xe8, 0xea, 0xed));
    p.setColor(QPalette::Highlight, QColor(0x8a, 0xb4, 0xf8));
    p.setColor(QPalette::HighlightedText, QColor(0x20, 0x21, 0x24));
    p.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0xa0, 0xa6));
    p.setColor(QPalette::Mid, QColor(0x5f, 0x63, 0x68));
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x40, 0x43));
    p.setColor(QPalette::ToolTipText, QColor(0xe8, 0xea, 0xed));
    return p;
}

} // namespace

TEST(ConversationView, StacksEmailAsCardsWithTheNewestAndUnreadOpen) {
    Bodies bodies;
    QList<Message> messages;
    for (int i = 0; i < 5; ++i) {
        // 0-2 read, 3 unread, 4 (the newest) read.
        messages.append(envelope(i, i % 2 ? QStringLiteral("Bob") : QStringLiteral("Ann"), i != 3));
        bodies.add(messages.last(), QStringLiteral("Body number %1").arg(i));
    }
    ConversationView view(bodies.fetcher());
    view.resize(700, 800);
    view.show();
    view.showThread(threadOf(messages), messages);

    const QList<MessageCard*> cards = view.messageCards();
    ASSERT_EQ(cards.size(), 5);
    EXPECT_FALSE(cards[0]->isExpanded());
    EXPECT_FALSE(cards[1]->isExpanded());
    EXPECT_FALSE(cards[2]->isExpanded());
    EXPECT_TRUE(cards[3]->isExpanded()) << "unread";
    EXPECT_TRUE(cards[4]->isExpanded()) << "newest";
    EXPECT_EQ(bodies.requested, (QStringList{messages[3].id, messages[4].id}))
        << "collapsed bodies are not fetched";
    EXPECT_EQ(cards[0]->reader(), nullptr) << "no reader for a collapsed message";
    ASSERT_TRUE(waitUntil([&] { return view.plainText().contains(QStringLiteral("Body number 4")); }));
    const QString text = view.plainText();
    EXPECT_TRUE(text.contains(QStringLiteral("Snippet of message 0"))) << "collapsed: one line";
    EXPECT_FALSE(text.contains(QStringLiteral("Body number 0")));
    EXPECT_LT(text.indexOf(QStringLiteral("Snippet of message 0")),
              text.indexOf(QStringLiteral("Body number 3")));

    // A click on a collapsed header opens it (and fetches its body); Enter closes it again.
    const int collapsedHeight = cards[0]->height();
    QWidget* header = cards[0]->childAt(20, 15);
    ASSERT_TRUE(header);
    QTest::mouseClick(header, Qt::LeftButton, {}, QPoint(5, 5));
    EXPECT_TRUE(cards[0]->isExpanded());
    EXPECT_TRUE(bodies.requested.contains(messages[0].id));
    ASSERT_TRUE(waitUntil([&] { return view.plainText().contains(QStringLiteral("Body number 0")); }));
    ASSERT_TRUE(waitUntil([&] { return cards[0]->height() > collapsedHeight; }));
    cards[0]->setFocus();
    QTest::keyClick(cards[0], Qt::Key_Return);
    EXPECT_FALSE(cards[0]->isExpanded());

    // A refresh of the same thread keeps what is open and the readers.
    MessageReader* reader = cards[4]->reader();
    ASSERT_TRUE(reader);
    messages[3].flags = MessageFlag::Read;
    view.showThread(threadOf(messages), messages);
    EXPECT_EQ(view.messageCards(), cards);
    EXPECT_EQ(cards[4]->reader(), reader);
    EXPECT_TRUE(cards[3]->isExpanded());
}

TEST(ConversationView, AttachmentChipsAskToSave) {
    Bodies bodies;
    Message m = envelope(1, QStringLiteral("Ann"), false);
    m.hasAttachments = true;
    bodies.add(m, QStringLiteral("See the plan."));
    bodies.full[m.id].attachments = {Attachment{QStringLiteral("2"),
                                                QStringLiteral("plan.pdf"),
                                                QStringLiteral("application/pdf"),
                                                2048,
                                                {},
                                                false},
                                     Attachment{QStringLiteral("3"), QString(), QStringLiteral("image/png"),
                                                100, QStringLiteral("<i@x>"), true}};
    ConversationView view(bodies.fetcher());
    view.resize(600, 500);
    view.show();
    QSignalSpy save(&view, &ConversationView::saveAttachmentRequested);
    view.showThread(threadOf({m}), {m});
    MessageCard* card = view.messageCards().value(0);
    ASSERT_TRUE(card);
    ASSERT_TRUE(waitUntil([&] { return card->attachmentChips().size() == 1; }));
    QToolButton* chip = card->attachmentChips().first();
    EXPECT_TRUE(chip->text().startsWith(QStringLiteral("plan.pdf"))) << chip->text().toStdString();
    EXPECT_TRUE(chip->text().contains(QStringLiteral("2.0 KB")));
    QTest::mouseClick(chip, Qt::LeftButton);
    ASSERT_EQ(save.size(), 1);
    EXPECT_EQ(save.at(0).at(0).toString(), m.id);
    EXPECT_EQ(save.at(0).at(1).toString(), QStringLiteral("2"));
    EXPECT_EQ(save.at(0).at(2).toString(), QStringLiteral("plan.pdf"));
}

TEST(ConversationView, AttachmentChipsNameUnnamedFilesAndListNamedInlineParts) {
    Bodies bodies;
    Message m = envelope(1, QStringLiteral("Ann"), false);
    m.hasAttachments = true;
    bodies.add(m, QStringLiteral("Photo and notes below."));
    bodies.full[m.id].attachments = {
        // No name from the sender: one from the type, never an empty chip.
        Attachment{QStringLiteral("2"), QString(), QStringLiteral("application/pdf"), 2048, {}, false},
        // Inline with a name of its own: listed too, as Thunderbird does.
        Attachment{QStringLiteral("3"), QStringLiteral("photo.png"), QStringLiteral("image/png"), 100,
                   QStringLiteral("<p@x>"), true},
        // Inline without a name: a piece of the HTML, not a file.
        Attachment{QStringLiteral("4"), QString(), QStringLiteral("image/gif"), 43, QStringLiteral("<s@x>"),
                   true}};
    ConversationView view(bodies.fetcher());
    view.resize(600, 500);
    view.show();
    QSignalSpy save(&view, &ConversationView::saveAttachmentRequested);
    view.showThread(threadOf({m}), {m});
    MessageCard* card = view.messageCards().value(0);
    ASSERT_TRUE(card);
    ASSERT_TRUE(waitUntil([&] { return card->attachmentChips().size() == 2; }));
    EXPECT_TRUE(card->attachmentChips()[0]->text().startsWith(QStringLiteral("attachment.pdf")));
    EXPECT_TRUE(card->attachmentChips()[1]->text().startsWith(QStringLiteral("photo.png")));
    QTest::mouseClick(card->attachmentChips()[0], Qt::LeftButton);
    ASSERT_EQ(save.size(), 1);
    EXPECT_EQ(save.at(0).at(2).toString(), QStringLiteral("attachment.pdf")) << "the name to save under";
}

TEST(ConversationView, ShowsChatAsBubblesGroupedByAuthor) {
    Bodies bodies;
    QList<Message> messages;
    const QStringList authors = {QStringLiteral("Ann"), QStringLiteral("Ann"), QStringLiteral("Bob"),
                                 QStringLiteral("Ann")};
    for (int i = 0; i < authors.size(); ++i) {
        messages.append(envelope(i, authors[i], true, ConversationKind::Chat));
        messages.last().snippet.clear();
        bodies.add(messages.last(), QStringLiteral("chat line %1").arg(i));
    }
    ConversationView view(bodies.fetcher());
    view.resize(500, 400);
    view.show();
    view.showThread(threadOf(messages, ConversationKind::Chat), messages);
    EXPECT_TRUE(view.messageCards().isEmpty());
    const QList<ChatGroup*> groups = view.chatGroups();
    ASSERT_EQ(groups.size(), 3);
    EXPECT_EQ(groups[0]->bubbleCount(), 2);
    EXPECT_EQ(groups[1]->bubbleCount(), 1);
    EXPECT_EQ(groups[2]->bubbleCount(), 1);
    ASSERT_TRUE(waitUntil([&] { return view.plainText().contains(QStringLiteral("Ann: chat line 3")); }))
        << view.plainText().toStdString();
    EXPECT_TRUE(view.plainText().contains(QStringLiteral("Bob: chat line 2")));
    const auto webViews = view.findChildren<QWebEngineView*>();
    EXPECT_TRUE(webViews.isEmpty()) << "chat needs no browser";

    // With channel names known, the title says where the conversation happens.
    view.setChannelLabel([](const QString& id) {
        return id == QLatin1String("v1:c:acc:C1") ? QStringLiteral("#support") : QString();
    });
    Thread inChannel = threadOf(messages, ConversationKind::Chat);
    inChannel.channelIds = {QStringLiteral("v1:c:acc:C1")};
    view.showThread(inChannel, messages);
    EXPECT_TRUE(view.plainText().startsWith(QStringLiteral("#support"))) << view.plainText().toStdString();
}

TEST(ConversationView, OwnChatMessagesOfferEditAndDeleteAndEditsReplaceTheText) {
    Bodies bodies;
    QList<Message> messages = {envelope(0, QStringLiteral("Ann"), true, ConversationKind::Chat),
                               envelope(1, QStringLiteral("Me"), true, ConversationKind::Chat)};
    messages[1].flags |= MessageFlag::FromMe;
    for (const Message& m : messages)
        bodies.add(m, QStringLiteral("text of %1").arg(m.author.displayName));
    ConversationView view(bodies.fetcher());
    view.setChatEditable([](const Message& m) { return m.flags.testFlag(MessageFlag::FromMe); });
    QSignalSpy edits(&view, &ConversationView::editMessageRequested);
    QSignalSpy deletes(&view, &ConversationView::deleteMessageRequested);
    view.resize(500, 400);
    view.show();
    view.showThread(threadOf(messages, ConversationKind::Chat), messages);
    ASSERT_TRUE(waitUntil([&] { return view.plainText().contains(QStringLiteral("Me: text of Me")); }));
    const QList<ChatGroup*> groups = view.chatGroups();
    ASSERT_EQ(groups.size(), 2);

    std::unique_ptr<QMenu> theirs(groups[0]->createContextMenu(messages[0].id, nullptr));
    ASSERT_TRUE(theirs);
    EXPECT_FALSE(theirs->findChild<QAction*>(QStringLiteral("editMessage"))) << "not the user's message";
    std::unique_ptr<QMenu> mine(groups[1]->createContextMenu(messages[1].id, nullptr));
    ASSERT_TRUE(mine);
    QAction* edit = mine->findChild<QAction*>(QStringLiteral("editMessage"));
    QAction* del = mine->findChild<QAction*>(QStringLiteral("deleteMessage"));
    ASSERT_TRUE(edit && del);
    edit->trigger();
    del->trigger();
    ASSERT_EQ(edits.size(), 1);
    EXPECT_EQ(edits.first().at(0).toString(), messages[1].id);
    EXPECT_EQ(edits.first().at(1).toString(), QStringLiteral("text of Me"))
        << "the dialog starts from the text";
    ASSERT_EQ(deletes.size(), 1);

    // The edited envelope (a new snippet) makes the view read the text again.
    bodies.add(messages[1], QStringLiteral("edited text"));
    messages[1].snippet = QStringLiteral("edited text");
    view.showThread(threadOf(messages, ConversationKind::Chat), messages);
    ASSERT_TRUE(waitUntil([&] { return view.plainText().contains(QStringLiteral("Me: edited text")); }))
        << view.plainText().toStdString();
}

TEST(ConversationView, OpensALongThreadWithFewReaders) {
    Bodies bodies;
    QList<Message> messages;
    for (int i = 0; i < 50; ++i) {
        messages.append(envelope(i, i % 3 ? QStringLiteral("Bob") : QStringLiteral("Ann"), i < 30));
        bodies.add(messages.last(), QStringLiteral("Text %1").arg(i),
                   QStringLiteral("<p>Html <b>%1</b></p>").arg(i));
    }
    ConversationView view(bodies.fetcher());
    view.resize(700, 900);
    view.show();
    view.showThread(threadOf(messages), messages);
    ASSERT_EQ(view.messageCards().size(), 50);
    int expanded = 0;
    for (MessageCard* card : view.messageCards())
        expanded += card->isExpanded() ? 1 : 0;
    EXPECT_EQ(expanded, ConversationView::kMaxInitiallyExpanded) << "the newest unread ones, capped";
    EXPECT_EQ(bodies.requested.size(), ConversationView::kMaxInitiallyExpanded);
    EXPECT_TRUE(view.messageCards().last()->isExpanded());
    EXPECT_FALSE(view.messageCards()[30]->isExpanded()) << "older unread beyond the cap stay closed";
    EXPECT_LE(view.findChildren<QWebEngineView*>().size(), ConversationView::kMaxInitiallyExpanded);
}

// Renders the pane in light and dark for a person to look at (TRIBUTARY_SCREENSHOT_DIR).
TEST(ConversationView, RendersInLightAndDark) {
    Bodies bodies;
    QList<Message> messages;
    messages.append(envelope(1, QStringLiteral("Ann Lee"), true));
    bodies.add(messages.last(),
               QStringLiteral("Here is the draft plan for Q3.\n\n> earlier quote\nThanks, Ann"));
    messages.append(envelope(2, QStringLiteral("Shop News"), false));
    messages.last().author.address = QStringLiteral("news@shop.example");
    bodies.add(
        messages.last(), QString(),
        QStringLiteral(
            "<table width=100% bgcolor=#f4f4f4 cellpadding=16><tr><td>"
            "<h2 style=\"color:#222\">Spring offers</h2><img src=\"https://cdn.shop.example/hero.jpg\" "
            "width=300 height=80 alt=\"Hero\"><p style=\"color:#444\">Everything 20% off. "
            "<a href=\"https://shop.example/sale\">Shop now</a></p></td></tr></table>"));
    bodies.full[messages.last().id].attachments = {Attachment{QStringLiteral("4"),
                                                              QStringLiteral("catalogue.pdf"),
                                                              QStringLiteral("application/pdf"),
                                                              1200000,
                                                              {},
                                                              false}};
    messages.append(envelope(3, QStringLiteral("Bob"), false));
    bodies.add(
        messages.last(), QString(),
        QStringLiteral(
            "<div dir=ltr>Looks <b>good</b> to me. See <a href=\"https://docs.example/plan\">the doc</a>."
            "<blockquote>Here is the draft plan</blockquote></div>"));
    for (const bool dark : {false, true}) {
        ConversationView view(bodies.fetcher());
        RemoteContentPolicy policy(nullptr);
        view.setRemoteContentPolicy(&policy);
        view.setPalette(dark ? darkPalette() : QApplication::style()->standardPalette());
        view.resize(760, 900);
        view.show();
        view.showThread(threadOf(messages), messages);
        ASSERT_TRUE(waitUntil(
            [&] {
                for (MessageCard* card : view.messageCards()) {
                    if (card->isExpanded() && (!card->reader() || !card->reader()->isContentReady()))
                        return false;
                }
                return true;
            },
            30000));
        for (MessageCard* card : view.messageCards()) {
            if (card->isExpanded()) {
                ASSERT_TRUE(tributary::test::waitForPageSettled(*card->reader()));
            }
        }
        EXPECT_EQ(view.messageCards()[1]->reader()->requestInterceptor()->outboundAllowed(), 0);
        shoot(view, dark ? QStringLiteral("conversation-dark") : QStringLiteral("conversation-light"));

        QList<Message> chat;
        for (int i = 0; i < 5; ++i) {
            chat.append(envelope(10 + i, i == 2 ? QStringLiteral("Bob") : QStringLiteral("Ann Lee"), true,
                                 ConversationKind::Chat));
            bodies.add(chat.last(),
                       i == 1 ? QStringLiteral("A longer message that wraps over more than one line "
                                               "so we can see how bubbles wrap in a narrow pane.")
                              : QStringLiteral("chat line %1").arg(i));
        }
        Thread t = threadOf(chat, ConversationKind::Chat);
        t.id = QStringLiteral("v1:thread:acc:chat");
        view.showThread(t, chat);
        ASSERT_TRUE(waitUntil([&] { return view.plainText().contains(QStringLiteral("chat line 4")); }));
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest); // laid out before the shot
        shoot(view, dark ? QStringLiteral("chat-dark") : QStringLiteral("chat-light"));
    }
}

TEST(ConversationView, WheelOverAMessageScrollsTheConversation) {
    Bodies bodies;
    QList<Message> messages;
    QString tall;
    for (int i = 0; i < 80; ++i)
        tall += QStringLiteral("<p>Line %1</p>").arg(i);
    for (int i = 0; i < 2; ++i) {
        messages.append(envelope(i, QStringLiteral("Ann"), false));
        bodies.add(messages.last(), QString(), tall);
    }
    ConversationView view(bodies.fetcher());
    view.resize(600, 500);
    view.show();
    view.showThread(threadOf(messages), messages);
    MessageCard* card = view.messageCards().first();
    ASSERT_TRUE(waitUntil([&] { return card->reader() && card->reader()->isContentReady(); }, 20000));
    ASSERT_TRUE(waitUntil([&] { return card->reader()->webView()->height() > 1000; }, 10000));
    auto* scroll = view.findChild<QScrollArea*>();
    ASSERT_TRUE(scroll);
    // The scroll range follows the readers' heights once the layout has run.
    ASSERT_TRUE(waitUntil([&] { return scroll->verticalScrollBar()->maximum() > 1000; }, 10000));
    scroll->verticalScrollBar()->setValue(0);
    QWidget* web = card->reader()->webView()->focusProxy();
    ASSERT_TRUE(web);
    const QPoint at(100, 300);
    const QPoint inWeb = web->mapFrom(&view, at);
    ASSERT_TRUE(web->rect().contains(inWeb));
    for (int i = 0; i < 3; ++i) {
        QWheelEvent wheel(QPointF(inWeb), QPointF(web->mapToGlobal(inWeb)), QPoint(), QPoint(0, -120),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(web, &wheel);
    }
    EXPECT_TRUE(waitUntil([&] { return scroll->verticalScrollBar()->value() > 0; }, 5000))
        << "the page does not scroll itself, the conversation does";
}

TEST(ConversationView, OpensAThreadTheWayTheUserLeftIt) {
    Bodies bodies;
    QList<Message> messages;
    for (int i = 0; i < 3; ++i) {
        messages.append(envelope(i, QStringLiteral("Ann"), true));
        bodies.add(messages.last(), QStringLiteral("Body number %1").arg(i));
    }
    ExpandedMessages memory(nullptr);
    {
        ConversationView view(bodies.fetcher());
        view.setExpandedMessages(&memory);
        view.resize(700, 800);
        view.show();
        view.showThread(threadOf(messages), messages);
        QList<MessageCard*> cards = view.messageCards();
        ASSERT_EQ(cards.size(), 3);
        ASSERT_TRUE(cards[2]->isExpanded());
        // The user opens the first message by keyboard and closes the newest one.
        cards[0]->setFocus();
        QTest::keyClick(cards[0], Qt::Key_Right);
        cards[2]->setFocus();
        QTest::keyClick(cards[2], Qt::Key_Return);
        EXPECT_TRUE(cards[0]->isExpanded());
        EXPECT_FALSE(cards[2]->isExpanded());
    }
    EXPECT_EQ(memory.isExpanded(messages[0].id), std::optional<bool>(true));
    EXPECT_EQ(memory.isExpanded(messages[2].id), std::optional<bool>(false));
    EXPECT_EQ(memory.isExpanded(messages[1].id), std::nullopt) << "only the user's choices are kept";

    // Opened again (another view, as after a restart): as it was left, and a new reply
    // still opens by default.
    ConversationView again(bodies.fetcher());
    again.setExpandedMessages(&memory);
    again.showThread(threadOf(messages), messages);
    QList<MessageCard*> cards = again.messageCards();
    EXPECT_TRUE(cards[0]->isExpanded());
    EXPECT_FALSE(cards[1]->isExpanded());
    EXPECT_FALSE(cards[2]->isExpanded());
    messages.append(envelope(3, QStringLiteral("Bob"), false));
    again.showThread(threadOf(messages), messages);
    cards = again.messageCards();
    ASSERT_EQ(cards.size(), 4);
    EXPECT_TRUE(cards[3]->isExpanded());
    EXPECT_FALSE(cards[2]->isExpanded());
}
