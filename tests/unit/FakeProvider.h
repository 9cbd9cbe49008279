#pragma once

#include "model/Ids.h"
#include "provider/Provider.h"
#include "util/ReadyFuture.h"

#include <QSet>
#include <algorithm>
#include <optional>

namespace tributary::test {

//! An in-memory provider: channels and messages held in lists, pages cut by offset.
class FakeProvider : public Provider {
public:
    explicit FakeProvider(const QString& accountId)
        : Provider(Account{accountId, QStringLiteral("fake"), accountId, {}, {}}) {}

    Capabilities capabilities() const override {
        Capabilities caps = Capability::Folders | Capability::Flags | Capability::Push;
        if (incremental)
            caps |= Capability::IncrementalSync;
        return caps;
    }

    QFuture<Result<void>> connectAccount() override {
        ++connectCalls;
        if (connectFailures > 0) {
            --connectFailures;
            return readyResult<void>(connectError);
        }
        return readyResult<void>(Done{});
    }

    QFuture<Result<QList<Channel>>> listChannels() override {
        ++listChannelCalls;
        QList<Channel> list = m_channels;
        for (Channel& c : list) {
            const QList<Message>& msgs = m_messages[c.id];
            c.totalCount = int(msgs.size());
            c.unreadCount =
                int(std::count_if(msgs.begin(), msgs.end(), [](const Message& m) { return !m.isRead(); }));
        }
        return readyResult<QList<Channel>>(list);
    }

    QFuture<Result<MessagePage>> listMessages(const QString& channelId, const PageRequest& page) override {
        requests.append({channelId, page});
        if (pageError)
            return readyResult<MessagePage>(*pageError);
        const QList<Message>& all = m_messages[channelId];
        const int offset = page.cursor.toInt();
        MessagePage result;
        result.messages = all.mid(offset, page.limit);
        const int next = offset + int(result.messages.size());
        if (next < all.size())
            result.nextCursor = QString::number(next);
        result.syncState = {{QStringLiteral("uidvalidity"), validity}, {QStringLiteral("mark"), m_uid}};
        return readyResult<MessagePage>(result);
    }

    QFuture<Result<Message>> fetchBody(const QString& messageId) override {
        ++bodyCalls;
        for (const QList<Message>& list : std::as_const(m_messages)) {
            for (Message m : list) {
                if (m.id != messageId)
                    continue;
                m.text = QStringLiteral("Body of ") + m.subject;
                m.bodyLoaded = true;
                return readyResult<Message>(m);
            }
        }
        return readyResult<Message>(ProviderError::notFound(QStringLiteral("no such message")));
    }

    QFuture<Result<SendReceipt>> send(const OutgoingMessage&) override {
        return failed<SendReceipt>(ProviderError::unsupported(QStringLiteral("send")));
    }

    QFuture<Result<void>> setFlags(const QStringList& ids, MessageFlags add, MessageFlags remove) override {
        flagCalls.append(ids);
        if (flagsError)
            return readyResult<void>(*flagsError);
        for (QList<Message>& list : m_messages) {
            for (Message& m : list) {
                if (ids.contains(m.id))
                    m.flags = (m.flags | add) & ~remove;
            }
        }
        return readyResult<void>(Done{});
    }

    //! Like IMAP: messages newer than the state's "mark" are new; `known` ones whose
    //! flags differ changed; `known` ones no longer listed are gone.
    QFuture<Result<ChannelChanges>> syncChanges(const QString& channelId, const QVariantMap& state,
                                                const QHash<QString, MessageFlags>& known) override {
        changeRequests.append({channelId, state});
        if (changesError)
            return readyResult<ChannelChanges>(*changesError);
        ChannelChanges out;
        if (state.value(QStringLiteral("uidvalidity")).toInt() != validity) {
            out.reset = true;
            return readyResult<ChannelChanges>(out);
        }
        const int mark = state.value(QStringLiteral("mark")).toInt();
        QSet<QString> present;
        for (const Message& m : m_messages.value(channelId)) {
            present.insert(m.id);
            if (m.nativeId.section(QLatin1Char('/'), -1).toInt() > mark)
                out.added.append(m);
            else if (known.contains(m.id) && known.value(m.id) != m.flags)
                out.flagsChanged.append(m);
        }
        for (auto it = known.cbegin(); it != known.cend(); ++it) {
            if (!present.contains(it.key()))
                out.removedIds.append(it.key());
        }
        out.syncState = {{QStringLiteral("uidvalidity"), validity}, {QStringLiteral("mark"), m_uid}};
        return readyResult<ChannelChanges>(out);
    }

    QFuture<Result<void>> move(const QStringList& ids, const QString& targetChannelId) override {
        moveCalls.append({ids, targetChannelId});
        if (moveError)
            return readyResult<void>(*moveError);
        for (const QString& id : ids) {
            for (auto it = m_messages.begin(); it != m_messages.end(); ++it) {
                for (const Message& m : std::as_const(it.value())) {
                    if (m.id != id)
                        continue;
                    Message moved = m;
                    moved.channelId = targetChannelId;
                    moved.nativeId = QStringLiteral("moved/") + QString::number(++m_uid);
                    moved.id = makeId(IdKind::Message, moved.accountId, moved.nativeId);
                    m_messages[targetChannelId].prepend(moved);
                    removeMessage(id);
                    return readyResult<void>(Done{});
                }
            }
        }
        return readyResult<void>(Done{});
    }

    QFuture<Result<void>> remove(const QStringList& ids) override {
        moveCalls.append({ids, QString()});
        if (moveError)
            return readyResult<void>(*moveError);
        for (const QString& id : ids)
            removeMessage(id);
        return readyResult<void>(Done{});
    }

    //! Sets a message's flags as another client would.
    void setServerFlags(const QString& id, MessageFlags flags) {
        for (QList<Message>& list : m_messages) {
            for (Message& m : list) {
                if (m.id == id)
                    m.flags = flags;
            }
        }
    }

    Result<void> subscribe(const QStringList& channelIds) override {
        subscribed = channelIds;
        return Done{};
    }

    Channel addChannel(const QString& path, ChannelRole role = ChannelRole::None) {
        Channel c;
        c.accountId = account().id;
        c.nativeId = path;
        c.id = makeId(IdKind::Channel, c.accountId, path);
        c.name = path;
        c.role = role;
        m_channels.append(c);
        return c;
    }

    //! Adds `count` messages to the channel, newest first, each its own thread.
    QList<Message> addMessages(const Channel& channel, int count, bool read = false) {
        QList<Message> added;
        for (int i = 0; i < count; ++i) {
            Message m;
            const int uid = ++m_uid;
            m.accountId = account().id;
            m.channelId = channel.id;
            m.nativeId = channel.nativeId + QLatin1Char('/') + QString::number(uid);
            m.id = makeId(IdKind::Message, m.accountId, m.nativeId);
            m.messageIdHeader = QStringLiteral("m%1.%2@fake").arg(uid).arg(account().id);
            m.subject = QStringLiteral("%1 message %2").arg(channel.name).arg(uid);
            m.author = Participant{QStringLiteral("ann@example.org"), QStringLiteral("Ann"), {}};
            m.receivedAt = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC).addSecs(-60 * (m_uid * 10));
            m.snippet = m.subject;
            if (read)
                m.flags = MessageFlag::Read;
            added.append(m);
        }
        // Newest first: the latest uid has the smallest offset.
        QList<Message>& list = m_messages[channel.id];
        list = added + list;
        std::sort(list.begin(), list.end(),
                  [](const Message& a, const Message& b) { return a.receivedAt > b.receivedAt; });
        return added;
    }

    void removeMessage(const QString& id) {
        for (QList<Message>& list : m_messages)
            list.removeIf([&](const Message& m) { return m.id == id; });
    }

    void push(const Event& e) { emit eventsArrived({e}); }

    int connectCalls = 0;
    int connectFailures = 0;
    ProviderError connectError = ProviderError::network(QStringLiteral("unreachable"));
    int listChannelCalls = 0;
    int bodyCalls = 0;
    std::optional<ProviderError> pageError;
    std::optional<ProviderError> flagsError;
    QList<std::pair<QString, PageRequest>> requests;
    QList<QStringList> flagCalls;
    QStringList subscribed;
    bool incremental = false;
    int validity = 42;
    std::optional<ProviderError> changesError;
    QList<std::pair<QString, QVariantMap>> changeRequests;
    std::optional<ProviderError> moveError;
    QList<std::pair<QStringList, QString>> moveCalls; //!< ids and target ("" for remove)

private:
    QList<Channel> m_channels;
    QHash<QString, QList<Message>> m_messages;
    int m_uid = 0;
};

} // namespace tributary::test
