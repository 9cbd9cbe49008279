// A reply written in a thread's message box (issue 13 §4) against the Slack emulator behind
// Prism: what the box hands over (ChatDraft for a thread ChatTarget) goes through ChatSender
// and the Outbox as the window sends it, reaches Slack as ONE chat.postMessage with the
// parent's thread_ts, and the next sync shows it as a reply in the thread, not as a message of
// the channel's transcript.

#include "SlackTestBed.h"
#include "compose/ChatDraft.h"
#include "compose/ChatSender.h"
#include "compose/Outbox.h"
#include "inbox/ChatThreads.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadingEngine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <algorithm>

namespace tributary::test {

using namespace slackbed;

namespace {

const QString kBob = QStringLiteral("U0BOB00002");

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

//! conversations.replies of a #support thread, asked of the emulator directly (as a second
//! Slack client would see it, not through the provider under test).
QJsonArray repliesAtSlack(const QString& parentTs) {
    const SlackTestEnv env = SlackTestEnv::get();
    QNetworkAccessManager nam;
    QUrl url = env.emulator;
    url.setPath(QStringLiteral("/conversations.replies"));
    url.setQuery(QStringLiteral("channel=%1&ts=%2&limit=200").arg(kSupport, parentTs));
    QNetworkRequest request(url);
    request.setRawHeader(QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + env.userToken);
    QNetworkReply* reply = nam.get(request);
    waitUntil([reply] { return reply->isFinished(); }, 30000);
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    EXPECT_TRUE(answer.value(QStringLiteral("ok")).toBool()) << QJsonDocument(answer).toJson().toStdString();
    return answer.value(QStringLiteral("messages")).toArray();
}

} // namespace

class SlackThreadReplyTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!SlackTestBed::available())
            TRIBUTARY_REQUIRE_SLACK_EMULATOR();
    }
    SlackTestBed m_bed;
};

TEST_F(SlackThreadReplyTest, AReplyInAThreadsBoxIsPostedOnceIntoThatThread) {
    const QString parentTs =
        control(QStringLiteral("post-as"),
                {{QStringLiteral("user"), kBob},
                 {QStringLiteral("channel"), kSupport},
                 {QStringLiteral("text"), QStringLiteral("Can someone take ticket 4712?")}})
            .value(QStringLiteral("ts"))
            .toString();
    ASSERT_FALSE(parentTs.isEmpty());
    const QString parentId = makeId(IdKind::Message, kAccount, kSupport + QLatin1Char('/') + parentTs);

    auto slack = m_bed.make();
    auto connected = await(slack->connectAccount(), 60000);
    ASSERT_TRUE(connected && connected->ok());
    Outbox outbox([&](const QString&) -> Provider* { return slack.get(); }, nullptr, Outbox::Options{});
    ChatSender sender(&outbox);
    QSignalSpy confirmed(&sender, &ChatSender::confirmed);

    // What the box hands over when the thread of the parent is open in the view.
    const ChatTarget thread{kAccount, channelId(kSupport), parentId, QStringLiteral("#support")};
    ChatDraft draft;
    const QString mark = marker();
    draft.text = QStringLiteral("Taking it ") + mark;
    const QString clientId = sender.send(thread, draft);
    ASSERT_FALSE(clientId.isEmpty());
    ASSERT_TRUE(waitUntil([&] { return !confirmed.isEmpty(); }, 60000))
        << "confirmed by Slack; pending: " << sender.pending(thread.key()).size();
    ASSERT_TRUE(waitUntil([&] { return outbox.isEmpty(); }, 60000));
    drainEvents(); // a second attempt would have started by now

    // At Slack: one chat.postMessage, answered with a message in the parent's thread.
    EXPECT_EQ(m_bed.calls(QStringLiteral("/chat.postMessage")), 1) << "posted exactly once";
    // What Slack holds: the text in the parent's thread (conversations.replies), once.
    int inSlacksThread = 0;
    for (const QJsonValue& v : repliesAtSlack(parentTs)) {
        const QJsonObject m = v.toObject();
        if (m.value(QStringLiteral("text")).toString().contains(mark)) {
            ++inSlacksThread;
            EXPECT_EQ(m.value(QStringLiteral("thread_ts")).toString(), parentTs);
            EXPECT_EQ(m.value(QStringLiteral("user")).toString(), QStringLiteral("U0ALICE001"));
        }
    }
    EXPECT_EQ(inSlacksThread, 1);

    // The next sync: the reply is in the thread of the parent, not in the channel's transcript.
    const QList<Message> messages = everything(*slack, kSupport);
    QList<Message> posted;
    for (const Message& m : messages) {
        if (m.snippet.contains(mark))
            posted.append(m);
    }
    ASSERT_EQ(posted.size(), 1) << "one copy at Slack";
    const Message& reply = posted.first();
    EXPECT_EQ(reply.id, confirmed.first().at(2).toString()) << "the message Slack confirmed";
    EXPECT_TRUE(reply.flags.testFlag(MessageFlag::ThreadReply)) << "a thread reply, not a channel message";
    EXPECT_TRUE(reply.flags.testFlag(MessageFlag::FromMe));
    EXPECT_EQ(reply.nativeThreadKey, kSupport + QLatin1Char('/') + parentTs)
        << "in the parent's thread (thread_ts)";

    InboxStore store;
    store.addMessages(messages);
    const QString conversation = ThreadingEngine::chatConversationId(kAccount, channelId(kSupport));
    const QList<Message> all = store.messagesInThread(conversation);
    const auto has = [&reply](const QList<Message>& list) {
        return std::any_of(list.cbegin(), list.cend(),
                           [&reply](const Message& m) { return m.id == reply.id; });
    };
    EXPECT_TRUE(has(all)) << "the channel's conversation holds it";
    EXPECT_FALSE(has(chatthreads::transcript(all))) << "but not in the channel's transcript";
    const QList<Message> inThread = chatthreads::thread(all, reply.nativeThreadKey);
    ASSERT_GE(inThread.size(), 2);
    EXPECT_EQ(inThread.first().id, parentId) << "the thread reads from its parent";
    EXPECT_TRUE(has(inThread)) << "the reply shows in the parent's thread";
}

} // namespace tributary::test
