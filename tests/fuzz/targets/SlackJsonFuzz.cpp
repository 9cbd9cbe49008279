// slack_json: what the Slack provider maps from JSON into the model: a Web API reply body
// (ok/error interpretation), and the object in it as a conversation, a message (envelope and
// body), a users.list page, an Events API payload and an OAuth token answer.
// Property: a message's ids stay inside its channel (the native id and thread key start with
// the channel), and every file is listed with a name.

#include "FuzzSupport.h"
#include "FuzzTargets.h"
#include "slack/SlackErrors.h"
#include "slack/SlackEvents.h"
#include "slack/SlackMapping.h"
#include "slack/SlackOAuth.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tributary::fuzz {

using namespace tributary::slack;

void slack_json(const uint8_t* data, size_t size) {
    const QByteArray body = bytesOf(data, size).toByteArray();
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);

    SlackReplyData reply;
    reply.method = QStringLiteral("conversations.history");
    reply.host = QStringLiteral("slack.com");
    reply.httpStatus = InputRandom(body).below(4) == 0 ? 429 : 200;
    reply.headers = {{"Retry-After", "30"}};
    reply.body = body;
    (void)interpretSlackReply(reply, now);

    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
        return;
    const QJsonObject o = document.object();

    SlackDirectory directory;
    directory.setSelf(QStringLiteral("U0ALICE001"));
    directory.addUsers(o.value(QStringLiteral("members")).toArray());
    directory.addUsers(QJsonArray{o.value(QStringLiteral("user")).toObject()});

    (void)slackChannelFromJson(o, QStringLiteral("slack-1"), directory);
    for (const QJsonValue& c : o.value(QStringLiteral("channels")).toArray())
        (void)slackChannelFromJson(c.toObject(), QStringLiteral("slack-1"), directory);

    SlackMessageContext context;
    context.accountId = QStringLiteral("slack-1");
    context.channel = QStringLiteral("C0GENERAL1");
    context.lastRead = QStringLiteral("1700000000.000100");
    context.directory = &directory;
    QList<QJsonObject> messages{o};
    for (const QJsonValue& m : o.value(QStringLiteral("messages")).toArray())
        messages << m.toObject();
    for (const QJsonObject& m : messages) {
        Message message = slackMessageFromJson(m, context);
        fillSlackBody(message, m, directory);
        TRIBUTARY_FUZZ_CHECK(message.nativeId.startsWith(context.channel + QLatin1Char('/')),
                             message.nativeId);
        TRIBUTARY_FUZZ_CHECK(message.nativeThreadKey.startsWith(context.channel + QLatin1Char('/')),
                             message.nativeThreadKey);
        QString channel;
        QString ts;
        if (splitSlackMessageNativeId(message.nativeId, &channel, &ts))
            (void)slackTsToDateTime(ts);
        (void)slackTsBefore(m.value(QStringLiteral("ts")).toString());
        (void)compareSlackTs(m.value(QStringLiteral("ts")).toString(), context.lastRead);
    }

    SlackEventContext events;
    events.accountId = QStringLiteral("slack-1");
    events.directory = &directory;
    events.lastRead = [](const QString&) {
        return QStringLiteral("1700000000.000100");
    };
    (void)slackEventsFromPayload(o, events);
    if (o.contains(QStringLiteral("payload")))
        (void)slackEventsFromPayload(o.value(QStringLiteral("payload")).toObject(), events);

    (void)SlackOAuth::slackTokenResponseMapper()(o);
    (void)SlackOAuth::describeGrant(o);
}

} // namespace tributary::fuzz
