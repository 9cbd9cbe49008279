#pragma once

// An in-memory account for window-level UI tests: folders or chat channels, messages with
// text bodies, flags. Everything answers at once.

#include "model/Ids.h"
#include "provider/Provider.h"
#include "util/ReadyFuture.h"

#include <QDateTime>
#include <QHash>
#include <algorithm>

namespace tributary::test {

class FakeInboxProvider : public Provider {
public:
    FakeInboxProvider(const QString& id, const QString& name, const QColor& colour = QColor(0x3d, 0x8b, 0xf2))
        : Provider(Account{id, QStringLiteral("fake"), name, colour, {}}) {}

    Capabilities capabilities() const override { return caps; }

    QFuture<Result<void>> connectAccount() override { return readyResult<void>(Done{}); }

    QFuture<Result<QList<Channel>>> listChannels() override {
        QList<Channel> list = channels;
        for (Channel& c : list) {
            c.totalCount = 0;
            c.unreadCount = 0;
            for (const Message& m : std::as_const(messages)) {
                if (m.channelId != c.id)
                    continue;
                ++c.totalCount;
                c.unreadCount += m.isRead() ? 0 : 1;
            }
        }
        return readyResult<QList<Channel>>(list);
    }

    QFuture<Result<MessagePage>> listMessages(const QString& channelId, const PageRequest&) override {
        MessagePage page;
        for (const Message& m : std::as_const(messages)) {
            if (m.channelId == channelId)
                page.messages.append(m);
        }
        std::sort(page.messages.begin(), page.messages.end(),
                  [](const Message& a, const Message& b) { return a.activityAt() > b.activityAt(); });
        return readyResult<MessagePage>(page);
    }

    QFuture<Result<Message>> fetchBody(const QString& messageId) override {
        for (Message m : std::as_const(messages)) {
            if (m.id != messageId)
                continue;
            m.bodyLoaded = true;
            m.text = bodies.value(m.id);
            m.html = htmlBodies.value(m.id);
            return readyResult<Message>(m);
        }
        return readyResult<Message>(ProviderError::notFound(QStringLiteral("gone")));
    }

    QFuture<Result<SendReceipt>> send(const OutgoingMessage&) override {
        return readyResult<SendReceipt>(ProviderError::unsupported(QStringLiteral("send")));
    }

    QFuture<Result<void>> setFlags(const QStringList& ids, MessageFlags add, MessageFlags remove) override {
        for (Message& m : messages) {
            if (ids.contains(m.id))
                m.flags = (m.flags | add) & ~remove;
        }
        return readyResult<void>(Done{});
    }

    //! With Capability::MarkChannelRead: reads every message of the channel and records the call.
    QFuture<Result<void>> markChannelRead(const QString& channelId) override {
        markedChannels.append(channelId);
        for (Message& m : messages) {
            if (m.channelId == channelId)
                m.flags |= MessageFlag::Read;
        }
        return readyResult<void>(Done{});
    }

    Channel addChannel(const QString& path, ChannelRole role, ChannelKind kind = ChannelKind::Folder) {
        Channel c;
        c.accountId = account().id;
        c.nativeId = path;
        c.id = makeId(IdKind::Channel, c.accountId, path);
        c.name =
            path == QLatin1String("INBOX") ? QStringLiteral("Inbox") : path.section(QLatin1Char('/'), -1);
        c.role = role;
        c.kind = kind;
        channels.append(c);
        return c;
    }

    //! A mail (Email kind) or a chat message (Chat kind: its channel is its conversation, and the
    //! message its own chat thread until replies name it), `minutesAgo`.
    Message addMessage(const Channel& channel, const QString& subject, const QString& from, int minutesAgo,
                       const QString& body, ConversationKind kind = ConversationKind::Email) {
        Message m;
        const int uid = int(messages.size()) + 1;
        m.accountId = account().id;
        m.channelId = channel.id;
        m.kind = kind;
        m.nativeId = channel.nativeId + QLatin1Char('/') + QString::number(uid);
        m.id = makeId(IdKind::Message, m.accountId, m.nativeId);
        if (kind == ConversationKind::Chat)
            m.nativeThreadKey = m.nativeId;
        else
            m.messageIdHeader = QStringLiteral("%1.%2@fake.example").arg(uid).arg(account().id);
        m.subject = subject;
        // "Kim Chen" writes from kim.chen@example.org (an address has no spaces).
        m.author = Participant{from.toLower().replace(QLatin1Char(' '), QLatin1Char('.')) +
                                   QStringLiteral("@example.org"),
                               from,
                               {}};
        m.to = {Participant{QStringLiteral("me@example.org"), QStringLiteral("Me"), {}}};
        m.receivedAt = QDateTime::currentDateTimeUtc().addSecs(-60 * minutesAgo);
        m.sentAt = m.receivedAt;
        m.snippet = makeSnippet(body);
        messages.append(m);
        bodies.insert(m.id, body);
        return m;
    }

    //! A reply in the chat thread of `parent`, read in the thread (MessageFlag::ThreadReply)
    //! unless also sent to the channel.
    Message addThreadReply(const Channel& channel, const Message& parent, const QString& from, int minutesAgo,
                           const QString& body, bool alsoInChannel = false) {
        Message m = addMessage(channel, QString(), from, minutesAgo, body, ConversationKind::Chat);
        m.nativeThreadKey = parent.nativeThreadKey;
        if (!alsoInChannel)
            m.flags |= MessageFlag::ThreadReply;
        messages.last() = m;
        return m;
    }

    Capabilities caps = Capability::Folders | Capability::Flags; //!< ChatChannels for a chat account
    QStringList markedChannels;                                  //!< markChannelRead() calls, oldest first
    QList<Channel> channels;
    QList<Message> messages;
    QHash<QString, QString> bodies;
    QHash<QString, QString> htmlBodies;
};

} // namespace tributary::test
