// The Slack provider against the Slack emulator (tests/emulators/slack) behind `prism proxy`
// with Slack's own API description: Slack's specifics (threads, Socket Mode, polling, edits,
// idempotent sends). Every provider the tests make has a ContractProbe on its
// QNetworkAccessManager and ends with no contract violation (SlackTestBed.h). Tests that
// provoke Slack's errors (429 bursts, revoked tokens, refusals) are fault-injection tests and
// talk to the emulator directly (SlackRoute::Emulator): the description cannot express Slack's
// error transport. The abstract provider contract runs in ProviderContractInstances.cpp.

#include "SlackTestBed.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <optional>

namespace tributary::test {

namespace {

using namespace slackbed;

// --- Slack's specifics ------------------------------------------------------------------------

class SlackProviderTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!SlackTestBed::available())
            TRIBUTARY_REQUIRE_SLACK_EMULATOR();
    }

    //! A new message to a channel, with a fresh idempotency key.
    static OutgoingMessage newPost(const QString& native, const QString& text) {
        OutgoingMessage out;
        out.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        out.channelId = channelId(native);
        out.text = text;
        return out;
    }

    //! Walks a channel's pages and returns every message (newest first).
    QList<Message> allMessages(SlackProvider& p, const QString& native, int pageSize, int* pages = nullptr) {
        QList<Message> out;
        PageRequest page{pageSize, {}};
        int n = 0;
        for (; n < 100; ++n) {
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
        if (pages)
            *pages = n + 1;
        return out;
    }

    static QList<Message> withText(const QList<Message>& messages, const QString& text) {
        QList<Message> out;
        for (const Message& m : messages)
            if (m.snippet.contains(text))
                out.append(m);
        return out;
    }

    SlackTestBed m_bed;
};

TEST_F(SlackProviderTest, ListsChannelsDirectAndGroupMessages) {
    auto p = m_bed.make();
    auto r = await(p->listChannels(), 60000);
    ASSERT_TRUE(r && r->ok()) << (r ? r->error().describe().toStdString() : "timeout");
    QHash<QString, Channel> byNative;
    for (const Channel& c : r->value())
        byNative.insert(c.nativeId, c);
    ASSERT_TRUE(byNative.contains(kGeneral));
    EXPECT_EQ(byNative.value(kGeneral).kind, ChannelKind::ChatChannel);
    EXPECT_EQ(byNative.value(kGeneral).name, QStringLiteral("general"));
    EXPECT_GE(byNative.value(kGeneral).unreadCount, 0);
    ASSERT_TRUE(byNative.contains(QStringLiteral("C0LEADERS1"))) << "private channel alice is in";
    ASSERT_TRUE(byNative.contains(QStringLiteral("D0ALIBOB01")));
    EXPECT_EQ(byNative.value(QStringLiteral("D0ALIBOB01")).kind, ChannelKind::DirectMessage);
    EXPECT_EQ(byNative.value(QStringLiteral("D0ALIBOB01")).name, QStringLiteral("Bob Ellison"));
    ASSERT_TRUE(byNative.contains(QStringLiteral("G0MPIM0001")));
    EXPECT_EQ(byNative.value(QStringLiteral("G0MPIM0001")).kind, ChannelKind::GroupMessage);
    EXPECT_FALSE(byNative.contains(QStringLiteral("C0RANDOM01"))) << "alice is not in #random";
    EXPECT_FALSE(byNative.contains(QStringLiteral("C0HRPRIV01"))) << "alice cannot see #hr-private";
    EXPECT_GE(m_bed.calls(QStringLiteral("/users.list")), 1);
}

TEST_F(SlackProviderTest, ReadsHistoryNewestFirstAcrossPages) {
    auto p = m_bed.make();
    int pages = 0;
    const QList<Message> all = allMessages(*p, kGeneral, 60, &pages);
    EXPECT_GE(pages, 5);
    EXPECT_GE(all.size(), 300 + 4) << "300 messages, the joins and the thread replies";
    QSet<QString> ids;
    QDateTime previousTop;
    for (const Message& m : all) {
        EXPECT_FALSE(ids.contains(m.id)) << "duplicate " << m.id.toStdString();
        ids.insert(m.id);
        EXPECT_EQ(m.kind, ConversationKind::Chat);
        const bool reply = m.extras.contains(QStringLiteral("threadTs")) &&
                           m.extras.value(QStringLiteral("threadTs")) != m.extras.value(QStringLiteral("ts"));
        if (reply)
            continue;
        if (previousTop.isValid()) {
            EXPECT_LE(m.sentAt, previousTop) << "top-level messages newest first";
        }
        previousTop = m.sentAt;
    }
}

TEST_F(SlackProviderTest, OpensAThreadWithItsReplies) {
    auto p = m_bed.make();
    const QList<Message> login = withText(allMessages(*p, kSupport, 100), QStringLiteral("login loop"));
    ASSERT_EQ(login.size(), 1);
    auto thread = await(p->listThread(login.first().id), 30000);
    ASSERT_TRUE(thread && thread->ok()) << (thread ? thread->error().describe().toStdString() : "timeout");
    ASSERT_GE(thread->value().size(), 4);
    EXPECT_EQ(thread->value().first().id, login.first().id) << "parent first";
    for (const Message& m : thread->value())
        EXPECT_EQ(m.nativeThreadKey, login.first().nativeThreadKey);
    // The reply with the log excerpt renders its code block.
    Message logs;
    for (const Message& m : thread->value())
        if (m.snippet.contains(QStringLiteral("Logs say")))
            logs = m;
    ASSERT_FALSE(logs.id.isEmpty());
    auto body = await(p->fetchBody(logs.id));
    ASSERT_TRUE(body && body->ok());
    EXPECT_TRUE(body->value().html.contains(QStringLiteral("<pre><code>auth: redirect_uri mismatch")))
        << body->value().html.toStdString();
    // Replies came with the listing too (a page is whole threads).
    EXPECT_GE(m_bed.calls(QStringLiteral("/conversations.replies")), 1);
}

TEST_F(SlackProviderTest, ReplyInAThreadShowsInItsReplies) {
    auto p = m_bed.make();
    const QList<Message> login = withText(allMessages(*p, kSupport, 100), QStringLiteral("login loop"));
    ASSERT_EQ(login.size(), 1);
    const QString mark = marker();
    OutgoingMessage out;
    out.kind = SendKind::ThreadReply;
    out.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    out.inReplyToId = login.first().id;
    out.text = QStringLiteral("Thread reply ") + mark;
    auto receipt = await(p->send(out), 30000);
    ASSERT_TRUE(receipt && receipt->ok())
        << (receipt ? receipt->error().describe().toStdString() : "timeout");
    EXPECT_FALSE(receipt->value().alreadySent);
    auto thread = await(p->listThread(login.first().id), 30000);
    ASSERT_TRUE(thread && thread->ok());
    const QList<Message> mine = withText(thread->value(), mark);
    ASSERT_EQ(mine.size(), 1);
    EXPECT_EQ(mine.first().id, receipt->value().messageId);
    EXPECT_EQ(mine.first().nativeThreadKey, login.first().nativeThreadKey);
    EXPECT_TRUE(mine.first().isRead()) << "one's own message";
}

TEST_F(SlackProviderTest, SocketModeDeliversAPostAndSurvivesARefresh) {
    const SlackTestEnv env = SlackTestEnv::get();
    auto p = m_bed.make(env.userToken, env.appToken);
    QList<Event> events;
    QElapsedTimer clock;
    qint64 arrivedAt = -1;
    QString awaited;
    QObject::connect(p.get(), &Provider::eventsArrived, p.get(), [&](const QList<Event>& batch) {
        for (const Event& e : batch) {
            events.append(e);
            for (const Message& m : e.messages)
                if (!awaited.isEmpty() && m.snippet.contains(awaited) && arrivedAt < 0)
                    arrivedAt = clock.elapsed();
        }
    });
    ASSERT_TRUE(p->subscribe({channelId(kSupport)}).ok());
    ASSERT_TRUE(waitUntil([&] { return p->isSocketModeConnected(); }, 20000)) << "no hello over Socket Mode";
    EXPECT_EQ(p->status().state, ConnectionState::Online);

    awaited = marker();
    clock.start();
    ASSERT_TRUE(postAs(QStringLiteral("U0BOB00002"), kSupport, QStringLiteral("Live ") + awaited));
    ASSERT_TRUE(waitUntil([&] { return arrivedAt >= 0; }, 10000))
        << "the post never arrived over Socket Mode";
    std::cout << "[ measured ] Socket Mode: post-as to eventsArrived in " << arrivedAt << " ms" << std::endl;
    const Event created = [&] {
        for (const Event& e : events)
            if (e.kind == EventKind::Created && !e.messages.isEmpty() &&
                e.messages.first().snippet.contains(awaited))
                return e;
        return Event{};
    }();
    EXPECT_EQ(created.channelId, channelId(kSupport));
    EXPECT_FALSE(created.messages.first().isRead());
    EXPECT_EQ(created.messages.first().author.displayName, QStringLiteral("Bob Ellison"));

    // Slack refreshes connections: {"type":"disconnect"}, then a close. We reconnect and go on.
    const auto socketState = [] {
        return control(QStringLiteral("state")).value(QStringLiteral("socket")).toObject();
    };
    const int closedBefore = socketState().value(QStringLiteral("closed_connections")).toInt();
    control(QStringLiteral("disconnect"), {{QStringLiteral("close_after_ms"), QStringLiteral("300")}});
    ASSERT_TRUE(waitUntil(
        [&] { return socketState().value(QStringLiteral("closed_connections")).toInt() > closedBefore; },
        10000))
        << "the emulator closed the refreshed connection";
    ASSERT_TRUE(waitUntil([&] { return p->isSocketModeConnected(); }, 70000));
    awaited = marker();
    arrivedAt = -1;
    clock.restart();
    ASSERT_TRUE(postAs(QStringLiteral("U0CAROL003"), kSupport, QStringLiteral("After refresh ") + awaited));
    ASSERT_TRUE(waitUntil([&] { return arrivedAt >= 0; }, 70000)) << "nothing arrived after the refresh";
    std::cout << "[ measured ] Socket Mode after a refresh: " << arrivedAt << " ms" << std::endl;
    // Every envelope was acknowledged.
    EXPECT_TRUE(
        waitUntil([&] { return socketState().value(QStringLiteral("unacked")).toArray().isEmpty(); }, 10000));
    EXPECT_TRUE(socketState().value(QStringLiteral("failed")).toArray().isEmpty());
    p->unsubscribe();
}

// Fault injection: 429 ratelimited is in none of the description's error enums, so this
// provider talks to the emulator directly.
TEST_F(SlackProviderTest, A429BurstNeitherLosesNorDuplicatesASend) {
    auto p = m_bed.make(SlackRoute::Emulator);
    ASSERT_TRUE(await(p->connectAccount())->ok());
    control(QStringLiteral("burst429"), {{QStringLiteral("method"), QStringLiteral("chat.postMessage")},
                                         {QStringLiteral("count"), QStringLiteral("2")},
                                         {QStringLiteral("retry_after"), QStringLiteral("1")}});
    const QString mark = marker();
    const OutgoingMessage out = newPost(kSupport, QStringLiteral("Through the burst ") + mark);
    auto receipt = await(p->send(out), 60000);
    ASSERT_TRUE(receipt && receipt->ok())
        << (receipt ? receipt->error().describe().toStdString() : "timeout");
    EXPECT_EQ(m_bed.calls(QStringLiteral("/chat.postMessage")), 3) << "two refusals, one post";
    // A burst on reads is waited out as well.
    control(QStringLiteral("burst429"), {{QStringLiteral("method"), QStringLiteral("conversations.history")},
                                         {QStringLiteral("count"), QStringLiteral("1")},
                                         {QStringLiteral("retry_after"), QStringLiteral("1")}});
    EXPECT_EQ(withText(allMessages(*p, kSupport, 200), mark).size(), 1);
}

TEST_F(SlackProviderTest, RetryWithTheSameClientIdPostsOnce) {
    auto p = m_bed.make();
    const QString mark = marker();
    const OutgoingMessage out = newPost(kSupport, QStringLiteral("Idempotent ") + mark);
    auto first = await(p->send(out), 30000);
    ASSERT_TRUE(first && first->ok());
    auto second = await(p->send(out), 30000);
    ASSERT_TRUE(second && second->ok());
    EXPECT_TRUE(second->value().alreadySent);
    EXPECT_EQ(second->value().messageId, first->value().messageId);
    // After a restart nothing is remembered: the emulator answers the repeated client_msg_id
    // with the first message, and no second one appears.
    auto restarted = m_bed.make();
    auto third = await(restarted->send(out), 30000);
    ASSERT_TRUE(third && third->ok());
    EXPECT_EQ(third->value().messageId, first->value().messageId);
    EXPECT_EQ(withText(allMessages(*p, kSupport, 200), mark).size(), 1);
    EXPECT_EQ(m_bed.calls(QStringLiteral("/chat.postMessage")), 2);
}

TEST_F(SlackProviderTest, EditsAndDeletesOwnMessages) {
    auto p = m_bed.make();
    const QString mark = marker();
    const OutgoingMessage out = newPost(kSupport, QStringLiteral("Typo ") + mark);
    auto sent = await(p->send(out), 30000);
    ASSERT_TRUE(sent && sent->ok());
    // Through the Provider contract, as the app edits (Capability::EditOwnMessages).
    Provider& contract = *p;
    ASSERT_TRUE(contract.capabilities().testFlag(Capability::EditOwnMessages));
    ASSERT_TRUE(
        await(contract.editMessage(sent->value().messageId, QStringLiteral("Fixed *typo* ") + mark))->ok());
    auto body = await(p->fetchBody(sent->value().messageId));
    ASSERT_TRUE(body && body->ok());
    EXPECT_TRUE(body->value().html.contains(QStringLiteral("<b>typo</b>")));
    EXPECT_TRUE(body->value().extras.contains(QStringLiteral("edited")));
    // History carries no `edited` (the description's message object lacks it): the listing
    // keeps what chat.update said.
    const QList<Message> listed = withText(allMessages(*p, kSupport, 100), mark);
    ASSERT_EQ(listed.size(), 1);
    EXPECT_TRUE(listed.first().extras.contains(QStringLiteral("edited")));
    EXPECT_TRUE(listed.first().flags.testFlag(MessageFlag::FromMe)) << "the user's own: editable";
    ASSERT_TRUE(await(p->remove({sent->value().messageId}))->ok());
    EXPECT_TRUE(withText(allMessages(*p, kSupport, 100), mark).isEmpty());
}

// Fault injection: refusals are HTTP 200 ok:false (message_not_found, thread_not_found,
// cant_delete_message), which the description cannot express: straight to the emulator.
TEST_F(SlackProviderTest, RefusalsAreTypedErrors) {
    auto p = m_bed.make(SlackRoute::Emulator);
    const QString mark = marker();
    const OutgoingMessage out = newPost(kSupport, QStringLiteral("Short-lived ") + mark);
    auto sent = await(p->send(out), 30000);
    ASSERT_TRUE(sent && sent->ok());
    ASSERT_TRUE(await(p->remove({sent->value().messageId}))->ok());
    auto gone = await(p->fetchBody(sent->value().messageId));
    ASSERT_TRUE(gone.has_value());
    ASSERT_FALSE(gone->ok());
    EXPECT_EQ(gone->error().kind, ErrorKind::NotFound);
    // Someone else's message cannot be deleted: a clear, typed refusal.
    const QList<Message> login = withText(allMessages(*p, kSupport, 100), QStringLiteral("login loop"));
    ASSERT_EQ(login.size(), 1);
    auto refused = await(p->remove({login.first().id}));
    ASSERT_TRUE(refused && !refused->ok());
    EXPECT_EQ(refused->error().kind, ErrorKind::Invalid);
    EXPECT_EQ(refused->error().code, QStringLiteral("cant_delete_message"));
}

TEST_F(SlackProviderTest, SyncChangesReportsNewMessagesAndReadChanges) {
    auto p = m_bed.make();
    auto first = await(p->listMessages(channelId(kSupport), PageRequest{20, {}}), 30000);
    ASSERT_TRUE(first && first->ok());
    const QVariantMap state = first->value().syncState;
    ASSERT_FALSE(state.value(QStringLiteral("latestTs")).toString().isEmpty());
    QHash<QString, MessageFlags> known;
    for (const Message& m : first->value().messages)
        known.insert(m.id, m.flags);
    const QString mark = marker();
    ASSERT_TRUE(postAs(QStringLiteral("U0BOB00002"), kSupport, QStringLiteral("Since then ") + mark));
    auto changes = await(p->syncChanges(channelId(kSupport), state, known), 30000);
    ASSERT_TRUE(changes && changes->ok())
        << (changes ? changes->error().describe().toStdString() : "timeout");
    ASSERT_EQ(changes->value().added.size(), 1);
    EXPECT_TRUE(changes->value().added.first().snippet.contains(mark));
    EXPECT_FALSE(changes->value().added.first().isRead());
    EXPECT_NE(changes->value().syncState, state);

    // Reading the new message moves Slack's read position: the unread known ones turn read.
    known.insert(changes->value().added.first().id, changes->value().added.first().flags);
    ASSERT_TRUE(await(p->setFlags({changes->value().added.first().id}, MessageFlag::Read, {}))->ok());
    auto after = await(p->syncChanges(channelId(kSupport), changes->value().syncState, known), 30000);
    ASSERT_TRUE(after && after->ok());
    EXPECT_TRUE(after->value().added.isEmpty());
    bool sawIt = false;
    for (const Message& m : after->value().flagsChanged) {
        EXPECT_TRUE(m.isRead());
        sawIt = sawIt || m.id == changes->value().added.first().id;
    }
    EXPECT_TRUE(sawIt);
}

TEST_F(SlackProviderTest, PollsWithoutAnAppToken) {
    // One second instead of the computed interval, so the test does not wait 10 s.
    auto p =
        m_bed.make(SlackTestEnv::get().userToken, {}, {{slack::SlackSettingKey::PollIntervalSeconds, 1}});
    QList<Event> events;
    QObject::connect(p.get(), &Provider::eventsArrived, p.get(),
                     [&](const QList<Event>& batch) { events += batch; });
    ASSERT_TRUE(p->subscribe({channelId(kSupport)}).ok());
    // The first poll learns where the conversation stands and reports nothing.
    ASSERT_TRUE(waitUntil([&] { return m_bed.calls(QStringLiteral("/conversations.history")) >= 1; }, 15000));
    EXPECT_FALSE(p->isSocketModeConnected());
    EXPECT_EQ(p->status().state, ConnectionState::Online);
    EXPECT_TRUE(p->status().detail.contains(QStringLiteral("every 1 s"))) << p->status().detail.toStdString();
    EXPECT_TRUE(events.isEmpty());
    const QString mark = marker();
    ASSERT_TRUE(postAs(QStringLiteral("U0CAROL003"), kSupport, QStringLiteral("Polled ") + mark));
    const auto arrived = [&] {
        for (const Event& e : events)
            for (const Message& m : e.messages)
                if (e.kind == EventKind::Created && m.snippet.contains(mark))
                    return true;
        return false;
    };
    ASSERT_TRUE(waitUntil(arrived, 15000)) << "the poll never reported the new message";
    EXPECT_FALSE(events.last().messages.first().isRead()) << "someone else's new message";
    EXPECT_EQ(events.size(), 1) << "one event for one new message";
    p->unsubscribe();
}

// History carries no `edited` (the description's message object lacks it): polling notices an
// edit of a message it knows by its new text.
TEST_F(SlackProviderTest, PollingNoticesAnEditByItsText) {
    auto p =
        m_bed.make(SlackTestEnv::get().userToken, {}, {{slack::SlackSettingKey::PollIntervalSeconds, 1}});
    const QString mark = marker();
    ASSERT_TRUE(postAs(QStringLiteral("U0BOB00002"), kSupport, QStringLiteral("Before ") + mark));
    auto page = await(p->listMessages(channelId(kSupport), PageRequest{20, {}}), 30000);
    ASSERT_TRUE(page && page->ok());
    const QList<Message> listed = withText(page->value().messages, mark);
    ASSERT_EQ(listed.size(), 1);
    EXPECT_FALSE(listed.first().extras.contains(QStringLiteral("edited")));
    QList<Event> events;
    QObject::connect(p.get(), &Provider::eventsArrived, p.get(),
                     [&](const QList<Event>& batch) { events += batch; });
    ASSERT_TRUE(p->subscribe({channelId(kSupport)}).ok());
    ASSERT_TRUE(control(QStringLiteral("update-as"),
                        {{QStringLiteral("user"), QStringLiteral("U0BOB00002")},
                         {QStringLiteral("channel"), kSupport},
                         {QStringLiteral("ts"), listed.first().extras.value(QStringLiteral("ts")).toString()},
                         {QStringLiteral("text"), QStringLiteral("After ") + mark}})
                    .value(QStringLiteral("ok"))
                    .toBool());
    const auto updated = [&]() -> std::optional<Message> {
        for (const Event& e : events)
            for (const Message& m : e.messages)
                if (e.kind == EventKind::Updated && m.snippet.contains(QStringLiteral("After ") + mark))
                    return m;
        return std::nullopt;
    };
    ASSERT_TRUE(waitUntil([&] { return updated().has_value(); }, 15000)) << "the poll never noticed the edit";
    EXPECT_EQ(updated()->id, listed.first().id);
    EXPECT_TRUE(updated()->extras.contains(QStringLiteral("edited")));
    for (const Event& e : events)
        EXPECT_NE(e.kind, EventKind::Created) << "an edit is not a new message";
    p->unsubscribe();
    auto body = await(p->fetchBody(listed.first().id));
    ASSERT_TRUE(body && body->ok());
    EXPECT_TRUE(body->value().text.contains(QStringLiteral("After ") + mark));
}

TEST(SlackPollingInterval, ComputedFromTier3) {
    EXPECT_EQ(SlackProvider::pollIntervalFor(2), std::chrono::milliseconds(10000));
    EXPECT_EQ(SlackProvider::pollIntervalFor(50), std::chrono::milliseconds(120000));
}

// Fault injection (issue 12): Slack takes a reply in a thread of 150 replies but its answer
// comes too late; the retry must find the reply past the first hundred (conversations.replies
// gives the parent and the OLDEST replies first) instead of posting it twice.
TEST_F(SlackProviderTest, ARetryInAThreadOfMoreThanAHundredRepliesFindsTheEarlierPost) {
    auto p = m_bed.make(SlackTestEnv::get().userToken, {}, {{QStringLiteral("requestTimeoutSeconds"), 2}},
                        SlackRoute::Emulator);
    ASSERT_TRUE(await(p->connectAccount())->ok());
    const QString mark = marker();
    const QJsonObject parent =
        control(QStringLiteral("post-as"), {{QStringLiteral("user"), QStringLiteral("bob")},
                                            {QStringLiteral("channel"), kSupport},
                                            {QStringLiteral("text"), QStringLiteral("Long ") + mark}});
    const QString parentTs = parent.value(QStringLiteral("ts")).toString();
    ASSERT_FALSE(parentTs.isEmpty());
    for (int i = 0; i < 150; ++i)
        ASSERT_TRUE(postAs(QStringLiteral("carol"), kSupport, QStringLiteral("Reply %1").arg(i), parentTs));

    // Slack carries out the post; its answer comes after the provider gave up waiting.
    ASSERT_TRUE(control(QStringLiteral("lose-answer"),
                        {{QStringLiteral("method"), QStringLiteral("chat.postMessage")},
                         {QStringLiteral("mode"), QStringLiteral("delay")},
                         {QStringLiteral("delay_ms"), QStringLiteral("4000")}})
                    .value(QStringLiteral("ok"))
                    .toBool());
    OutgoingMessage reply;
    reply.kind = SendKind::ThreadReply;
    reply.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    reply.channelId = channelId(kSupport);
    reply.inReplyToId = makeId(IdKind::Message, kAccount, kSupport + QLatin1Char('/') + parentTs);
    reply.text = QStringLiteral("My answer ") + mark;
    auto receipt = await(p->send(reply), 60000);
    ASSERT_TRUE(receipt && receipt->ok())
        << (receipt ? receipt->error().describe().toStdString() : "timeout");
    EXPECT_TRUE(receipt->value().alreadySent) << "the retry found the first post";
    EXPECT_EQ(m_bed.calls(QStringLiteral("/chat.postMessage")), 1) << "posted once, never again";
    EXPECT_GE(m_bed.calls(QStringLiteral("/conversations.replies")), 2) << "looked past the first hundred";

    auto thread = await(p->listThread(reply.inReplyToId), 60000);
    ASSERT_TRUE(thread && thread->ok());
    EXPECT_EQ(thread->value().size(), 152);
    EXPECT_EQ(withText(thread->value(), QStringLiteral("My answer ") + mark).size(), 1);
}

// Last: revoking alice's token breaks every later call until the emulator is reset. Fault
// injection: token_revoked is HTTP 200 ok:false, so this provider talks to the emulator directly.
TEST_F(SlackProviderTest, RevokedTokenNeedsSignIn) {
    auto p = m_bed.make(SlackRoute::Emulator);
    ASSERT_TRUE(await(p->connectAccount())->ok());
    EXPECT_EQ(p->status().state, ConnectionState::Online);
    ASSERT_TRUE(control(QStringLiteral("revoke-token")).value(QStringLiteral("ok")).toBool());
    auto r = await(p->listMessages(channelId(kSupport), PageRequest{10, {}}), 30000);
    control(QStringLiteral("reset"));
    ASSERT_TRUE(r.has_value());
    ASSERT_FALSE(r->ok());
    EXPECT_EQ(r->error().kind, ErrorKind::Auth);
    EXPECT_EQ(r->error().code, QStringLiteral("token_revoked"));
    EXPECT_EQ(p->status().state, ConnectionState::NeedsSignIn);
    EXPECT_FALSE(p->status().detail.isEmpty());
}

} // namespace

} // namespace tributary::test
