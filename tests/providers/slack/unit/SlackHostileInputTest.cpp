// Hostile JSON for the Slack provider: QJsonDocument refuses nesting past 1024 levels itself
// (Qt's parser counts; it does not recurse further), the mapping never recurses into what it
// does not read, and an oversized reply is its own clear error. The scripted-server suite
// (tests/providers/slack/integration/HostileSlackTest.cpp) shows the same end to end.

#include "slack/SlackErrors.h"
#include "slack/SlackMapping.h"

#include <QJsonDocument>
#include <gtest/gtest.h>

namespace tributary::slack {
namespace {

SlackReplyData reply(const QByteArray& body) {
    SlackReplyData d;
    d.method = QStringLiteral("conversations.history");
    d.host = QStringLiteral("127.0.0.1");
    d.httpStatus = 200;
    d.body = body;
    return d;
}

const QDateTime kNow = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);

QByteArray nestedArrays(int depth) {
    return QByteArray(depth, '[') + QByteArray(depth, ']');
}

} // namespace

TEST(SlackHostileInput, QJsonDocumentStopsAt1024Levels) {
    QJsonParseError error{};
    QJsonDocument::fromJson("{\"a\":" + nestedArrays(1023) + "}", &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError);
    QJsonDocument::fromJson("{\"a\":" + nestedArrays(1024) + "}", &error);
    EXPECT_EQ(error.error, QJsonParseError::DeepNesting);
    QJsonDocument::fromJson(nestedArrays(200'000), &error);
    EXPECT_EQ(error.error, QJsonParseError::DeepNesting);
}

TEST(SlackHostileInput, DeeplyNestedRepliesAreAClearError) {
    const Result<QJsonObject> r =
        interpretSlackReply(reply("{\"ok\":true,\"messages\":" + nestedArrays(200'000) + "}"), kNow);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, QStringLiteral("bad_json"));
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("not JSON"))) << r.error().message.toStdString();
}

TEST(SlackHostileInput, TheMappingReadsOnlyWhatItNeeds) {
    // A message with 1,000 levels of nesting where the mapping does not look (blocks, attachments)
    // and in fields it does read with the wrong type: mapped, without recursion or a crash.
    QJsonParseError error{};
    const QByteArray raw = "{\"type\":\"message\",\"user\":" + nestedArrays(500) +
                           ",\"ts\":\"1700000000.000100\",\"text\":\"hi\",\"blocks\":" + nestedArrays(1000) +
                           ",\"files\":[" + nestedArrays(900) +
                           "],\"reactions\":[{\"users\":" + nestedArrays(900) + "}]}";
    const QJsonObject message = QJsonDocument::fromJson(raw, &error).object();
    ASSERT_EQ(error.error, QJsonParseError::NoError) << error.errorString().toStdString();
    SlackMessageContext context;
    context.accountId = QStringLiteral("slack-test");
    context.channel = QStringLiteral("C1");
    const Message m = slackMessageFromJson(message, context);
    EXPECT_EQ(m.snippet, QStringLiteral("hi"));
    EXPECT_TRUE(m.author.address.isEmpty());
}

TEST(SlackHostileInput, AnOversizedReplyIsItsOwnError) {
    SlackReplyData d = reply({});
    d.oversized = 1'000'000'000'000;
    d.byteBudget = 16 * 1024 * 1024;
    const Result<QJsonObject> r = interpretSlackReply(d, kNow);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::Network);
    EXPECT_EQ(r.error().code, QStringLiteral("oversized_response"));
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("oversized response")))
        << r.error().message.toStdString();
}

} // namespace tributary::slack
