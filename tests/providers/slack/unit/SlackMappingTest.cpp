// Slack JSON -> model (providers/slack/SlackMapping, SlackEvents).

#include "slack/SlackMapping.h"

#include "model/Ids.h"
#include "slack/SlackEvents.h"

#include <QJsonDocument>
#include <gtest/gtest.h>

namespace tributary::slack {
namespace {

QJsonObject json(const char* text) {
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

SlackDirectory directory() {
    SlackDirectory d;
    d.addUsers(QJsonDocument::fromJson(R"([
        {"id":"U0ALICE001","name":"alice","profile":{"real_name":"Alice Adams","display_name":"alice","image_72":"https://a/72.png"}},
        {"id":"U0BOB00002","name":"bob","profile":{"real_name":"Bob Ellison","display_name":"bob"}},
        {"id":"U0CAROL003","name":"carol","real_name":"Carol Chen","profile":{"display_name":""}}
    ])")
                   .array());
    d.setSelf(QStringLiteral("U0ALICE001"));
    return d;
}

TEST(SlackMapping, TsHelpers) {
    EXPECT_EQ(slackTsToDateTime(QStringLiteral("1700000000.000100")),
              QDateTime::fromMSecsSinceEpoch(1700000000000LL, Qt::UTC));
    EXPECT_EQ(slackTsToDateTime(QStringLiteral("1700000000.123456")).toMSecsSinceEpoch(), 1700000000123LL);
    EXPECT_LT(compareSlackTs(QStringLiteral("1700000000.000100"), QStringLiteral("1700000000.0002")), 0);
    EXPECT_GT(compareSlackTs(QStringLiteral("1700000001"), QStringLiteral("1700000000.999999")), 0);
    EXPECT_EQ(compareSlackTs(QStringLiteral("1700000000.1"), QStringLiteral("1700000000.100000")), 0);
    EXPECT_LT(compareSlackTs(QString(), QStringLiteral("1.0")), 0);
    EXPECT_EQ(slackTsBefore(QStringLiteral("1700000000.000000")), QStringLiteral("1699999999.999999"));
    // Found by the slack_json fuzzer: seconds whose microseconds overflow, signs and letters are
    // no ts (they used to overflow a qint64).
    EXPECT_FALSE(slackTsToDateTime(QStringLiteral("17000001237200123456")).isValid());
    EXPECT_FALSE(slackTsToDateTime(QStringLiteral("-1700000000.000100")).isValid());
    EXPECT_FALSE(slackTsToDateTime(QStringLiteral("1700000000.00x100")).isValid());
    EXPECT_TRUE(slackTsToDateTime(QStringLiteral("1700000000.")).isValid());
    EXPECT_LT(compareSlackTs(QStringLiteral("99999999999999999999"), QStringLiteral("1.0")), 0);
    QString channel;
    QString ts;
    ASSERT_TRUE(splitSlackMessageNativeId(QStringLiteral("C0SUPPORT1/1700000000.000100"), &channel, &ts));
    EXPECT_EQ(channel, QStringLiteral("C0SUPPORT1"));
    EXPECT_EQ(ts, QStringLiteral("1700000000.000100"));
    EXPECT_FALSE(splitSlackMessageNativeId(QStringLiteral("does-not-exist"), &channel, &ts));
    EXPECT_FALSE(splitSlackMessageNativeId(QStringLiteral("C1/abc"), &channel, &ts));
}

TEST(SlackMapping, Channels) {
    const SlackDirectory d = directory();
    const Channel general = slackChannelFromJson(
        json(
            R"({"id":"C0GENERAL1","name":"general","is_channel":true,"is_member":true,"unread_count_display":3})"),
        QStringLiteral("acct"), d);
    EXPECT_EQ(general.id, makeId(IdKind::Channel, QStringLiteral("acct"), QStringLiteral("C0GENERAL1")));
    EXPECT_EQ(general.kind, ChannelKind::ChatChannel);
    EXPECT_EQ(general.name, QStringLiteral("general"));
    EXPECT_TRUE(general.shared);
    EXPECT_EQ(general.unreadCount, 3);

    const Channel dm = slackChannelFromJson(json(R"({"id":"D0ALIBOB01","is_im":true,"user":"U0BOB00002"})"),
                                            QStringLiteral("acct"), d);
    EXPECT_EQ(dm.kind, ChannelKind::DirectMessage);
    EXPECT_EQ(dm.name, QStringLiteral("Bob Ellison"));
    EXPECT_EQ(dm.unreadCount, -1);

    const Channel group =
        slackChannelFromJson(json(R"({"id":"G0MPIM0001","is_mpim":true,"name":"mpdm-alice--bob--carol-1"})"),
                             QStringLiteral("acct"), d);
    EXPECT_EQ(group.kind, ChannelKind::GroupMessage);
    EXPECT_EQ(group.name, QStringLiteral("bob, carol"));
}

TEST(SlackMapping, MessageEnvelope) {
    const SlackDirectory d = directory();
    SlackMessageContext c{QStringLiteral("acct"), QStringLiteral("C0SUPPORT1"),
                          QStringLiteral("1700000000.000100"), &d};
    const Message m =
        slackMessageFromJson(json(R"({"type":"message","user":"U0BOB00002","ts":"1700000100.000100",
        "text":"Deploy window moved to *Thursday* <@U0ALICE001>","edited":{"user":"U0BOB00002","ts":"1700000200.000000"},
        "client_msg_id":"abc","reactions":[{"name":"eyes","users":["U0BOB00002","U0ALICE001"],"count":2}],
        "files":[{"id":"F0LOGS0001","name":"server.log","mimetype":"text/plain","size":285}],
        "thread_ts":"1700000100.000100","reply_count":2})"),
                             c);
    EXPECT_EQ(m.nativeId, QStringLiteral("C0SUPPORT1/1700000100.000100"));
    EXPECT_EQ(m.id, makeId(IdKind::Message, QStringLiteral("acct"), m.nativeId));
    EXPECT_EQ(m.channelId, makeId(IdKind::Channel, QStringLiteral("acct"), QStringLiteral("C0SUPPORT1")));
    EXPECT_EQ(m.nativeThreadKey, QStringLiteral("C0SUPPORT1/1700000100.000100"));
    EXPECT_EQ(m.kind, ConversationKind::Chat);
    EXPECT_EQ(m.author.address, QStringLiteral("U0BOB00002"));
    EXPECT_EQ(m.author.displayName, QStringLiteral("Bob Ellison"));
    EXPECT_EQ(m.sentAt.toSecsSinceEpoch(), 1700000100);
    EXPECT_EQ(m.snippet, QStringLiteral("Deploy window moved to Thursday @Alice Adams"));
    EXPECT_FALSE(m.isRead()) << "newer than last_read and not ours";
    EXPECT_FALSE(m.bodyLoaded);
    ASSERT_EQ(m.attachments.size(), 1);
    EXPECT_EQ(m.attachments.first().id, QStringLiteral("F0LOGS0001"));
    EXPECT_EQ(m.attachments.first().fileName, QStringLiteral("server.log"));
    EXPECT_EQ(m.attachments.first().size, 285);
    EXPECT_TRUE(m.hasAttachments);
    ASSERT_EQ(m.reactions.size(), 1);
    EXPECT_EQ(m.reactions.first().emoji, QStringLiteral("eyes"));
    EXPECT_EQ(m.reactions.first().authors.size(), 2);
    EXPECT_EQ(m.extras.value(QStringLiteral("edited")).toString(), QStringLiteral("1700000200.000000"));
    EXPECT_EQ(m.extras.value(QStringLiteral("replyCount")).toInt(), 2);
    EXPECT_EQ(m.extras.value(QStringLiteral("clientMsgId")).toString(), QStringLiteral("abc"));
}

TEST(SlackMapping, ReplyJoinsItsParentsThreadAndReadState) {
    const SlackDirectory d = directory();
    SlackMessageContext c{QStringLiteral("acct"), QStringLiteral("C0SUPPORT1"),
                          QStringLiteral("1700000500.000000"), &d};
    const Message reply = slackMessageFromJson(
        json(R"({"user":"U0CAROL003","ts":"1700000300.000100","text":"ok","thread_ts":"1700000100.000100"})"),
        c);
    EXPECT_EQ(reply.nativeThreadKey, QStringLiteral("C0SUPPORT1/1700000100.000100"));
    EXPECT_EQ(reply.author.displayName, QStringLiteral("Carol Chen"));
    EXPECT_TRUE(reply.isRead()) << "older than last_read";
    c.lastRead = QStringLiteral("1600000000.000000");
    EXPECT_TRUE(
        slackMessageFromJson(json(R"({"user":"U0ALICE001","ts":"1700000300.000100","text":"mine"})"), c)
            .isRead());
}

TEST(SlackMapping, BotMessagesAndBody) {
    const SlackDirectory d = directory();
    SlackMessageContext c{QStringLiteral("acct"), QStringLiteral("C0SUPPORT1"), QString(), &d};
    const QJsonObject raw =
        json(R"({"bot_id":"B0TRIBOT01","bot_profile":{"name":"Tributary Bot"},"ts":"1.000001",
        "text":"Build _passed_ :white_check_mark: <https://ci.example.com/1|details>"})");
    Message m = slackMessageFromJson(raw, c);
    EXPECT_EQ(m.author.displayName, QStringLiteral("Tributary Bot"));
    EXPECT_TRUE(m.isRead()) << "unknown read position counts as read";
    fillSlackBody(m, raw, d);
    EXPECT_TRUE(m.bodyLoaded);
    EXPECT_EQ(m.text, QString::fromUtf8("Build passed ✅ details (https://ci.example.com/1)"));
    EXPECT_EQ(m.html, QString::fromUtf8(
                          "<p>Build <i>passed</i> ✅ <a href=\"https://ci.example.com/1\">details</a></p>"));
}

TEST(SlackEvents, NewMessageEditDeleteReaction) {
    const SlackDirectory d = directory();
    SlackEventContext c;
    c.accountId = QStringLiteral("acct");
    c.directory = &d;
    c.lastRead = [](const QString&) {
        return QStringLiteral("1.000000");
    };

    SlackMappedEvents e = slackEventsFromPayload(json(R"({"type":"event_callback","event_id":"Ev1","event":{
        "type":"message","channel":"C0SUPPORT1","user":"U0BOB00002","text":"hi","ts":"1700000000.000200",
        "channel_type":"channel"}})"),
                                                 c);
    ASSERT_EQ(e.events.size(), 1);
    EXPECT_EQ(e.events.first().kind, EventKind::Created);
    ASSERT_EQ(e.events.first().messages.size(), 1);
    EXPECT_EQ(e.events.first().messages.first().snippet, QStringLiteral("hi"));
    EXPECT_FALSE(e.events.first().messages.first().isRead());
    EXPECT_EQ(e.messages.size(), 1);

    e = slackEventsFromPayload(
        json(R"({"type":"event_callback","event":{"type":"message","subtype":"message_changed",
        "channel":"C0SUPPORT1","message":{"user":"U0BOB00002","text":"hi!","ts":"1700000000.000200",
        "edited":{"user":"U0BOB00002","ts":"1700000001.000000"}}}})"),
        c);
    ASSERT_EQ(e.events.size(), 1);
    EXPECT_EQ(e.events.first().kind, EventKind::Updated);
    EXPECT_EQ(e.events.first().messageIds.first(), makeId(IdKind::Message, QStringLiteral("acct"),
                                                          QStringLiteral("C0SUPPORT1/1700000000.000200")));

    e = slackEventsFromPayload(
        json(R"({"type":"event_callback","event":{"type":"message","subtype":"message_deleted",
        "channel":"C0SUPPORT1","deleted_ts":"1700000000.000200","ts":"1700000002.000000"}})"),
        c);
    ASSERT_EQ(e.events.size(), 1);
    EXPECT_EQ(e.events.first().kind, EventKind::Deleted);
    EXPECT_EQ(e.events.first().messageIds.first(), makeId(IdKind::Message, QStringLiteral("acct"),
                                                          QStringLiteral("C0SUPPORT1/1700000000.000200")));

    e = slackEventsFromPayload(
        json(R"({"type":"event_callback","event":{"type":"reaction_added","user":"U0BOB00002",
        "reaction":"tada","item":{"type":"message","channel":"C0SUPPORT1","ts":"1700000000.000200"}}})"),
        c);
    ASSERT_EQ(e.events.size(), 1);
    EXPECT_EQ(e.events.first().kind, EventKind::Reaction);
    EXPECT_EQ(e.events.first().payload.value(QStringLiteral("emoji")).toString(), QStringLiteral("tada"));
    EXPECT_TRUE(e.events.first().payload.value(QStringLiteral("added")).toBool());

    e = slackEventsFromPayload(
        json(
            R"({"type":"event_callback","event":{"type":"channel_rename","channel":{"id":"C0X1234567","name":"x"}}})"),
        c);
    ASSERT_EQ(e.events.size(), 1);
    EXPECT_EQ(e.events.first().kind, EventKind::ChannelsChanged);

    EXPECT_TRUE(
        slackEventsFromPayload(json(R"({"type":"event_callback","event":{"type":"app_home_opened"}})"), c)
            .events.isEmpty());
    EXPECT_TRUE(slackEventsFromPayload(json(R"({"type":"url_verification"})"), c).events.isEmpty());
}

} // namespace
} // namespace tributary::slack
