// Sending and editing: chat.postMessage with client_msg_id, chat.update; mentions for the chat box.

#include "model/Ids.h"
#include "net/RequestScheduler.h"
#include "slack/SlackApi.h"
#include "slack/SlackProvider.h"
#include "slack/SlackProviderSupport.h"
#include "util/Futures.h"
#include "util/ReadyFuture.h"

#include <QPointer>
#include <algorithm>
#include <functional>
#include <optional>

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
    // Whatever this send posts comes after everything known now (ts only grow), so a
    // look for it after an unclear attempt can start here rather than at the beginning.
    const QString floor = newestKnownTs(channel, threadTs);
    auto attempts = std::make_shared<int>(0);
    QPointer<SlackProvider> self(this);

    // One attempt: after an unclear earlier attempt, look for the client id first.
    auto attempt = [self, channel, threadTs, clientId, text, accountId, floor,
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
        return andThen<SendReceipt, std::optional<QJsonObject>>(
            self->findPosted(channel, threadTs, clientId, floor), self,
            [self, channel, accountId, post](const std::optional<QJsonObject>& found) {
                if (!found)
                    return post();
                SendReceipt receipt;
                receipt.nativeId = str(*found, "ts");
                receipt.messageId =
                    makeId(IdKind::Message, accountId, slackMessageNativeId(channel, receipt.nativeId));
                receipt.alreadySent = true;
                if (self)
                    self->remember(receipt.messageId, *found);
                return readyResult<SendReceipt>(receipt);
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

QString SlackProvider::newestKnownTs(const QString& channel, const QString& threadTs) const {
    // In a thread every reply is newer than its parent; the parent is the floor at worst.
    QString newest = threadTs;
    const QString prefix = makeId(IdKind::Message, account().id, slackMessageNativeId(channel, QString()));
    for (auto it = m_raw.cbegin(); it != m_raw.cend(); ++it) {
        if (!it.key().startsWith(prefix))
            continue;
        const QJsonObject& m = it.value();
        const bool inThread = !threadTs.isEmpty() && str(m, "thread_ts") == threadTs;
        const bool topLevel =
            threadTs.isEmpty() && (str(m, "thread_ts").isEmpty() || str(m, "thread_ts") == str(m, "ts"));
        if ((inThread || topLevel) && compareSlackTs(str(m, "ts"), newest) > 0)
            newest = str(m, "ts");
    }
    return newest;
}

QFuture<Result<std::optional<QJsonObject>>> SlackProvider::findPosted(const QString& channel,
                                                                      const QString& threadTs,
                                                                      const QString& clientId,
                                                                      const QString& floor) {
    using Found = std::optional<QJsonObject>;
    auto promise = makePromise<Found>();
    QFuture<Result<Found>> out = promise->future();
    auto step = std::make_shared<std::function<void(QString, int)>>();
    std::weak_ptr<std::function<void(QString, int)>> weakStep = step;
    QPointer<SlackProvider> self(this);
    // A thread pages oldest first from the floor (`oldest` = the newest reply so far); a
    // channel pages newest first (`latest` = the oldest so far) down to the floor. Single
    // attempts: this runs inside the send's own scheduled attempt.
    *step = [self, channel, threadTs, clientId, floor, promise, weakStep](const QString& bound, int page) {
        if (!self) {
            finishPromise(promise, Result<Found>(ProviderError::cancelled()));
            return;
        }
        SlackCall look;
        look.arg(QStringLiteral("channel"), channel)
            .arg(QStringLiteral("limit"), QString::number(kLookPageSize));
        if (threadTs.isEmpty()) {
            look.method = QStringLiteral("conversations.history");
            if (!bound.isEmpty())
                look.arg(QStringLiteral("latest"), bound);
        } else {
            look.method = QStringLiteral("conversations.replies");
            look.arg(QStringLiteral("ts"), threadTs);
            if (!bound.isEmpty() && bound != threadTs)
                look.arg(QStringLiteral("oldest"), bound);
        }
        auto keep = weakStep.lock();
        self->m_api->attempt(look).then(
            self, [promise, keep, clientId, floor, threadTs, bound, page](const Result<QJsonObject>& r) {
                if (!r.ok()) {
                    finishPromise(promise, Result<Found>(r.error()));
                    return;
                }
                QString next = bound;
                bool reachedFloor = false;
                for (const QJsonValue& v : r.value().value(QStringLiteral("messages")).toArray()) {
                    const QJsonObject m = v.toObject();
                    if (str(m, "client_msg_id") == clientId) {
                        finishPromise(promise, Result<Found>(Found(m)));
                        return;
                    }
                    const QString ts = str(m, "ts");
                    if (threadTs.isEmpty()) {
                        if (next.isEmpty() || compareSlackTs(ts, next) < 0)
                            next = ts;
                        if (!floor.isEmpty() && compareSlackTs(ts, floor) <= 0)
                            reachedFloor = true;
                    } else if (ts != threadTs && compareSlackTs(ts, next) > 0) {
                        next = ts; // the parent comes first on every page
                    }
                }
                const bool more = r.value().value(QStringLiteral("has_more")).toBool();
                if (!more || reachedFloor || next == bound || !keep) {
                    finishPromise(promise, Result<Found>(Found()));
                    return;
                }
                if (page + 1 >= kLookMaxPages) {
                    // Not found in what we may read: posting again could post twice.
                    ProviderError unsure = ProviderError::network(
                        QObject::tr(
                            "Slack did not confirm the message, and the conversation is too busy to check "
                            "whether it arrived. Look for it in Slack before sending it again."),
                        SendErrorCode::Uncertain);
                    unsure.retryable = false;
                    finishPromise(promise, Result<Found>(unsure));
                    return;
                }
                (*keep)(next, page + 1);
            });
    };
    (*step)(threadTs.isEmpty() ? QString() : floor, 0);
    return out;
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

QList<Participant> SlackProvider::mentionCandidates(const QString&) const {
    // Slack lets a message mention anyone in the workspace (it offers to invite those not in
    // the channel), so every known user is a candidate.
    QList<Participant> people;
    for (const SlackUser& user : m_directory.users()) {
        if (user.deleted || user.id == m_directory.self())
            continue;
        people.append(Participant{user.id, user.label(), {}});
    }
    std::sort(people.begin(), people.end(), [](const Participant& a, const Participant& b) {
        return a.displayName.localeAwareCompare(b.displayName) < 0;
    });
    return people;
}

QString SlackProvider::mentionMarkup(const Participant& person) const {
    if (person.address.isEmpty())
        return {};
    return QStringLiteral("<@%1>").arg(person.address);
}

} // namespace tributary
