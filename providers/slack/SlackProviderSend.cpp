// Sending and editing: chat.postMessage with client_msg_id, chat.update.

#include "model/Ids.h"
#include "net/RequestScheduler.h"
#include "slack/SlackApi.h"
#include "slack/SlackFutures.h"
#include "slack/SlackProvider.h"
#include "slack/SlackProviderSupport.h"
#include "util/ReadyFuture.h"

#include <QPointer>

namespace tributary {

using namespace slack;
using slack::detail::escapeForSlack;
using slack::detail::str;

QFuture<Result<SendReceipt>> SlackProvider::send(const OutgoingMessage& message) {
    if (message.clientId.isEmpty())
        return failed<SendReceipt>(ProviderError::invalid(
            tr("A message needs a client id to be sent safely."), QStringLiteral("no_client_id")));
    if (!message.attachments.isEmpty())
        return failed<SendReceipt>(ProviderError::invalid(
            tr("Sending files to Slack is not supported yet: send the text and share the file in Slack."),
            QStringLiteral("attachments_unsupported")));
    if (message.text.trimmed().isEmpty())
        return failed<SendReceipt>(
            ProviderError::invalid(tr("Slack refuses an empty message."), QStringLiteral("no_text")));
    if (const auto it = m_sent.constFind(message.clientId); it != m_sent.constEnd()) {
        SendReceipt receipt = it.value();
        receipt.alreadySent = true;
        return readyResult<SendReceipt>(receipt);
    }
    QString channel = nativeChannel(message.channelId);
    QString threadTs;
    if (!message.inReplyToId.isEmpty()) {
        QString replyChannel;
        QString replyTs;
        if (!splitSlackMessageNativeId(nativeOf(message.inReplyToId), &replyChannel, &replyTs))
            return failed<SendReceipt>(ProviderError::invalid(
                tr("The message replied to is not a Slack message."), QStringLiteral("bad_id")));
        if (channel.isEmpty())
            channel = replyChannel;
        if (message.kind == SendKind::ThreadReply) {
            threadTs = replyTs;
            if (const std::optional<QJsonObject> raw = remembered(message.inReplyToId))
                if (!str(*raw, "thread_ts").isEmpty())
                    threadTs = str(*raw, "thread_ts");
        }
    }
    if (channel.isEmpty())
        return failed<SendReceipt>(ProviderError::invalid(tr("Choose a Slack conversation to send to."),
                                                          QStringLiteral("no_channel")));

    const QString clientId = message.clientId;
    const QString text = escapeForSlack(message.text);
    const QString accountId = account().id;
    auto attempts = std::make_shared<int>(0);
    QPointer<SlackProvider> self(this);

    // One attempt: after an unclear earlier attempt, look for the client id first.
    auto attempt = [self, channel, threadTs, clientId, text, accountId,
                    attempts]() -> QFuture<Result<SendReceipt>> {
        if (!self)
            return readyResult<SendReceipt>(ProviderError::cancelled());
        ++*attempts;
        const auto post = [self, channel, threadTs, clientId, text,
                           accountId]() -> QFuture<Result<SendReceipt>> {
            if (!self)
                return readyResult<SendReceipt>(ProviderError::cancelled());
            self->m_attempted.insert(clientId);
            SlackCall c;
            c.method = QStringLiteral("chat.postMessage");
            c.verb = SlackVerb::Post;
            c.arg(QStringLiteral("channel"), channel)
                .arg(QStringLiteral("text"), text)
                .arg(QStringLiteral("client_msg_id"), clientId);
            if (!threadTs.isEmpty())
                c.arg(QStringLiteral("thread_ts"), threadTs);
            return andThen<SendReceipt, QJsonObject>(
                self->m_api->attempt(c), self, [self, channel, accountId](const QJsonObject& r) {
                    const QString ts = str(r, "ts");
                    SendReceipt receipt;
                    receipt.nativeId = ts;
                    receipt.messageId = makeId(IdKind::Message, accountId, slackMessageNativeId(channel, ts));
                    const QJsonObject posted = r.value(QStringLiteral("message")).toObject();
                    if (self && !posted.isEmpty())
                        self->remember(receipt.messageId, posted);
                    // Slack moves the read position to one's own new message.
                    if (self && compareSlackTs(ts, self->m_lastRead.value(channel)) > 0)
                        self->m_lastRead.insert(channel, ts);
                    return readyResult<SendReceipt>(receipt);
                });
        };
        if (*attempts == 1 && !self->m_attempted.contains(clientId))
            return post();
        // Did an earlier attempt (or an earlier run) go through? Slack does not promise to
        // drop a repeated client_msg_id, so we look before posting again.
        SlackCall look;
        look.method = threadTs.isEmpty() ? QStringLiteral("conversations.history")
                                         : QStringLiteral("conversations.replies");
        look.arg(QStringLiteral("channel"), channel).arg(QStringLiteral("limit"), QStringLiteral("100"));
        if (!threadTs.isEmpty())
            look.arg(QStringLiteral("ts"), threadTs);
        return andThen<SendReceipt, QJsonObject>(
            self->m_api->attempt(look), self,
            [self, channel, clientId, accountId, post](const QJsonObject& r) {
                for (const QJsonValue& v : r.value(QStringLiteral("messages")).toArray()) {
                    const QJsonObject m = v.toObject();
                    if (str(m, "client_msg_id") != clientId)
                        continue;
                    SendReceipt receipt;
                    receipt.nativeId = str(m, "ts");
                    receipt.messageId =
                        makeId(IdKind::Message, accountId, slackMessageNativeId(channel, receipt.nativeId));
                    receipt.alreadySent = true;
                    if (self)
                        self->remember(receipt.messageId, m);
                    return readyResult<SendReceipt>(receipt);
                }
                return post();
            });
    };
    RequestOptions options;
    options.label = tr("Sending to Slack");
    options.maxAttempts = 5;
    options.priority = 1;
    options.idempotent = true; // the attempt itself checks for an earlier post
    auto scheduled = andThen<SendReceipt, void>(
        ensureToken(), this, [this, attempt, options] { return m_api->scheduler()->run(attempt, options); });
    return andThen<SendReceipt, SendReceipt>(scheduled, this, [this, clientId](const SendReceipt& receipt) {
        m_sent.insert(clientId, receipt);
        m_attempted.remove(clientId);
        return readyResult<SendReceipt>(receipt);
    });
}

QFuture<Result<void>> SlackProvider::editMessage(const QString& messageId, const QString& text) {
    QString channel;
    QString ts;
    if (!splitSlackMessageNativeId(nativeOf(messageId), &channel, &ts))
        return failed<void>(ProviderError::notFound(tr("No such Slack message."), QStringLiteral("bad_id")));
    if (text.trimmed().isEmpty())
        return failed<void>(
            ProviderError::invalid(tr("Slack refuses an empty message."), QStringLiteral("no_text")));
    SlackCall update;
    update.method = QStringLiteral("chat.update");
    update.verb = SlackVerb::Post;
    update.arg(QStringLiteral("channel"), channel)
        .arg(QStringLiteral("ts"), ts)
        .arg(QStringLiteral("text"), escapeForSlack(text));
    update.options.label = tr("Editing a Slack message");
    return andThen<void, QJsonObject>(call(update), this, [this, messageId](const QJsonObject& r) {
        const QJsonObject message = r.value(QStringLiteral("message")).toObject();
        if (!message.isEmpty())
            remember(messageId, message);
        return readyResult<void>(Done{});
    });
}

} // namespace tributary
