// Reading conversations: history paged with `latest`, threads paged with `oldest`, changes
// since a known ts. slack_web_inbox_subset.json documents no response_metadata for
// conversations.history and conversations.replies, so neither is paged by cursor; Slack takes
// latest/oldest + has_more as well. Edits show as a changed text for a known ts (the
// description's message object has no `edited`).

#include "model/Ids.h"
#include "slack/SlackApi.h"
#include "slack/SlackProvider.h"
#include "slack/SlackProviderSupport.h"
#include "util/Futures.h"
#include "util/ReadyFuture.h"

#include <QJsonArray>
#include <QSet>
#include <algorithm>
#include <functional>

namespace tributary {

using namespace slack;
using slack::detail::newestFirst;
using slack::detail::objects;
using slack::detail::str;

namespace {

// Cursors of listMessages: "v2:<ts>" = the next page is older than ts. "v1:" held Slack
// cursors (before history was paged by latest).
const QLatin1String kCursorPrefix("v2:");

} // namespace

QFuture<Result<QList<QJsonObject>>> SlackProvider::collectThread(const QString& channel,
                                                                 const QString& threadTs, int maxPages,
                                                                 const QString& label) {
    auto promise = makePromise<QList<QJsonObject>>();
    QFuture<Result<QList<QJsonObject>>> out = promise->future();
    auto collected = std::make_shared<QList<QJsonObject>>();
    auto seen = std::make_shared<QSet<QString>>();
    auto step = std::make_shared<std::function<void(QString, int)>>();
    // The function holds itself only through a weak reference, so the chain ends freely.
    std::weak_ptr<std::function<void(QString, int)>> weakStep = step;
    *step = [this, channel, threadTs, maxPages, label, promise, collected, seen,
             weakStep](const QString& oldest, int page) {
        SlackCall replies;
        replies.method = QStringLiteral("conversations.replies");
        replies.arg(QStringLiteral("channel"), channel)
            .arg(QStringLiteral("ts"), threadTs)
            .arg(QStringLiteral("limit"), QStringLiteral("200"));
        if (!oldest.isEmpty())
            replies.arg(QStringLiteral("oldest"), oldest);
        replies.options.label = label;
        auto keep = weakStep.lock();
        call(replies).then(
            this, [promise, collected, seen, oldest, page, maxPages, keep](const Result<QJsonObject>& r) {
                if (!r.ok()) {
                    finishPromise(promise, Result<QList<QJsonObject>>(r.error()));
                    return;
                }
                QString newest = oldest;
                for (const QJsonValue& v : r.value().value(QStringLiteral("messages")).toArray()) {
                    const QJsonObject m = v.toObject();
                    const QString ts = str(m, "ts");
                    // The parent comes first on every page.
                    if (seen->contains(ts))
                        continue;
                    seen->insert(ts);
                    collected->append(m);
                    if (str(m, "thread_ts") != ts && compareSlackTs(ts, newest) > 0)
                        newest = ts;
                }
                const bool more = r.value().value(QStringLiteral("has_more")).toBool();
                // No newer reply on the page: nothing more to ask for without looping.
                if (!more || newest == oldest || page + 1 >= maxPages || !keep) {
                    finishPromise(promise, Result<QList<QJsonObject>>(*collected));
                    return;
                }
                (*keep)(newest, page + 1);
            });
    };
    (*step)(QString(), 0);
    return out;
}

QFuture<Result<SlackProvider::HistorySlice>>
SlackProvider::newestDownTo(const QString& channel, const QString& since, int pageSize, int maxPages,
                            const RequestOptions& options, int transferTimeoutMs) {
    auto promise = makePromise<HistorySlice>();
    QFuture<Result<HistorySlice>> out = promise->future();
    auto slice = std::make_shared<HistorySlice>();
    auto step = std::make_shared<std::function<void(QString, int)>>();
    std::weak_ptr<std::function<void(QString, int)>> weakStep = step;
    *step = [this, channel, since, pageSize, maxPages, options, transferTimeoutMs, promise, slice,
             weakStep](const QString& latest, int page) {
        SlackCall history;
        history.method = QStringLiteral("conversations.history");
        history.arg(QStringLiteral("channel"), channel)
            .arg(QStringLiteral("limit"), QString::number(pageSize));
        if (!latest.isEmpty())
            history.arg(QStringLiteral("latest"), latest);
        history.options = options;
        history.transferTimeoutMs = transferTimeoutMs;
        auto keep = weakStep.lock();
        call(history).then(this, [promise, slice, since, page, maxPages, keep](const Result<QJsonObject>& r) {
            if (!r.ok()) {
                finishPromise(promise, Result<HistorySlice>(r.error()));
                return;
            }
            const QList<QJsonObject> messages =
                objects(r.value().value(QStringLiteral("messages")).toArray());
            QString oldest;
            for (const QJsonObject& m : messages) {
                const QString ts = str(m, "ts");
                if (oldest.isEmpty() || compareSlackTs(ts, oldest) < 0)
                    oldest = ts;
                if (!since.isEmpty() && compareSlackTs(ts, since) <= 0)
                    slice->reachedSince = true;
                slice->messages.append(m);
            }
            const bool more = r.value().value(QStringLiteral("has_more")).toBool();
            if (!more)
                slice->reachedSince = true; // the start of the conversation
            if (slice->reachedSince || since.isEmpty() || oldest.isEmpty() || page + 1 >= maxPages || !keep) {
                finishPromise(promise, Result<HistorySlice>(*slice));
                return;
            }
            (*keep)(oldest, page + 1);
        });
    };
    (*step)(QString(), 0);
    return out;
}

QList<Message> SlackProvider::noticeEdits(const QString& channel, const QList<QJsonObject>& raws) {
    QList<Message> edited;
    for (const QJsonObject& raw : raws) {
        const QString id =
            makeId(IdKind::Message, account().id, slackMessageNativeId(channel, str(raw, "ts")));
        if (!m_raw.contains(id))
            continue;
        bool changed = false;
        Message m = mapMessage(channel, raw, &changed);
        if (changed)
            edited.append(std::move(m));
    }
    return edited;
}

void SlackProvider::emitMessages(EventKind kind, const QString& channel, const QList<Message>& messages) {
    if (messages.isEmpty())
        return;
    Event e;
    e.kind = kind;
    e.accountId = account().id;
    e.channelId = makeId(IdKind::Channel, account().id, channel);
    for (const Message& m : messages)
        e.messageIds << m.id;
    e.messages = messages;
    Q_EMIT eventsArrived({e});
}

QFuture<Result<QList<QJsonObject>>> SlackProvider::withReplies(const QString& channel,
                                                               QList<QJsonObject> messages) {
    QList<QString> threads;
    for (const QJsonObject& m : messages)
        if (m.value(QStringLiteral("reply_count")).toInt() > 0 && str(m, "thread_ts") == str(m, "ts"))
            threads.append(str(m, "ts"));
    auto all = std::make_shared<QList<QJsonObject>>(std::move(messages));
    if (threads.isEmpty())
        return readyResult<QList<QJsonObject>>(*all);
    auto promise = makePromise<QList<QJsonObject>>();
    QFuture<Result<QList<QJsonObject>>> out = promise->future();
    auto pending = std::make_shared<int>(static_cast<int>(threads.size()));
    auto failure = std::make_shared<std::optional<ProviderError>>();
    for (const QString& ts : threads) {
        collectThread(channel, ts, 20, tr("Loading a Slack thread"))
            .then(this, [all, ts, pending, promise, failure](const Result<QList<QJsonObject>>& r) {
                if (r.ok()) {
                    for (const QJsonObject& m : r.value())
                        // The parent is in the page already; broadcasts are in the history too.
                        if (str(m, "ts") != ts && str(m, "subtype") != QLatin1String("thread_broadcast"))
                            all->append(m);
                } else if (r.error().kind != ErrorKind::NotFound) {
                    *failure = r.error();
                }
                if (--*pending == 0)
                    finishPromise(promise, *failure ? Result<QList<QJsonObject>>(**failure)
                                                    : Result<QList<QJsonObject>>(*all));
            });
    }
    return out;
}

QFuture<Result<MessagePage>> SlackProvider::listMessages(const QString& channelId, const PageRequest& page) {
    const QString channel = nativeChannel(channelId);
    if (channel.isEmpty())
        return failed<MessagePage>(
            ProviderError::invalid(tr("Not a Slack conversation."), QStringLiteral("bad_id")));
    QString latest;
    if (!page.cursor.isEmpty()) {
        // Anything else (a Slack cursor of an older build) is stale: the caller lists afresh.
        if (!page.cursor.startsWith(kCursorPrefix) || page.cursor.size() == kCursorPrefix.size())
            return failed<MessagePage>(ProviderError::invalid(tr("This paging position is no longer valid."),
                                                              QStringLiteral("cursor_stale")));
        latest = page.cursor.mid(kCursorPrefix.size());
    }
    const bool firstPage = latest.isEmpty();
    return andThen<MessagePage, void>(ensureReady(), this, [this, channel, latest, firstPage, page] {
        // The first page refreshes the read position, so flags are current.
        QFuture<Result<QString>> lastRead =
            firstPage ? refreshLastRead(channel) : readyResult<QString>(m_lastRead.value(channel));
        return andThen<MessagePage, QString>(
            lastRead, this, [this, channel, latest, firstPage, page](const QString&) {
                SlackCall history;
                history.method = QStringLiteral("conversations.history");
                history.arg(QStringLiteral("channel"), channel)
                    .arg(QStringLiteral("limit"), QString::number(std::clamp(page.limit, 1, 999)));
                // Exclusive: the page starts just below the oldest message of the one before.
                if (!latest.isEmpty())
                    history.arg(QStringLiteral("latest"), latest);
                history.options.label = tr("Loading Slack messages");
                return andThen<MessagePage, QJsonObject>(
                    call(history), this, [this, channel, firstPage](const QJsonObject& r) {
                        const QList<QJsonObject> top = objects(r.value(QStringLiteral("messages")).toArray());
                        QString newest;
                        QString oldest;
                        for (const QJsonObject& m : top) {
                            const QString ts = str(m, "ts");
                            if (compareSlackTs(ts, newest) > 0)
                                newest = ts;
                            if (oldest.isEmpty() || compareSlackTs(ts, oldest) < 0)
                                oldest = ts;
                        }
                        QString next;
                        if (r.value(QStringLiteral("has_more")).toBool() && !oldest.isEmpty())
                            next = kCursorPrefix + oldest;
                        return andThen<MessagePage, QList<QJsonObject>>(
                            withReplies(channel, top), this,
                            [this, channel, next, newest, firstPage](const QList<QJsonObject>& all) {
                                MessagePage out;
                                QSet<QString> seen;
                                for (const QJsonObject& raw : all) {
                                    Message m = mapMessage(channel, raw);
                                    if (seen.contains(m.id))
                                        continue;
                                    seen.insert(m.id);
                                    out.messages.append(std::move(m));
                                }
                                std::stable_sort(out.messages.begin(), out.messages.end(), newestFirst);
                                out.nextCursor = next;
                                if (firstPage)
                                    out.syncState.insert(QStringLiteral("latestTs"), newest);
                                return readyResult<MessagePage>(out);
                            });
                    });
            });
    });
}

QStringList SlackProvider::deletedSince(const QString& channel, const QList<QJsonObject>& slice,
                                        const QHash<QString, MessageFlags>& known) {
    // The slice holds every top-level message from its oldest one up, so a top-level message
    // the caller has in that stretch and the history no longer holds was deleted (a parent
    // with replies stays, as a tombstone). Replies are never in the history: only messages
    // remembered as top-level count, the others are left for the next full listing.
    QString oldest;
    QSet<QString> present;
    for (const QJsonObject& raw : slice) {
        const QString ts = str(raw, "ts");
        present.insert(ts);
        if (oldest.isEmpty() || compareSlackTs(ts, oldest) < 0)
            oldest = ts;
    }
    QStringList deleted;
    if (oldest.isEmpty())
        return deleted;
    for (auto it = known.constBegin(); it != known.constEnd(); ++it) {
        QString c;
        QString ts;
        if (!splitSlackMessageNativeId(nativeOf(it.key()), &c, &ts) || c != channel || present.contains(ts) ||
            compareSlackTs(ts, oldest) < 0)
            continue;
        const std::optional<QJsonObject> raw = remembered(it.key());
        const QString threadTs = raw ? str(*raw, "thread_ts") : QString();
        if (!raw || (!threadTs.isEmpty() && threadTs != ts))
            continue;
        deleted.append(it.key());
        m_raw.remove(it.key());
        m_rawOrder.removeOne(it.key());
    }
    return deleted;
}

QFuture<Result<ChannelChanges>> SlackProvider::syncChanges(const QString& channelId,
                                                           const QVariantMap& syncState,
                                                           const QHash<QString, MessageFlags>& known) {
    const QString channel = nativeChannel(channelId);
    const QString since = syncState.value(QStringLiteral("latestTs")).toString();
    if (since.isEmpty()) {
        // Nothing to start from (the first listing was empty or came from elsewhere): relist.
        ChannelChanges changes;
        changes.reset = true;
        return readyResult<ChannelChanges>(changes);
    }
    return andThen<ChannelChanges, void>(ensureReady(), this, [this, channel, since, known] {
        return andThen<ChannelChanges, QString>(
            refreshLastRead(channel), this, [this, channel, since, known](const QString&) {
                RequestOptions options;
                options.label = tr("Checking Slack for new messages");
                return andThen<ChannelChanges, HistorySlice>(
                    newestDownTo(channel, since, 100, 10, options), this,
                    [this, channel, since, known](const HistorySlice& slice) {
                        ChannelChanges changes;
                        if (!slice.reachedSince) {
                            // More new messages than ten pages: listing afresh is cheaper.
                            changes.reset = true;
                            return readyResult<ChannelChanges>(changes);
                        }
                        QString newest = since;
                        QList<QJsonObject> older;
                        for (const QJsonObject& raw : slice.messages) {
                            const QString ts = str(raw, "ts");
                            if (compareSlackTs(ts, since) <= 0) {
                                older.append(raw);
                                continue;
                            }
                            const Message m = mapMessage(channel, raw);
                            if (compareSlackTs(ts, newest) > 0)
                                newest = ts;
                            if (!known.contains(m.id))
                                changes.added.append(m);
                        }
                        std::stable_sort(changes.added.begin(), changes.added.end(), newestFirst);
                        // ChannelChanges has no place for edits: they go out as an Updated event.
                        emitMessages(EventKind::Updated, channel, noticeEdits(channel, older));
                        changes.removedIds = deletedSince(channel, slice.messages, known);
                        // Read changes: Slack has one read position per conversation.
                        const QString lastRead = m_lastRead.value(channel);
                        if (!lastRead.isEmpty()) {
                            for (auto it = known.constBegin(); it != known.constEnd(); ++it) {
                                QString c;
                                QString ts;
                                if (!splitSlackMessageNativeId(nativeOf(it.key()), &c, &ts) || c != channel ||
                                    changes.removedIds.contains(it.key()))
                                    continue;
                                const bool wasRead = it.value().testFlag(MessageFlag::Read);
                                bool nowRead = compareSlackTs(ts, lastRead) <= 0;
                                if (!nowRead) {
                                    // One's own messages stay read; without the message, keep what we had.
                                    const std::optional<QJsonObject> raw = remembered(it.key());
                                    if (!raw || str(*raw, "user") == m_directory.self())
                                        nowRead = wasRead;
                                }
                                if (wasRead == nowRead)
                                    continue;
                                Message m;
                                m.id = it.key();
                                m.accountId = account().id;
                                m.channelId = makeId(IdKind::Channel, account().id, channel);
                                m.nativeId = nativeOf(it.key());
                                m.flags = it.value();
                                m.flags.setFlag(MessageFlag::Read, nowRead);
                                changes.flagsChanged.append(m);
                            }
                        }
                        changes.syncState.insert(QStringLiteral("latestTs"), newest);
                        return readyResult<ChannelChanges>(changes);
                    });
            });
    });
}

QFuture<Result<QList<Message>>> SlackProvider::listThread(const QString& messageId) {
    QString channel;
    QString ts;
    if (!splitSlackMessageNativeId(nativeOf(messageId), &channel, &ts))
        return failed<QList<Message>>(
            ProviderError::notFound(tr("No such Slack message."), QStringLiteral("bad_id")));
    if (const std::optional<QJsonObject> raw = remembered(messageId))
        if (!str(*raw, "thread_ts").isEmpty())
            ts = str(*raw, "thread_ts");
    return andThen<QList<Message>, void>(ensureReady(), this, [this, channel, ts] {
        return andThen<QList<Message>, QList<QJsonObject>>(
            collectThread(channel, ts, 20, tr("Loading a Slack thread")), this,
            [this, channel](const QList<QJsonObject>& all) {
                QList<Message> out;
                for (const QJsonObject& raw : all)
                    out.append(mapMessage(channel, raw));
                return readyResult<QList<Message>>(out);
            });
    });
}

} // namespace tributary
