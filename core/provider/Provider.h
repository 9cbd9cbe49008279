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
    //! send() keeps a record on the server from before the message leaves until the server
    //! confirms it, so a send cut short by a crash is found again (recoverUnfinishedSends).
    SendRecords = 1 << 17,
    //! createFolder(), renameFolder() and deleteFolder(): the user manages the folders
    ManageFolders = 1 << 18,
    //! markChannelRead() marks a whole channel read on the server, also what is not loaded
    MarkChannelRead = 1 << 19,
    // ---- Team triage (issue 13 §3): bits 1 << 20 .. 1 << 24. Conversations are named by
    // conversationIdOf(); fetchTriage() answers with either of the first two.
    Assign = 1 << 20,        //!< listAssignees(), assign() to a person, a team or nobody
    TriageStatus = 1 << 21,  //!< setTriageStatus(): open, waiting, closed
    Snooze = 1 << 22,        //!< setTriageStatus(Waiting, until): back by itself at that time
    InternalNotes = 1 << 23, //!< listNotes(), addNote(): notes the customer never sees
    // 1 << 24 is kept for triage too.
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

//! What to do with a send whose outcome nobody knows: the end of the message reached the
//! server but its answer did not come back (connection lost, timeout, the app stopped).
//! It may have been delivered, so only the user can decide to send it again.
enum class UncertainSend {
    Ask,       //!< do not send: fail with SendErrorCode::Uncertain
    SendAgain, //!< the user chose to send it again
    WasSent,   //!< the user found it was delivered: finish it as sent without sending
    //! Keep it as a draft to look at later (resolveUnfinishedSend only; send() asks).
    KeepAsDraft,
};

//! Codes (ProviderError::code) of send outcomes the outbox and the UI act on.
namespace SendErrorCode {
//! The message may or may not have been delivered (kind Network, not retryable): never
//! retried automatically; the user checks and chooses (UncertainSend).
inline const QString Uncertain = QStringLiteral("send_uncertain");
} // namespace SendErrorCode

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
    //! After an earlier attempt ended with SendErrorCode::Uncertain: the user's decision.
    UncertainSend ifUncertain = UncertainSend::Ask;
    //! The global id of the draft this message continues (a resumed draft), or empty. The
    //! first saveDraft() replaces it and send() removes it, so Drafts never holds two copies.
    QString replacesDraftId;

    bool operator==(const OutgoingMessage&) const = default;
};

struct SendReceipt {
    QString messageId;        //!< global id of the sent message, if known
    QString nativeId;         //!< Message-ID header, Slack ts ...
    bool alreadySent = false; //!< a retry found the earlier attempt had gone through
};

//! A send the provider's own records show was cut short (the app was killed, crashed or
//! lost power in the middle of it), found by Provider::recoverUnfinishedSends().
struct UnfinishedSend {
    enum class Outcome {
        //! Nothing reached the recipients: the message is kept as a draft (`recordId`).
        NotSent,
        //! The end of the message reached the server, its answer was never seen: the
        //! record (`recordId`, the copy in Sent) waits for the user's UncertainSend choice.
        MaybeSent,
    };
    Outcome outcome = Outcome::NotSent;
    QString recordId; //!< global message id of the draft (NotSent) or of the record (MaybeSent)
    QString messageIdHeader;
    QString subject;
    QList<Participant> to; //!< To, Cc and Bcc
    QDateTime date;

    bool operator==(const UnfinishedSend&) const = default;
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
    //! With Capability::SendRecords: finds sends cut short by an earlier run. Those that
    //! provably never reached the server become drafts (NotSent); those that may have
    //! (MaybeSent) stay as they are until resolveUnfinishedSend(). Call at start, before
    //! this run sends anything.
    virtual QFuture<Result<QList<tributary::UnfinishedSend>>> recoverUnfinishedSends();
    //! Applies the user's choice to a MaybeSent record: WasSent keeps it as the Sent copy,
    //! SendAgain sends it once more (the copy is what is sent), KeepAsDraft turns it into a
    //! draft. Ask changes nothing (Invalid).
    virtual QFuture<Result<SendReceipt>> resolveUnfinishedSend(const QString& recordId,
                                                               UncertainSend decision);
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
    // Folders (Capability::ManageFolders). Names are one level ("Projects"), never a path.
    //! A new folder under `parentChannelId` (empty: at the top); answers the new channel.
    virtual QFuture<Result<Channel>> createFolder(const QString& parentChannelId, const QString& name);
    //! Renames a folder in place (same parent); answers it under its new id. Its subfolders
    //! and messages move along, so their ids change too: the caller lists channels again.
    virtual QFuture<Result<Channel>> renameFolder(const QString& channelId, const QString& newName);
    //! Deletes a folder with its subfolders and every message in them, for good.
    virtual QFuture<Result<void>> deleteFolder(const QString& channelId);
    //! With Capability::MarkChannelRead: every message of the channel read, loaded or not.
    virtual QFuture<Result<void>> markChannelRead(const QString& channelId);
    //! A link to the message another program can open (an RFC 2392 "mid:" URL for mail,
    //! a web link for chat), or empty when there is none.
    virtual QString messageLink(const Message& message) const;
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

    // ---- Team triage (issue 13 §3). Each operation fails with ProviderError::unsupported
    // (kind Invalid, code "unsupported") unless the provider has its capability. Changes
    // made elsewhere (a teammate, the provider's web app) arrive as AssignmentChanged,
    // StatusChanged and NoteAdded events (triageEvent(), noteEvent()).
    //! With Capability::Assign: the people and teams a conversation can be assigned to, the
    //! signed-in user among them (Assignee::isSelf).
    virtual QFuture<Result<QList<Assignee>>> listAssignees();
    //! With Capability::Assign or Capability::TriageStatus: the state of these conversations
    //! (conversationIdOf() of listed messages); conversations it does not know are left out.
    virtual QFuture<Result<QList<ConversationTriage>>> fetchTriage(const QStringList& conversationIds);
    //! With Capability::Assign: to a person or a team (from listAssignees()), or to nobody
    //! (an empty Assignee).
    virtual QFuture<Result<void>> assign(const QString& conversationId, const Assignee& assignee);
    //! With Capability::TriageStatus; a `snoozeUntil` (with Waiting) needs Capability::Snooze.
    virtual QFuture<Result<void>> setTriageStatus(const QString& conversationId, TriageStatus status,
                                                  const QDateTime& snoozeUntil = {});
    //! With Capability::InternalNotes: oldest first.
    virtual QFuture<Result<QList<InternalNote>>> listNotes(const QString& conversationId);
    //! With Capability::InternalNotes: a note only the team sees; answers it as stored.
    virtual QFuture<Result<InternalNote>> addNote(const QString& conversationId, const QString& text);

    // -- The chat message box (issue 13 §4): mentions -------------------------------------
    //! People a message in this chat channel can mention, from what the provider already
    //! knows (no request): Slack's workspace users from users.list. Address = the provider's
    //! handle (Slack user id), displayName = the name to show. Empty by default.
    virtual QList<Participant> mentionCandidates(const QString& channelId) const;
    //! How OutgoingMessage::text (and editMessage's text) mentions `person` so that the
    //! provider notifies them (Slack "<@U123>"); send() passes it through as it is, not
    //! escaped. Empty when the provider has no mention syntax (the name is sent as typed).
    virtual QString mentionMarkup(const Participant& person) const;
    // -- end of the chat message box's block ---------------------------------------------

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

    // --- Identities (issue 13 §1) ----------------------------------------------------------
    // Who the user is at this provider; not gated by a capability. A provider that knows them
    // from its settings (IMAP: the address, the name and the aliases of the account form)
    // reports them from construction on; one that learns them at sign-in (Slack: auth.test,
    // then users.info for the name and picture) once connectAccount() succeeds. Empty until
    // then; a later failed connect keeps what was reported. Nothing outside providers/ reads
    // a provider's settings to find out who the user is: it asks here.
public:
    //! The signed-in user's identities, in the provider's order; exactly one isDefault.
    QList<Identity> identities() const { return m_identities; }
    //! The identity marked default, or an empty one when there are none yet.
    Identity defaultIdentity() const;
    //! The identities changed (learned at sign-in, a name or picture changed).
    Q_SIGNAL void identitiesChanged(const QList<tributary::Identity>& identities);

protected:
    //! Reports the identities; emits identitiesChanged() when they differ from before. When
    //! none is marked default the first becomes it; when several are, the first of them.
    void setIdentities(QList<Identity> identities);

private:
    QList<Identity> m_identities;
    // --- end of identities -----------------------------------------------------------------
};

template <typename T>
QFuture<Result<T>> Provider::failed(ProviderError error) {
    return readyResult<T>(std::move(error));
}

} // namespace tributary

Q_DECLARE_METATYPE(tributary::ConnectionStatus)
