#pragma once

#include "model/Ids.h"
#include "provider/Provider.h"
#include "util/ReadyFuture.h"

#include <QPromise>
#include <QSet>
#include <algorithm>
#include <functional>
#include <memory>
#include <optional>

namespace tributary::test {

//! An in-memory provider: channels and messages held in lists, pages cut by offset.
class FakeProvider : public Provider {
public:
    explicit FakeProvider(const QString& accountId)
        : Provider(Account{accountId, QStringLiteral("fake"), accountId, {}, {}}) {}
    //! With a full account. The fake's own settings "emailAddress" and "fullName" make its
    //! identity, as a mail provider's settings would.
    explicit FakeProvider(const Account& account)
        : Provider(account) {
        const QString address = account.settings.value(QStringLiteral("emailAddress")).toString();
        if (!address.isEmpty())
            setIdentities({Identity{
                address, account.settings.value(QStringLiteral("fullName")).toString(), true, {}, {}}});
    }

    //! Reports these identities (aliases, a chat user), as a provider learns them.
    void reportIdentities(const QList<Identity>& identities) { setIdentities(identities); }

    Capabilities capabilities() const override {
        Capabilities caps = (chat ? Capability::ChatChannels : Capability::Folders) | Capability::Flags |
                            Capability::Push | Capability::Delete;
        if (!chat)
            caps |= Capability::Move;
        if (folders)
            caps |= Capability::ManageFolders | Capability::MarkChannelRead;
        if (incremental)
            caps |= Capability::IncrementalSync;
        if (searchable)
            caps |= Capability::ServerSearch;
        if (sending)
            caps |= Capability::SendNew | Capability::Reply | Capability::Forward | Capability::ThreadReply |
                    Capability::Attachments;
        if (drafts)
            caps |= Capability::Drafts;
        if (editing)
            caps |= Capability::EditOwnMessages;
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
        QList<Message> all = searchOnly;
        for (const QList<Message>& list : std::as_const(m_messages))
            all += list;
        for (Message m : std::as_const(all)) {
            if (m.id != messageId)
                continue;
            m.text = QStringLiteral("Body of ") + m.subject;
            m.bodyLoaded = true;
            return readyResult<Message>(m);
        }
        return readyResult<Message>(ProviderError::notFound(QStringLiteral("no such message")));
    }

    //! Like the IMAP provider: idempotent per clientId (a clientId delivered before answers
    //! alreadySent without delivering again). Each call takes the front of `sendErrors`, if
    //! any; with `errorAfterDelivery` that error comes after the message went out (a
    //! connection lost while waiting for the server's answer). With `holdSends` the answer
    //! waits in `heldSends` until the test finishes it.
    //! Bytes from `attachmentBytes` (by attachment id), else NotFound.
    QFuture<Result<QByteArray>> fetchAttachment(const QString&, const QString& attachmentId) override {
        if (!attachmentBytes.contains(attachmentId))
            return readyResult<QByteArray>(ProviderError::notFound(QStringLiteral("no such attachment")));
        return readyResult<QByteArray>(attachmentBytes.value(attachmentId));
    }

    QFuture<Result<SendReceipt>> send(const OutgoingMessage& message) override {
        sendCalls.append(message);
        if (!sending)
            return failed<SendReceipt>(ProviderError::unsupported(QStringLiteral("send")));
        if (holdSends) {
            auto promise = std::make_shared<QPromise<Result<SendReceipt>>>();
            promise->start();
            heldSends.append({promise, message});
            return promise->future();
        }
        return readyResult<SendReceipt>(sendResult(message));
    }

    //! What send() answers now, delivering the message unless an error comes first.
    Result<SendReceipt> sendResult(const OutgoingMessage& message) {
        SendReceipt receipt;
        receipt.nativeId = message.clientId + QStringLiteral("@fake");
        if (deliveredIds.contains(message.clientId)) {
            receipt.alreadySent = true;
            return receipt;
        }
        if (!sendErrors.isEmpty()) {
            const ProviderError error = sendErrors.takeFirst();
            if (errorAfterDelivery) {
                deliveredIds.insert(message.clientId);
                delivered.append(message);
            }
            return error;
        }
        deliveredIds.insert(message.clientId);
        delivered.append(message);
        if (!message.replacesDraftId.isEmpty())
            removeMessage(message.replacesDraftId);
        return receipt;
    }

    //! Finishes the oldest held send with what send() would have answered.
    bool releaseSend() {
        if (heldSends.isEmpty())
            return false;
        auto held = heldSends.takeFirst();
        held.first->addResult(sendResult(held.second));
        held.first->finish();
        return true;
    }

    //! Keeps the latest version per clientId, as a Drafts folder would. Each call takes the
    //! front of `draftErrors`, if any. With `holdDrafts` answers wait in `heldDrafts`.
    QFuture<Result<void>> saveDraft(const OutgoingMessage& message) override {
        draftCalls.append(message);
        if (!drafts)
            return failed<void>(ProviderError::unsupported(QStringLiteral("drafts")));
        auto answer = [this, message]() -> Result<void> {
            if (!draftErrors.isEmpty())
                return draftErrors.takeFirst();
            savedDrafts.insert(message.clientId, message);
            if (!message.replacesDraftId.isEmpty())
                removeMessage(message.replacesDraftId); // as a Drafts folder would
            return Done{};
        };
        if (holdDrafts) {
            auto promise = std::make_shared<QPromise<Result<void>>>();
            promise->start();
            heldDrafts.append({promise, answer});
            return promise->future();
        }
        return readyResult<void>(answer());
    }

    //! Finishes the oldest held draft save.
    bool releaseDraft() {
        if (heldDrafts.isEmpty())
            return false;
        auto held = heldDrafts.takeFirst();
        held.first->addResult(held.second());
        held.first->finish();
        return true;
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
            std::optional<Message> found;
            for (const QList<Message>& list : std::as_const(m_messages)) {
                for (const Message& m : list) {
                    if (m.id == id)
                        found = m;
                }
            }
            if (!found)
                continue;
            Message moved = *found;
            moved.channelId = targetChannelId;
            moved.nativeId = QStringLiteral("moved/") + QString::number(++m_uid);
            moved.id = makeId(IdKind::Message, moved.accountId, moved.nativeId);
            removeMessage(id);
            m_messages[targetChannelId].prepend(moved);
        }
        return readyResult<void>(Done{});
    }

    //! By Message-ID header among the channel's messages.
    QFuture<Result<QStringList>> findMessages(const QString& channelId, const QStringList& headers) override {
        QStringList ids;
        for (const QString& header : headers) {
            QString id;
            for (const Message& m : m_messages.value(channelId)) {
                if (!header.isEmpty() && m.messageIdHeader == header)
                    id = m.id;
            }
            ids.append(id);
        }
        return readyResult<QStringList>(ids);
    }

    //! The messages the server holds in a channel now.
    QList<Message> messagesIn(const QString& channelId) const { return m_messages.value(channelId); }

    QFuture<Result<void>> editMessage(const QString& id, const QString& text) override {
        editCalls.append({id, text});
        if (editError)
            return readyResult<void>(*editError);
        for (QList<Message>& list : m_messages) {
            for (Message& m : list) {
                if (m.id == id)
                    m.snippet = makeSnippet(text);
            }
        }
        return readyResult<void>(Done{});
    }

    QFuture<Result<void>> remove(const QStringList& ids) override {
        moveCalls.append({ids, QString()});
        if (moveError)
            return readyResult<void>(*moveError);
        const QString trash = channelWithRole(ChannelRole::Trash);
        if (!trash.isEmpty()) {
            QStringList inTrashAlready;
            for (const QString& id : ids) {
                for (const Message& m : m_messages.value(trash)) {
                    if (m.id == id)
                        inTrashAlready.append(id);
                }
            }
            QStringList toTrash;
            for (const QString& id : ids) {
                if (!inTrashAlready.contains(id))
                    toTrash.append(id);
            }
            moveCalls.removeLast();
            move(toTrash, trash);
            moveCalls.last() = {ids, QString()};
            for (const QString& id : inTrashAlready)
                removeMessage(id);
            return readyResult<void>(Done{});
        }
        for (const QString& id : ids)
            removeMessage(id);
        return readyResult<void>(Done{});
    }

    // Folders (with `folders`): paths joined by '/', ids as addChannel() makes them.
    QFuture<Result<Channel>> createFolder(const QString& parentId, const QString& name) override {
        folderCalls.append(QStringLiteral("create %1 %2").arg(parentId, name));
        if (folderError)
            return readyResult<Channel>(*folderError);
        QString path = name;
        for (const Channel& c : std::as_const(m_channels)) {
            if (c.id == parentId)
                path = c.nativeId + QLatin1Char('/') + name;
        }
        Channel c = addChannel(path);
        c.name = name;
        c.parentId = parentId;
        m_channels.last() = c;
        return readyResult<Channel>(c);
    }

    QFuture<Result<Channel>> renameFolder(const QString& channelId, const QString& newName) override {
        folderCalls.append(QStringLiteral("rename %1 %2").arg(channelId, newName));
        if (folderError)
            return readyResult<Channel>(*folderError);
        for (Channel& c : m_channels) {
            if (c.id != channelId)
                continue;
            const QString oldId = c.id;
            const qsizetype cut = c.nativeId.lastIndexOf(QLatin1Char('/'));
            c.nativeId = cut < 0 ? newName : c.nativeId.left(cut + 1) + newName;
            c.name = newName;
            c.id = makeId(IdKind::Channel, c.accountId, c.nativeId);
            // Its messages get new ids, as IMAP's paths in ids would.
            QList<Message> moved = m_messages.take(oldId);
            for (Message& m : moved) {
                m.channelId = c.id;
                m.nativeId = c.nativeId + QLatin1Char('/') + m.nativeId.section(QLatin1Char('/'), -1);
                m.id = makeId(IdKind::Message, m.accountId, m.nativeId);
            }
            m_messages.insert(c.id, moved);
            return readyResult<Channel>(c);
        }
        return readyResult<Channel>(ProviderError::notFound(QStringLiteral("no such folder")));
    }

    QFuture<Result<void>> deleteFolder(const QString& channelId) override {
        folderCalls.append(QStringLiteral("delete %1").arg(channelId));
        if (folderError)
            return readyResult<void>(*folderError);
        m_channels.removeIf([&](const Channel& c) { return c.id == channelId || c.parentId == channelId; });
        m_messages.remove(channelId);
        return readyResult<void>(Done{});
    }

    QFuture<Result<void>> markChannelRead(const QString& channelId) override {
        folderCalls.append(QStringLiteral("read %1").arg(channelId));
        for (Message& m : m_messages[channelId])
            m.flags |= MessageFlag::Read;
        return readyResult<void>(Done{});
    }

    QString messageLink(const Message& m) const override {
        return m.messageIdHeader.isEmpty() ? QString() : QStringLiteral("mid:") + m.messageIdHeader;
    }

    //! Gives a channel a kind (chat channels) or a parent, as a listing would.
    void setChannel(const Channel& channel) {
        for (Channel& c : m_channels) {
            if (c.id == channel.id)
                c = channel;
        }
    }

    QString channelWithRole(ChannelRole role) const {
        for (const Channel& c : m_channels) {
            if (c.role == role)
                return c.id;
        }
        return {};
    }

    //! Subject contains the text, newest first; searchError fails it.
    QFuture<Result<QList<Message>>> search(const SearchQuery& query) override {
        if (searchError)
            return readyResult<QList<Message>>(*searchError);
        QList<Message> found;
        for (const QList<Message>& list : std::as_const(m_messages)) {
            for (const Message& m : list) {
                if (m.subject.contains(query.text, Qt::CaseInsensitive))
                    found.append(m);
            }
        }
        for (const Message& m : std::as_const(searchOnly)) {
            if (m.subject.contains(query.text, Qt::CaseInsensitive))
                found.append(m);
        }
        return readyResult<QList<Message>>(found);
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
    //! Gives a listed message these flags (e.g. FromMe for "the user wrote it").
    void setFlagsOf(const QString& id, MessageFlags flags) {
        for (QList<Message>& list : m_messages) {
            for (Message& m : list) {
                if (m.id == id)
                    m.flags = flags;
            }
        }
    }

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

    //! Replaces the stored message with the same id (to give it people, attachments ...).
    void replaceMessage(const Message& message) {
        for (QList<Message>& list : m_messages) {
            for (Message& m : list) {
                if (m.id == message.id)
                    m = message;
            }
        }
    }

    void removeMessage(const QString& id) {
        for (QList<Message>& list : m_messages)
            list.removeIf([&](const Message& m) { return m.id == id; });
    }

    void push(const Event& e) { emit eventsArrived({e}); }
    //! Reports a connection state as a provider does (a lost push connection, its return).
    void report(const ConnectionStatus& status) { setStatus(status); }

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
    bool searchable = false;
    std::optional<ProviderError> searchError;
    QList<Message> searchOnly; //!< old mail the server has but listing never reached
    int validity = 42;
    std::optional<ProviderError> changesError;
    QList<std::pair<QString, QVariantMap>> changeRequests;
    std::optional<ProviderError> moveError;
    QList<std::pair<QStringList, QString>> moveCalls; //!< ids and target ("" for remove)
    bool chat = false;    //!< a chat account: ChatChannels instead of Folders, no Move
    bool folders = false; //!< ManageFolders and MarkChannelRead
    std::optional<ProviderError> folderError;
    QStringList folderCalls; //!< "create <parent> <name>", "rename <id> <name>", "delete <id>", "read <id>"
    bool editing = false;    //!< Capability::EditOwnMessages
    std::optional<ProviderError> editError;
    QList<std::pair<QString, QString>> editCalls; //!< id and new text

    // Sending and drafts (Outbox, DraftAutosaver, composer tests); off by default.
    bool sending = false; //!< SendNew, Reply, Forward, ThreadReply and Attachments
    bool drafts = false;  //!< Capability::Drafts
    QList<ProviderError> sendErrors;
    bool errorAfterDelivery = false;
    bool holdSends = false;
    QList<std::pair<std::shared_ptr<QPromise<Result<SendReceipt>>>, OutgoingMessage>> heldSends;
    QList<OutgoingMessage> sendCalls; //!< every attempt
    QList<OutgoingMessage> delivered; //!< what actually went out
    QSet<QString> deliveredIds;
    QList<ProviderError> draftErrors;
    bool holdDrafts = false;
    QList<std::pair<std::shared_ptr<QPromise<Result<void>>>, std::function<Result<void>()>>> heldDrafts;
    QList<OutgoingMessage> draftCalls;
    QHash<QString, OutgoingMessage> savedDrafts; //!< the latest version per clientId
    QHash<QString, QByteArray> attachmentBytes;  //!< fetchAttachment() answers, by attachment id

private:
    QList<Channel> m_channels;
    QHash<QString, QList<Message>> m_messages;
    int m_uid = 0;
};

} // namespace tributary::test
