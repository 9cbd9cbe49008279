#pragma once

#include "model/Model.h"
#include "util/ReadyFuture.h"
#include "util/Result.h"

#include <QDateTime>
#include <QFuture>
#include <QObject>
#include <QPromise>

namespace tributary {

//! What a provider can do; the UI enables actions from this, never from the provider's type.
enum class Capability {
    None = 0,
    Folders = 1 << 0,      //!< channels are folders that hold email
    ChatChannels = 1 << 1, //!< channels are chat conversations
    SendNew = 1 << 2,
    Reply = 1 << 3,
    Forward = 1 << 4,
    ThreadReply = 1 << 5,
    Flags = 1 << 6, //!< read/unread, flagged
    Move = 1 << 7,
    Delete = 1 << 8,
    ServerSearch = 1 << 9,
    Push = 1 << 10,
    Attachments = 1 << 11,
    Drafts = 1 << 12,
    EditOwnMessages = 1 << 13,
    Reactions = 1 << 14,
    IncrementalSync = 1 << 15, //!< syncChanges() reports what changed since a sync state
    VerifySending = 1 << 16,   //!< checkSending() signs in to the sending server without sending
};
Q_DECLARE_FLAGS(Capabilities, Capability)
Q_DECLARE_OPERATORS_FOR_FLAGS(Capabilities)

//! Where to start a page. An empty cursor means "newest first, from the top".
struct PageRequest {
    int limit = 200;
    QString cursor;
};

struct MessagePage {
    QList<Message> messages; //!< newest first
    QString nextCursor;      //!< empty when there is nothing older
    //! Opaque per-channel sync state the provider wants persisted (UIDVALIDITY, ts ...).
    QVariantMap syncState;
};

//! What changed in a channel since an earlier sync state (Provider::syncChanges).
struct ChannelChanges {
    //! The state no longer applies (an IMAP folder's UIDVALIDITY changed): the caller
    //! drops what it has of the channel and lists it from the top again.
    bool reset = false;
    QList<Message> added;        //!< new envelopes, newest first
    QList<Message> flagsChanged; //!< id, channel and flags only
    QStringList removedIds;      //!< messages gone from the channel (expunged, moved away)
    QVariantMap syncState;       //!< to persist and pass to the next call
};

enum class SendKind { New, Reply, ReplyAll, Forward, ThreadReply };

struct OutgoingAttachment {
    QString fileName;
    QString mimeType;
    QByteArray data;

    bool operator==(const OutgoingAttachment&) const = default;
};

//! A message the user wrote. `clientId` is the idempotency key: it is generated once
//! when the user presses Send and reused by every retry, so a retry never posts twice.
struct OutgoingMessage {
    SendKind kind = SendKind::New;
    QString clientId;
    QString channelId;   //!< chat channel, or empty for email
    QString inReplyToId; //!< global id of the message replied to / forwarded
    Participant from;
    QList<Participant> to;
    QList<Participant> cc;
    QList<Participant> bcc;
    QString subject;
    QString text;
    QString html; //!< optional rich alternative
    QList<OutgoingAttachment> attachments;
    //! Email threading headers to set; filled by the composer from the original.
    QString inReplyToHeader;
    QStringList referencesHeader;

    bool operator==(const OutgoingMessage&) const = default;
};

struct SendReceipt {
    QString messageId;        //!< global id of the sent message, if known
    QString nativeId;         //!< Message-ID header, Slack ts ...
    bool alreadySent = false; //!< a retry found the earlier attempt had gone through
};

struct SearchQuery {
    QString text;           //!< free text (subject, from, body as the server allows)
    QStringList channelIds; //!< empty = the provider's default scope
    int limit = 100;
};

enum class ConnectionState { Offline, Connecting, Online, Syncing, NeedsSignIn, Error };

//! Snapshot of a provider's connections (its commands and its push connection), which
//! SyncController turns into the account's AccountStatus. Online means everything works,
//! push included; a push connection that lost its peer reports Offline with the time it
//! tries again (nextAttempt), and Online once it is back. An Offline without nextAttempt
//! is a failed operation, whose caller gets the error anyway.
struct ConnectionStatus {
    ConnectionState state = ConnectionState::Offline;
    QString detail; //!< why it is offline or failed, in a sentence for the user
    int progressDone = 0;
    int progressTotal = 0;
    //! Offline: when the provider tries to reconnect by itself (UTC); invalid when it does not.
    QDateTime nextAttempt = {};
};

//! The contract every provider implements. Every operation is asynchronous and must
//! not block the calling (GUI) thread; the returned future finishes with a value or
//! a typed ProviderError, and is cancellable through QFuture::cancel().
class Provider : public QObject {
    Q_OBJECT
public:
    explicit Provider(Account account, QObject* parent = nullptr);
    ~Provider() override;

    const Account& account() const { return m_account; }
    virtual Capabilities capabilities() const = 0;

    //! Verifies settings and credentials (login, auth.test).
    virtual QFuture<Result<void>> connectAccount() = 0;
    virtual QFuture<Result<QList<Channel>>> listChannels() = 0;
    //! Envelopes, newest first; page through with PageRequest::cursor.
    virtual QFuture<Result<MessagePage>> listMessages(const QString& channelId, const PageRequest& page) = 0;
    //! The message with text/html and attachment metadata filled in.
    virtual QFuture<Result<Message>> fetchBody(const QString& messageId) = 0;
    virtual QFuture<Result<QByteArray>> fetchAttachment(const QString& messageId,
                                                        const QString& attachmentId);
    virtual QFuture<Result<SendReceipt>> send(const OutgoingMessage& message) = 0;
    virtual QFuture<Result<void>> saveDraft(const OutgoingMessage& message);
    //! With Capability::VerifySending: connects and signs in to where messages are sent
    //! (an SMTP server) and leaves without sending, so a wrong password shows up in the
    //! account's connection test rather than at the first send.
    virtual QFuture<Result<void>> checkSending();
    virtual QFuture<Result<void>> setFlags(const QStringList& messageIds, MessageFlags add,
                                           MessageFlags remove);
    virtual QFuture<Result<void>> move(const QStringList& messageIds, const QString& targetChannelId);
    //! With Capability::EditOwnMessages: replaces the text of a message the user wrote
    //! (MessageFlag::FromMe), e.g. Slack's chat.update. The message keeps its id.
    virtual QFuture<Result<void>> editMessage(const QString& messageId, const QString& text);
    //! Delete: to the Trash where there is one, else permanently.
    virtual QFuture<Result<void>> remove(const QStringList& messageIds);
    //! The ids the channel's messages with these Message-ID headers have there, in the order
    //! given (an empty string where none has it): how moved mail is found again (undo) when
    //! the server gave the copies new ids. With Capability::Move.
    virtual QFuture<Result<QStringList>> findMessages(const QString& channelId,
                                                      const QStringList& messageIdHeaders);
    virtual QFuture<Result<QList<Message>>> search(const SearchQuery& query);
    //! With Capability::IncrementalSync: what changed in the channel since `syncState`
    //! (a MessagePage::syncState of its first page, or the state of an earlier call).
    //! `known` holds the messages of the channel the caller has, with their flags: only
    //! they can be reported removed or changed.
    virtual QFuture<Result<ChannelChanges>> syncChanges(const QString& channelId,
                                                        const QVariantMap& syncState,
                                                        const QHash<QString, MessageFlags>& known);
    //! Starts push (IDLE, websocket, polling) for these channels; updates arrive as eventsArrived().
    virtual Result<void> subscribe(const QStringList& channelIds);
    virtual void unsubscribe();

    ConnectionStatus status() const { return m_status; }

signals:
    void eventsArrived(const QList<tributary::Event>& events);
    void statusChanged(const tributary::ConnectionStatus& status);

protected:
    void setStatus(ConnectionStatus status);
    //! A future that is already finished with this error (for unsupported operations).
    template <typename T>
    static QFuture<Result<T>> failed(ProviderError error);

private:
    Account m_account;
    ConnectionStatus m_status;
};

template <typename T>
QFuture<Result<T>> Provider::failed(ProviderError error) {
    return readyResult<T>(std::move(error));
}

} // namespace tributary

Q_DECLARE_METATYPE(tributary::ConnectionStatus)
