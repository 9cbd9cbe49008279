#pragma once

// The normalized model shared by every provider (after the Unified.to messaging
// model). All types are plain values built from implicitly shared Qt containers,
// so copying one is a handful of reference-count increments.

#include <QColor>
#include <QDateTime>
#include <QFlags>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace tributary {

//! An account: one provider login. Secrets never live here (they are in the keychain).
struct Account {
    QString id;         //!< local, stable, chosen at creation (e.g. "work-imap")
    QString providerId; //!< "imap", "slack", ...
    QString displayName;
    QColor colour;
    //! Non-secret settings (host, port, user name, security, client id ...).
    QVariantMap settings;

    bool operator==(const Account&) const = default;
};

enum class ChannelKind { Folder, Label, ChatChannel, DirectMessage, GroupMessage, SupportInbox };
//! The special-use role of a folder (RFC 6154) or its equivalent elsewhere.
enum class ChannelRole { None, Inbox, Sent, Drafts, Trash, Junk, Archive, All, Flagged };

//! Where messages live: an email folder or label, a chat channel, a DM, a support inbox.
struct Channel {
    QString id; //!< global id (IdKind::Channel)
    QString accountId;
    QString nativeId; //!< folder path, label id, channel id
    QString name;     //!< display name (last path component for folders)
    QString parentId; //!< global id of the parent folder, if any
    ChannelKind kind = ChannelKind::Folder;
    ChannelRole role = ChannelRole::None;
    bool shared = false;    //!< visible to a team (public namespace, shared inbox)
    bool selectable = true; //!< false for \Noselect folder containers
    int unreadCount = -1;   //!< -1 = unknown
    int totalCount = -1;    //!< -1 = unknown

    bool operator==(const Channel&) const = default;
};

//! A person or bot as a provider knows them.
struct Participant {
    QString address;     //!< email address or provider handle (Slack user id)
    QString displayName; //!< may be empty
    QString providerId;  //!< provider-specific identity, if different from address

    bool isEmpty() const { return address.isEmpty() && displayName.isEmpty(); }
    //! The name to paint: display name, else the address.
    QString label() const { return displayName.isEmpty() ? address : displayName; }
    bool operator==(const Participant&) const = default;
};

//! The author of a message as a person reads it: label(), or "(no sender)" for mail that has
//! none (bounces come from the null sender "<>"; some robots send no From at all).
QString senderLabel(const Participant& author);

//! Attachment metadata; the bytes are fetched on demand through the provider.
struct Attachment {
    QString id;       //!< provider-scoped id (IMAP part specifier, Slack file id)
    QString fileName; //!< the name the sender gave it; may be empty (see displayFileName())
    QString mimeType;
    qint64 size = -1;
    QString contentId; //!< for inline cid: parts
    bool isInline = false;

    //! The name to show and to save under: the sender's file name, or one made from the
    //! type when it has none ("attachment.pdf", "message.eml"). Never empty.
    QString displayFileName() const;
    bool operator==(const Attachment&) const = default;
};

//! The name an attachment without one gets from its MIME type: "attachment.<suffix>" (the
//! shared MIME database's preferred suffix), "message.eml" for mail, else "attachment".
QString defaultAttachmentName(const QString& mimeType);

enum class MessageFlag {
    NoFlags = 0,
    Read = 1 << 0,
    Flagged = 1 << 1,
    Answered = 1 << 2,
    Draft = 1 << 3,
    Deleted = 1 << 4,
    Forwarded = 1 << 5,
    FromMe = 1 << 6, //!< written by the account's own user (what "edit / delete my message" needs)
    // -- chat threads (issue 13 §4, chatrows) --
    //! A reply in a chat thread (Slack thread_ts) that the channel's transcript does not show:
    //! it is read in its thread, opened from the parent message. A reply also sent to the
    //! channel (Slack's "also send to channel") does not carry it. A flag, not a field, so the
    //! view-state cache keeps it with the other flags.
    ThreadReply = 1 << 7,
};
Q_DECLARE_FLAGS(MessageFlags, MessageFlag)
Q_DECLARE_OPERATORS_FOR_FLAGS(MessageFlags)

struct Reaction {
    QString emoji; //!< shortcode or character
    QStringList authors;

    bool operator==(const Reaction&) const = default;
};

enum class ConversationKind { Email, Chat };

//! One message. Envelope fields are always present; text/html only after a body fetch.
struct Message {
    QString id; //!< global id (IdKind::Message)
    QString accountId;
    QString channelId;
    QString threadId; //!< assigned by the threading engine or the provider
    QString nativeId; //!< provider id (IMAP "<uidvalidity>/<uid>", Slack ts)
    ConversationKind kind = ConversationKind::Email;

    // Email threading headers (empty for chat).
    QString messageIdHeader; //!< without angle brackets
    QString inReplyTo;       //!< without angle brackets
    QStringList references;  //!< oldest first, without angle brackets
    //! A provider's own thread key (Gmail threadId); wins over headers. Chat: the chat thread
    //! (sub-conversation) the message is in, shared by a thread's parent and its replies
    //! (Slack "<channel>/<thread_ts>"); the conversation itself is the channel.
    QString nativeThreadKey;

    Participant author;
    QList<Participant> to;
    QList<Participant> cc;
    QList<Participant> bcc;
    QList<Participant> replyTo;

    QDateTime sentAt;
    QDateTime receivedAt;
    QString subject;
    QString snippet; //!< at most kSnippetLength characters of plain text

    bool bodyLoaded = false;
    QString text;
    QString html;
    QList<Attachment> attachments;
    bool hasAttachments = false;
    qint64 size = -1;

    MessageFlags flags;
    QList<Reaction> reactions;
    QVariantMap extras; //!< provider-specific, non-secret

    static constexpr int kSnippetLength = 200;

    bool isRead() const { return flags.testFlag(MessageFlag::Read); }
    //! The activity time used for sorting: received, else sent.
    QDateTime activityAt() const { return receivedAt.isValid() ? receivedAt : sentAt; }
    bool operator==(const Message&) const = default;
};

//! A conversation across folders, channels and accounts.
struct Thread {
    QString id; //!< global id (IdKind::Thread)
    ConversationKind kind = ConversationKind::Email;
    QString subject;
    QStringList messageIds; //!< oldest first
    QStringList accountIds;
    QStringList channelIds;
    QList<Participant> participants;
    //! To and Cc of the newest message: who a thread of the user's own (Sent, Drafts) went to.
    QList<Participant> recipients;
    QDateTime latestActivity;
    QString snippet; //!< of the newest message
    int messageCount = 0;
    int unreadCount = 0;
    bool flagged = false;
    bool hasAttachments = false;

    bool operator==(const Thread&) const = default;
};

enum class EventKind {
    Created,
    Updated,
    Deleted,
    ReadChanged,
    Reaction,
    Typing,
    AssignmentChanged,
    ChannelsChanged,
    //! Something in `channelId` changed on the server that the event does not describe
    //! (an IMAP IDLE "EXISTS"): the receiver asks Provider::syncChanges for the details.
    ChannelChanged,
    // ---- Team triage (issue 13 §3); AssignmentChanged above is one of them. Each carries
    // the conversation (conversationIdOf) in Event::threadId; see triageEvent() below.
    StatusChanged, //!< open / waiting (snoozed until) / closed
    NoteAdded,     //!< an internal note, for the open conversation (never cached)
};

//! A live update. Everything that changes after the first load reaches the UI as events.
struct Event {
    EventKind kind = EventKind::Updated;
    QString accountId;
    QString channelId;
    QString threadId;
    QStringList messageIds;
    //! Created/Updated carry the new envelopes; ReadChanged carries flags only.
    QList<Message> messages;
    QVariantMap payload; //!< e.g. {"typing": "U123"}, {"assignee": "..."}

    bool operator==(const Event&) const = default;
};

//! Builds a snippet: whitespace collapsed, at most Message::kSnippetLength characters.
QString makeSnippet(const QString& text);

// --- Identities (issue 13 §1) --------------------------------------------------------------
//! Someone the signed-in user is at a provider: an address or alias to send mail as, or the
//! chat user. Provider::identities() reports them; the composer's From list, reply-all's
//! self-exclusion and MessageFlag::FromMe (set by the provider on messages whose author is
//! one of its identities) all come from them, never from a provider's settings.
struct Identity {
    //! An email address, or for chat the provider's user id: what Participant::address
    //! holds for that provider's authors (Slack "U0ALICE001").
    QString address;
    QString displayName; //!< "Alice Adams"; may be empty
    //! New messages go out from this one; a provider marks exactly one of its identities.
    bool isDefault = false;
    QString avatarUrl;     //!< the user's picture (https), where the provider has one
    QByteArray avatarData; //!< the picture itself, for providers that hand out bytes, not a URL

    //! As the author or sender of a message.
    Participant participant() const { return Participant{address, displayName, {}}; }
    //! Whether `person` is this identity. Addresses compare case-insensitively, as mail
    //! servers deliver them (and as replies have always compared them).
    bool matches(const Participant& person) const;
    bool operator==(const Identity&) const = default;
};

//! The identity among `identities` that `person` is, or null.
const Identity* findIdentity(const QList<Identity>& identities, const Participant& person);
// --- end of identities ---------------------------------------------------------------------

// ---- Team triage (issue 13 §3): assignee, status, snooze, internal notes ---------------
// Triage state lives at the provider (Intercom/Freshdesk fields, later IMAP keywords or
// Gmail labels): there is no Tributary server. A conversation is named by
// conversationIdOf() of any of its messages.

//! Who a conversation is assigned to: a teammate or a team (an inbox, a group).
struct Assignee {
    enum class Kind { Person, Team };
    Kind kind = Kind::Person;
    QString id;   //!< the provider's id of the person or team; empty = nobody
    QString name; //!< as people know them ("Ann Lee", "Billing")
    //! The signed-in user (what "Assigned to me" means at this account).
    bool isSelf = false;

    bool isEmpty() const { return id.isEmpty(); }
    QString label() const { return name.isEmpty() ? id : name; }
    bool operator==(const Assignee&) const = default;
};

//! Where a conversation stands. Waiting with a snooze time is "snoozed until"; the provider
//! reopens it then (and says so with a StatusChanged event).
enum class TriageStatus { None, Open, Waiting, Closed };

//! The triage state of one conversation.
struct ConversationTriage {
    QString conversationId;
    Assignee assignee; //!< empty = unassigned
    TriageStatus status = TriageStatus::None;
    QDateTime snoozeUntil; //!< with Waiting: when it comes back; invalid = not snoozed

    bool operator==(const ConversationTriage&) const = default;
};

//! A note the team writes on a conversation. It never reaches the customer, and it is a
//! body: fetched on demand, held in memory, never written to the local cache.
struct InternalNote {
    QString id;
    QString conversationId;
    Participant author;
    QDateTime createdAt;
    QString text;

    bool operator==(const InternalNote&) const = default;
};

//! The triage conversation a message belongs to: the provider's own conversation
//! (Message::nativeThreadKey, an Intercom conversation or a Freshdesk ticket) as a global
//! thread id of the message's account; empty for a message without one.
QString conversationIdOf(const Message& message);
//! "open", "waiting", "closed" (and "" for None): how statuses travel in events and the cache.
QString triageStatusKey(TriageStatus status);
TriageStatus triageStatusFromKey(const QString& key);
//! An AssignmentChanged or StatusChanged event for `triage` (the assignee or the status
//! part of it), or a NoteAdded event for `note`.
Event triageEvent(EventKind kind, const QString& accountId, const ConversationTriage& triage);
Event noteEvent(const QString& accountId, const InternalNote& note);
//! What an AssignmentChanged / StatusChanged event says (the other half left default).
ConversationTriage triageOf(const Event& event);
InternalNote noteOf(const Event& event);

} // namespace tributary

Q_DECLARE_METATYPE(tributary::Account)
Q_DECLARE_METATYPE(tributary::Channel)
Q_DECLARE_METATYPE(tributary::Message)
Q_DECLARE_METATYPE(tributary::Thread)
Q_DECLARE_METATYPE(tributary::Event)
// Team triage (issue 13 §3)
Q_DECLARE_METATYPE(tributary::Assignee)
Q_DECLARE_METATYPE(tributary::ConversationTriage)
Q_DECLARE_METATYPE(tributary::InternalNote)
