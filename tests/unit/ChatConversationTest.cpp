// "A chat is one conversation, not one row per message" (issue 13 §4): a channel, DM or group
// chat is one thread of the inbox (one list row), whatever its messages' own chat threads; a
// chat thread (Slack thread_ts) is a sub-conversation inside it, opened from its parent; a reply
// also sent to the channel shows in both; mail and chat interleave by latest activity; a
// channel row counts its unread messages.
#include "InboxTestMessages.h"
#include "inbox/ChatThreads.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadListModel.h"
#include "inbox/ThreadingEngine.h"
#include "model/Ids.h"
#include "slack/SlackMapping.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <gtest/gtest.h>

using namespace tributary;
using inboxtest::day;
using inboxtest::headerThread;
using inboxtest::Mail;
using slack::SlackMessageContext;
using slack::slackMessageFromJson;

namespace {

QString channelThread(const char* account, const char* channel) {
    return ThreadingEngine::chatConversationId(
        QString::fromUtf8(account),
        makeId(IdKind::Channel, QString::fromUtf8(account), QString::fromUtf8(channel)));
}

//! A chat message in `channel`, its own chat thread ("<channel>/<ts>"), at `minutes` after day 0.
Message said(const char* channel, const char* ts, int minutes, const char* text, bool read = true) {
    const QString native = QString::fromUtf8(channel) + QLatin1Char('/') + QString::fromUtf8(ts);
    Message m = Mail("slack", native.toUtf8().constData())
                    .chat()
                    .channel(channel)
                    .nativeThread(native.toUtf8().constData())
                    .from("U1", "Bob")
                    .snippet(text)
                    .at(day(0, minutes))
                    .read(read);
    return m;
}

//! A reply in the chat thread of `parent`: read in the thread, unless also sent to the channel.
Message reply(const Message& parent, const char* ts, int minutes, const char* text,
              bool alsoInChannel = false, bool read = true) {
    const QString channel = nativeOf(parent.channelId);
    Message m = said(channel.toUtf8().constData(), ts, minutes, text, read);
    m.nativeThreadKey = parent.nativeThreadKey;
    if (!alsoInChannel)
        m.flags |= MessageFlag::ThreadReply;
    return m;
}

QStringList idsOf(const QList<Message>& messages) {
    QStringList ids;
    for (const Message& m : messages)
        ids.append(m.id);
    return ids;
}

QJsonObject json(const char* text) {
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

} // namespace

TEST(ChatConversation, AChannelIsOneConversation) {
    InboxStore store;
    store.addMessages({said("C1", "1.0", 1, "morning"), said("C1", "2.0", 2, "deploy at 3"),
                       said("C1", "3.0", 3, "done", false), said("C1", "4.0", 4, "thanks", false),
                       said("D1", "1.5", 5, "lunch?"), said("G1", "1.6", 0, "group hello")});
    ASSERT_EQ(store.threadCount(), 3) << "#general, the DM and the group chat: one conversation each";
    const std::optional<Thread> general = store.thread(channelThread("slack", "C1"));
    ASSERT_TRUE(general);
    EXPECT_EQ(general->kind, ConversationKind::Chat);
    EXPECT_EQ(general->messageCount, 4);
    EXPECT_EQ(general->unreadCount, 2);
    EXPECT_EQ(general->snippet, QStringLiteral("thanks")) << "the newest message is the snippet";
    EXPECT_EQ(general->latestActivity, day(0, 4));
    EXPECT_TRUE(general->subject.isEmpty()) << "the channel names a chat, not its oldest loaded message";
    EXPECT_EQ(general->channelIds,
              QStringList{makeId(IdKind::Channel, QStringLiteral("slack"), QStringLiteral("C1"))});

    // A new message in the channel joins the same conversation.
    store.addMessages({said("C1", "5.0", 9, "one more", false)});
    EXPECT_EQ(store.threadCount(), 3);
    EXPECT_EQ(store.thread(channelThread("slack", "C1"))->unreadCount, 3);
    EXPECT_EQ(store.thread(channelThread("slack", "C1"))->snippet, QStringLiteral("one more"));
}

TEST(ChatConversation, SameChannelIdInTwoAccountsIsTwoConversations) {
    InboxStore store;
    Message other = said("C1", "1.0", 1, "elsewhere");
    other.accountId = QStringLiteral("slack2");
    other.channelId = makeId(IdKind::Channel, other.accountId, QStringLiteral("C1"));
    other.id = makeId(IdKind::Message, other.accountId, other.nativeId);
    store.addMessages({said("C1", "1.0", 1, "here"), other});
    EXPECT_EQ(store.threadCount(), 2);
}

TEST(ChatConversation, AThreadIsASubConversationOpenedFromItsParent) {
    const Message parent = said("C1", "1.0", 1, "who has the release notes?");
    const Message before = said("C1", "0.5", 0, "morning");
    const Message r1 = reply(parent, "1.1", 2, "me");
    const Message r2 = reply(parent, "1.2", 3, "sending");
    const Message broadcast = reply(parent, "1.3", 4, "here they are", true);
    const Message r3 = reply(parent, "1.4", 6, "thanks");
    const Message after = said("C1", "2.0", 5, "lunch?");
    const QList<Message> conversation = {before, parent, r1, r2, broadcast, after, r3};

    InboxStore store;
    store.addMessages(conversation);
    ASSERT_EQ(store.threadCount(), 1) << "thread replies stay in their channel's conversation";
    EXPECT_EQ(store.thread(channelThread("slack", "C1"))->messageCount, 7);

    // The channel shows its own messages and the broadcast, not the replies read in the thread.
    EXPECT_EQ(idsOf(chatthreads::transcript(conversation)),
              (QStringList{before.id, parent.id, broadcast.id, after.id}));
    // The parent says how many replies its thread has and when the last came.
    const QHash<QString, chatthreads::Summary> summaries = chatthreads::summaries(conversation);
    ASSERT_EQ(summaries.size(), 1) << "only a message with replies has a thread";
    EXPECT_EQ(summaries.value(parent.id).replies, 4);
    EXPECT_EQ(summaries.value(parent.id).lastReply, day(0, 6));
    // The thread: its parent, then every reply (the broadcast too), oldest first.
    EXPECT_EQ(idsOf(chatthreads::thread(conversation, parent.nativeThreadKey)),
              (QStringList{parent.id, r1.id, r2.id, broadcast.id, r3.id}));
    EXPECT_TRUE(chatthreads::thread(conversation, QStringLiteral("C1/9.9")).isEmpty());
}

TEST(ChatConversation, SlackMarksRepliesReadInTheirThreadUnlessBroadcast) {
    SlackMessageContext c{QStringLiteral("acct"), QStringLiteral("C0SUPPORT1"), QString(), nullptr};
    const Message parent = slackMessageFromJson(
        json(
            R"({"user":"U2","ts":"1700000100.000100","text":"q","thread_ts":"1700000100.000100","reply_count":2})"),
        c);
    const Message replyInThread = slackMessageFromJson(
        json(R"({"user":"U3","ts":"1700000200.000100","text":"a","thread_ts":"1700000100.000100"})"), c);
    const Message broadcast = slackMessageFromJson(
        json(R"({"user":"U3","ts":"1700000300.000100","text":"b","thread_ts":"1700000100.000100",)"
             R"("subtype":"thread_broadcast"})"),
        c);
    const Message plain =
        slackMessageFromJson(json(R"({"user":"U2","ts":"1700000400.000100","text":"c"})"), c);
    EXPECT_FALSE(parent.flags.testFlag(MessageFlag::ThreadReply));
    EXPECT_TRUE(replyInThread.flags.testFlag(MessageFlag::ThreadReply));
    EXPECT_FALSE(broadcast.flags.testFlag(MessageFlag::ThreadReply)) << "also sent to the channel";
    EXPECT_FALSE(plain.flags.testFlag(MessageFlag::ThreadReply));
    for (const Message& m : {replyInThread, broadcast})
        EXPECT_EQ(m.nativeThreadKey, parent.nativeThreadKey);

    InboxStore store;
    store.addMessages({parent, replyInThread, broadcast, plain});
    EXPECT_EQ(store.threadCount(), 1);
}

TEST(ChatConversation, MailAndChatInterleaveByLatestActivity) {
    InboxStore store;
    ThreadListModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    inboxtest::ModelTesterWarnings warnings;
    ThreadFilterProxy proxy;
    proxy.setSourceModel(&model);
    store.addMessages({Mail("mail", "INBOX/1").msgId("a@x").subject("Invoice").at(day(0, 10)),
                       Mail("mail", "INBOX/2").msgId("b@x").subject("Flight").at(day(0, 30)),
                       said("C1", "1.0", 5, "one"), said("C1", "2.0", 20, "two"),
                       said("C1", "3.0", 40, "three"), said("D1", "1.0", 15, "dm")});
    auto rows = [&proxy] {
        QStringList ids;
        for (int r = 0; r < proxy.rowCount(); ++r)
            ids.append(proxy.index(r, 0).data(ThreadListModel::ThreadIdRole).toString());
        return ids;
    };
    const QString general = channelThread("slack", "C1");
    const QString dm = channelThread("slack", "D1");
    EXPECT_EQ(rows(), (QStringList{general, headerThread("b@x"), dm, headerThread("a@x")}))
        << "one row per channel, at its newest message, among the mail";
    const QModelIndex top = proxy.index(0, 0);
    EXPECT_EQ(top.data(ThreadListModel::SnippetRole).toString(), QStringLiteral("three"));
    EXPECT_EQ(top.data(ThreadListModel::LatestAuthorRole).toString(), QStringLiteral("Bob"));
    EXPECT_EQ(top.data(ThreadListModel::MessageCountRole).toInt(), 3);

    // A mail newer than the channel goes above it; a new chat message brings the channel back up.
    store.addMessages({Mail("mail", "INBOX/3").msgId("c@x").subject("Lunch").at(day(0, 50))});
    EXPECT_EQ(rows().first(), headerThread("c@x"));
    store.addMessages({said("D1", "9.0", 60, "still there?")});
    EXPECT_EQ(rows(),
              (QStringList{dm, headerThread("c@x"), general, headerThread("b@x"), headerThread("a@x")}));
    EXPECT_EQ(warnings.warnings(), 0);
}

TEST(ChatConversation, AChannelRowIsUnreadWhileItHasUnreadMessages) {
    InboxStore store;
    ThreadListModel model(&store);
    ThreadFilterProxy unread;
    unread.setSourceModel(&model);
    unread.setUnreadOnly(true);
    const Message parent = said("C1", "1.0", 1, "question", false);
    const Message r1 = reply(parent, "1.1", 2, "answer", false, false);
    store.addMessages({said("C1", "0.5", 0, "old"), parent, r1, said("C1", "2.0", 3, "news", false)});
    const int row = model.rowOf(channelThread("slack", "C1"));
    ASSERT_GE(row, 0);
    EXPECT_TRUE(model.index(row, 0).data(ThreadListModel::UnreadRole).toBool());
    EXPECT_EQ(model.index(row, 0).data(ThreadListModel::UnreadCountRole).toInt(), 3)
        << "an unread thread reply is news in its channel too";
    EXPECT_EQ(unread.rowCount(), 1);

    // Reading the conversation (its messages read, as the provider reports it) clears the row.
    Event e;
    e.kind = EventKind::ReadChanged;
    for (Message m : store.messagesInThread(channelThread("slack", "C1"))) {
        m.flags |= MessageFlag::Read;
        e.messages.append(m);
    }
    store.applyEvent(e);
    EXPECT_FALSE(model.index(row, 0).data(ThreadListModel::UnreadRole).toBool());
    EXPECT_EQ(model.index(row, 0).data(ThreadListModel::UnreadCountRole).toInt(), 0);
    EXPECT_EQ(unread.rowCount(), 0);
    EXPECT_TRUE(store.message(r1.id)->flags.testFlag(MessageFlag::ThreadReply))
        << "reading keeps where a message shows";
}

// Opening a chat conversation reads the whole channel at the provider (Slack's
// conversations.mark), not message by message; a provider that cannot keeps the old way.
#include "Await.h"
#include "FakeInboxProvider.h"
#include "sync/SyncController.h"

TEST(ChatConversation, ReadingAChannelConversationMarksTheChannelReadAtTheProvider) {
    test::FakeInboxProvider chat(QStringLiteral("team"), QStringLiteral("Team"));
    chat.caps = Capability::ChatChannels | Capability::Flags | Capability::MarkChannelRead;
    const Channel general =
        chat.addChannel(QStringLiteral("C1"), ChannelRole::None, ChannelKind::ChatChannel);
    const Message parent =
        chat.addMessage(general, {}, QStringLiteral("Bob"), 30, QStringLiteral("q"), ConversationKind::Chat);
    chat.addThreadReply(general, parent, QStringLiteral("Carol"), 20, QStringLiteral("a"));
    chat.addMessage(general, {}, QStringLiteral("Bob"), 10, QStringLiteral("news"), ConversationKind::Chat);
    InboxStore store;
    SyncController sync(&store, nullptr);
    sync.addProvider(&chat);
    sync.start();
    ASSERT_TRUE(test::waitUntil([&] { return store.messageCount() == 3; }));
    const QString conversation = ThreadingEngine::chatConversationId(chat.account().id, general.id);
    ASSERT_EQ(store.threadCount(), 1);
    ASSERT_EQ(store.thread(conversation)->unreadCount, 3);

    sync.markThreadRead(conversation);
    EXPECT_EQ(store.thread(conversation)->unreadCount, 0) << "read here at once";
    ASSERT_TRUE(test::waitUntil([&] { return !chat.markedChannels.isEmpty(); }));
    EXPECT_EQ(chat.markedChannels, QStringList{general.id})
        << "one call for the channel, not one per message";
    for (const Message& m : std::as_const(chat.messages))
        EXPECT_TRUE(m.isRead()) << "read at the provider";
    EXPECT_FALSE(sync.canUndo()) << "opening a conversation is not an action to take back";
}

// The list asks for more rows when it has room; a chat channel is one row however much of it is
// loaded, so asking it would page in its whole history for nothing (scrolling its transcript
// up is what loads older chat, SyncController::loadOlder).
namespace {
//! Pages a channel by PageRequest::limit, the cursor naming where the next older page starts.
struct PagedChat : test::FakeInboxProvider {
    using FakeInboxProvider::FakeInboxProvider;
    QFuture<Result<MessagePage>> listMessages(const QString& channelId, const PageRequest& request) override {
        const QList<Message> all =
            FakeInboxProvider::listMessages(channelId, request).result().value().messages;
        const int from = request.cursor.isEmpty() ? 0 : request.cursor.toInt();
        MessagePage page;
        page.messages = all.mid(from, request.limit);
        if (from + request.limit < all.size())
            page.nextCursor = QString::number(from + request.limit);
        return readyResult<MessagePage>(page);
    }
};
} // namespace

TEST(ChatConversation, FillingTheListNeverPagesInChatHistory) {
    PagedChat chat(QStringLiteral("team"), QStringLiteral("Team"));
    chat.caps = Capability::ChatChannels | Capability::Flags;
    const Channel general =
        chat.addChannel(QStringLiteral("C1"), ChannelRole::None, ChannelKind::ChatChannel);
    for (int i = 0; i < 90; ++i)
        chat.addMessage(general, {}, QStringLiteral("Bob"), 90 - i, QStringLiteral("m%1").arg(i),
                        ConversationKind::Chat);
    InboxStore store;
    SyncController::Options options;
    options.firstPageSize = 30;
    options.pageSize = 30;
    options.backfillLimit = 30; // nothing more loads by itself
    SyncController sync(&store, nullptr, options);
    sync.addProvider(&chat);
    sync.start();
    ASSERT_TRUE(test::waitUntil([&] { return store.messageCount() == 30; }));
    QSignalSpy finished(&sync, &SyncController::backfillFinished);
    sync.requestBackfill();
    ASSERT_TRUE(test::waitUntil([&] { return finished.count() == 1; }));
    EXPECT_FALSE(finished.first().at(0).toBool()) << "nothing the list could show more of";
    EXPECT_EQ(store.messageCount(), 30) << "the channel's older pages stay at the provider";
}

// The view-state cache keeps where a chat message shows (its chat thread and whether it is a
// reply read only there) without its body: a warm start rebuilds the same channel conversation
// and the same "replies" under the same parent before the network answers.
#include "ViewStateCacheTestSupport.h"

#include <QTemporaryDir>

TEST(ChatConversation, TheCacheKeepsChatThreadsWithoutBodies) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const Message parent = said("C1", "1.0", 1, "question");
    Message answer = reply(parent, "1.1", 2, "answer");
    answer.text = QStringLiteral("the whole answer");
    answer.bodyLoaded = true;
    const Message broadcast = reply(parent, "1.2", 3, "also here", true);
    QList<Message> loaded;
    {
        ViewStateCache cache(dir.filePath(QStringLiteral("viewstate.sqlite3")));
        ASSERT_NO_FATAL_FAILURE(test::openCache(cache));
        cache.upsertMessages({parent, answer, broadcast});
        const auto rows = test::await(cache.loadMessages());
        ASSERT_TRUE(rows);
        loaded = *rows;
    }
    ASSERT_EQ(loaded.size(), 3);
    for (const Message& m : std::as_const(loaded))
        EXPECT_TRUE(m.text.isEmpty()) << "no bodies on disk";
    InboxStore store;
    store.addMessages(loaded);
    EXPECT_EQ(store.threadCount(), 1);
    const QList<Message> all = store.messagesInThread(channelThread("slack", "C1"));
    EXPECT_EQ(idsOf(chatthreads::transcript(all)), (QStringList{parent.id, broadcast.id}));
    EXPECT_EQ(chatthreads::summaries(all).value(parent.id).replies, 2);
}
