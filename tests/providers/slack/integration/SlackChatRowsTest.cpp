// "A chat is one conversation" (issue 13 §4) against the Slack emulator behind Prism: a
// channel with many messages and a thread becomes one conversation of the inbox, with the
// thread as a sub-conversation of its parent (a reply "also sent to the channel" in both), and
// reading the channel calls conversations.mark once at its newest message.

#include "SlackTestBed.h"
#include "inbox/ChatThreads.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadingEngine.h"

namespace tributary::test {

using namespace slackbed;

namespace {

const QString kBob = QStringLiteral("U0BOB00002");
const QString kCarol = QStringLiteral("U0CAROL003");

//! Posts as someone else (so alice has not read it); answers the new message's ts.
QString post(const QString& user, const QString& text, const QString& threadTs = {}, bool broadcast = false) {
    QList<QPair<QString, QString>> params{{QStringLiteral("user"), user},
                                          {QStringLiteral("channel"), kSupport},
                                          {QStringLiteral("text"), text}};
    if (!threadTs.isEmpty())
        params.append({QStringLiteral("thread_ts"), threadTs});
    if (broadcast)
        params.append({QStringLiteral("reply_broadcast"), QStringLiteral("true")});
    return control(QStringLiteral("post-as"), params).value(QStringLiteral("ts")).toString();
}

QList<Message> everything(SlackProvider& p, const QString& native) {
    QList<Message> out;
    PageRequest page{50, {}};
    for (int n = 0; n < 50; ++n) {
        auto r = await(p.listMessages(channelId(native), page), 60000);
        if (!r || !r->ok()) {
            ADD_FAILURE() << (r ? r->error().describe().toStdString() : "timeout");
            break;
        }
        out += r->value().messages;
        if (r->value().nextCursor.isEmpty())
            break;
        page.cursor = r->value().nextCursor;
    }
    return out;
}

QString idOf(const QString& ts) {
    return makeId(IdKind::Message, kAccount, kSupport + QLatin1Char('/') + ts);
}

} // namespace

class SlackChatRowsTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!SlackTestBed::available())
            TRIBUTARY_REQUIRE_SLACK_EMULATOR();
    }
    SlackTestBed m_bed;
};

TEST_F(SlackChatRowsTest, AChannelWithAThreadIsOneRowAndASubConversation) {
    const QString parent = post(kBob, QStringLiteral("Who can look at ticket 4711?"));
    ASSERT_FALSE(parent.isEmpty());
    QStringList replies;
    for (int i = 0; i < 3; ++i)
        replies.append(post(kCarol, QStringLiteral("On it, step %1").arg(i), parent));
    const QString broadcast = post(kBob, QStringLiteral("Fixed, see the thread"), parent, true);
    const QString after = post(kCarol, QStringLiteral("Thanks all"));

    auto p = m_bed.make();
    const QList<Message> messages = everything(*p, kSupport);
    ASSERT_GE(messages.size(), 6 + 5);
    InboxStore store;
    store.addMessages(messages);
    EXPECT_EQ(store.threadCount(), 1) << messages.size() << " messages of #support, one conversation";
    const QString conversation = ThreadingEngine::chatConversationId(kAccount, channelId(kSupport));
    const std::optional<Thread> row = store.thread(conversation);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->messageCount, messages.size());
    EXPECT_EQ(row->snippet, QStringLiteral("Thanks all")) << "the newest message";
    EXPECT_GE(row->unreadCount, 6) << "what bob and carol just wrote, at least";

    const QList<Message> all = store.messagesInThread(conversation);
    QStringList transcript;
    for (const Message& m : chatthreads::transcript(all))
        transcript.append(m.id);
    EXPECT_TRUE(transcript.contains(idOf(parent)));
    EXPECT_TRUE(transcript.contains(idOf(broadcast))) << "also sent to the channel";
    EXPECT_TRUE(transcript.contains(idOf(after)));
    for (const QString& ts : replies)
        EXPECT_FALSE(transcript.contains(idOf(ts))) << "a reply is read in its thread";

    const chatthreads::Summary summary = chatthreads::summaries(all).value(idOf(parent));
    EXPECT_EQ(summary.replies, 4);
    const QList<Message> thread = chatthreads::thread(all, kSupport + QLatin1Char('/') + parent);
    QStringList threadIds;
    for (const Message& m : thread)
        threadIds.append(m.id);
    EXPECT_EQ(threadIds, (QStringList{idOf(parent), idOf(replies[0]), idOf(replies[1]), idOf(replies[2]),
                                      idOf(broadcast)}));
    EXPECT_EQ(summary.lastReply, thread.last().activityAt());
}

TEST_F(SlackChatRowsTest, MarkingTheChannelReadCallsConversationsMark) {
    const QString parent = post(kBob, QStringLiteral("Deploy window tonight?"));
    const QString reply = post(kCarol, QStringLiteral("Yes, 22:00"), parent);
    auto p = m_bed.make();
    ASSERT_TRUE(p->capabilities().testFlag(Capability::MarkChannelRead));
    auto first = await(p->listMessages(channelId(kSupport), PageRequest{20, {}}), 60000);
    ASSERT_TRUE(first && first->ok());
    int unread = 0;
    for (const Message& m : first->value().messages)
        unread += m.isRead() ? 0 : 1;
    ASSERT_GE(unread, 2);

    const int before = m_bed.calls(QStringLiteral("/conversations.mark"));
    auto marked = await(p->markChannelRead(channelId(kSupport)), 60000);
    ASSERT_TRUE(marked && marked->ok()) << (marked ? marked->error().describe().toStdString() : "timeout");
    EXPECT_EQ(m_bed.calls(QStringLiteral("/conversations.mark")), before + 1)
        << "one call for the whole channel";

    // A new provider sees it from the server: everything read, the thread reply too.
    auto fresh = m_bed.make();
    auto again = await(fresh->listMessages(channelId(kSupport), PageRequest{20, {}}), 60000);
    ASSERT_TRUE(again && again->ok());
    for (const Message& m : again->value().messages)
        EXPECT_TRUE(m.isRead()) << m.nativeId.toStdString();
    bool sawReply = false;
    for (const Message& m : again->value().messages)
        sawReply = sawReply || m.id == idOf(reply);
    EXPECT_TRUE(sawReply) << "the page brings the thread's replies";
}

} // namespace tributary::test
