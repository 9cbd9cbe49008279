#include "model/Json.h"

#include <QJsonArray>
#include <array>
#include <utility>

namespace tributary::json {

namespace {

template <typename E, std::size_t N>
QString nameOf(const std::array<std::pair<E, const char*>, N>& table, E value) {
    for (const auto& [e, name] : table) {
        if (e == value)
            return QString::fromLatin1(name);
    }
    return QString::fromLatin1(table[0].second);
}

template <typename E, std::size_t N>
E valueOf(const std::array<std::pair<E, const char*>, N>& table, const QString& name) {
    for (const auto& [e, n] : table) {
        if (name == QLatin1String(n))
            return e;
    }
    return table[0].first;
}

constexpr std::array<std::pair<ChannelRole, const char*>, 9> kRoles{{
    {ChannelRole::None, "none"},
    {ChannelRole::Inbox, "inbox"},
    {ChannelRole::Sent, "sent"},
    {ChannelRole::Drafts, "drafts"},
    {ChannelRole::Trash, "trash"},
    {ChannelRole::Junk, "junk"},
    {ChannelRole::Archive, "archive"},
    {ChannelRole::All, "all"},
    {ChannelRole::Flagged, "flagged"},
}};

constexpr std::array<std::pair<ChannelKind, const char*>, 6> kKinds{{
    {ChannelKind::Folder, "folder"},
    {ChannelKind::Label, "label"},
    {ChannelKind::ChatChannel, "chat"},
    {ChannelKind::DirectMessage, "dm"},
    {ChannelKind::GroupMessage, "group"},
    {ChannelKind::SupportInbox, "support"},
}};

constexpr std::array<std::pair<MessageFlag, const char*>, 8> kFlags{{
    {MessageFlag::Read, "read"},
    {MessageFlag::Flagged, "flagged"},
    {MessageFlag::Answered, "answered"},
    {MessageFlag::Draft, "draft"},
    {MessageFlag::Deleted, "deleted"},
    {MessageFlag::Forwarded, "forwarded"},
    {MessageFlag::FromMe, "fromMe"},
    {MessageFlag::ThreadReply, "threadReply"},
}};

constexpr std::array<std::pair<EventKind, const char*>, 11> kEvents{{
    {EventKind::Created, "created"},
    {EventKind::Updated, "updated"},
    {EventKind::Deleted, "deleted"},
    {EventKind::ReadChanged, "read-changed"},
    {EventKind::Reaction, "reaction"},
    {EventKind::Typing, "typing"},
    {EventKind::AssignmentChanged, "assignment-changed"},
    {EventKind::ChannelsChanged, "channels-changed"},
    {EventKind::ChannelChanged, "channel-changed"},
    {EventKind::StatusChanged, "status-changed"},
    {EventKind::NoteAdded, "note-added"},
}};

QString dateToString(const QDateTime& d) {
    return d.isValid() ? d.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime dateFromString(const QString& s) {
    return s.isEmpty() ? QDateTime() : QDateTime::fromString(s, Qt::ISODateWithMs);
}

QJsonArray toArray(const QList<Participant>& list) {
    QJsonArray a;
    for (const auto& p : list)
        a.append(toJson(p));
    return a;
}

QList<Participant> participantsFrom(const QJsonValue& v) {
    QList<Participant> list;
    for (const auto& e : v.toArray())
        list.append(participantFromJson(e.toObject()));
    return list;
}

QStringList stringsFrom(const QJsonValue& v) {
    QStringList list;
    for (const auto& e : v.toArray())
        list.append(e.toString());
    return list;
}

} // namespace

QString toString(ChannelRole role) {
    return nameOf(kRoles, role);
}
ChannelRole channelRoleFromString(const QString& s) {
    return valueOf(kRoles, s);
}
QString toString(ChannelKind kind) {
    return nameOf(kKinds, kind);
}
ChannelKind channelKindFromString(const QString& s) {
    return valueOf(kKinds, s);
}

QStringList flagNames(MessageFlags flags) {
    QStringList names;
    for (const auto& [flag, name] : kFlags) {
        if (flags.testFlag(flag))
            names.append(QString::fromLatin1(name));
    }
    return names;
}

MessageFlags flagsFromNames(const QStringList& names) {
    MessageFlags flags;
    for (const auto& [flag, name] : kFlags) {
        if (names.contains(QLatin1String(name)))
            flags |= flag;
    }
    return flags;
}

QJsonObject toJson(const Account& v) {
    return {{QStringLiteral("id"), v.id},
            {QStringLiteral("provider"), v.providerId},
            {QStringLiteral("displayName"), v.displayName},
            {QStringLiteral("colour"), v.colour.isValid() ? v.colour.name() : QString()},
            {QStringLiteral("settings"), QJsonObject::fromVariantMap(v.settings)}};
}

Account accountFromJson(const QJsonObject& o) {
    Account a;
    a.id = o.value(QStringLiteral("id")).toString();
    a.providerId = o.value(QStringLiteral("provider")).toString();
    a.displayName = o.value(QStringLiteral("displayName")).toString();
    const QString colour = o.value(QStringLiteral("colour")).toString();
    if (!colour.isEmpty())
        a.colour = QColor(colour);
    a.settings = o.value(QStringLiteral("settings")).toObject().toVariantMap();
    return a;
}

QJsonObject toJson(const Channel& v) {
    return {{QStringLiteral("id"), v.id},
            {QStringLiteral("accountId"), v.accountId},
            {QStringLiteral("nativeId"), v.nativeId},
            {QStringLiteral("name"), v.name},
            {QStringLiteral("parentId"), v.parentId},
            {QStringLiteral("kind"), toString(v.kind)},
            {QStringLiteral("role"), toString(v.role)},
            {QStringLiteral("shared"), v.shared},
            {QStringLiteral("selectable"), v.selectable},
            {QStringLiteral("unread"), v.unreadCount},
            {QStringLiteral("total"), v.totalCount}};
}

Channel channelFromJson(const QJsonObject& o) {
    Channel c;
    c.id = o.value(QStringLiteral("id")).toString();
    c.accountId = o.value(QStringLiteral("accountId")).toString();
    c.nativeId = o.value(QStringLiteral("nativeId")).toString();
    c.name = o.value(QStringLiteral("name")).toString();
    c.parentId = o.value(QStringLiteral("parentId")).toString();
    c.kind = channelKindFromString(o.value(QStringLiteral("kind")).toString());
    c.role = channelRoleFromString(o.value(QStringLiteral("role")).toString());
    c.shared = o.value(QStringLiteral("shared")).toBool();
    c.selectable = o.value(QStringLiteral("selectable")).toBool(true);
    c.unreadCount = o.value(QStringLiteral("unread")).toInt(-1);
    c.totalCount = o.value(QStringLiteral("total")).toInt(-1);
    return c;
}

QJsonObject toJson(const Participant& v) {
    QJsonObject o{{QStringLiteral("address"), v.address}, {QStringLiteral("name"), v.displayName}};
    if (!v.providerId.isEmpty())
        o.insert(QStringLiteral("providerId"), v.providerId);
    return o;
}

Participant participantFromJson(const QJsonObject& o) {
    return Participant{o.value(QStringLiteral("address")).toString(),
                       o.value(QStringLiteral("name")).toString(),
                       o.value(QStringLiteral("providerId")).toString()};
}

QJsonObject toJson(const Attachment& v) {
    return {{QStringLiteral("id"), v.id},
            {QStringLiteral("fileName"), v.fileName},
            {QStringLiteral("mimeType"), v.mimeType},
            {QStringLiteral("size"), v.size},
            {QStringLiteral("contentId"), v.contentId},
            {QStringLiteral("inline"), v.isInline}};
}

Attachment attachmentFromJson(const QJsonObject& o) {
    Attachment a;
    a.id = o.value(QStringLiteral("id")).toString();
    a.fileName = o.value(QStringLiteral("fileName")).toString();
    a.mimeType = o.value(QStringLiteral("mimeType")).toString();
    a.size = o.value(QStringLiteral("size")).toInteger(-1);
    a.contentId = o.value(QStringLiteral("contentId")).toString();
    a.isInline = o.value(QStringLiteral("inline")).toBool();
    return a;
}

QJsonObject toJson(const Message& v) {
    QJsonArray attachments;
    for (const auto& a : v.attachments)
        attachments.append(toJson(a));
    QJsonArray reactions;
    for (const auto& r : v.reactions)
        reactions.append(QJsonObject{{QStringLiteral("emoji"), r.emoji},
                                     {QStringLiteral("authors"), QJsonArray::fromStringList(r.authors)}});
    return {{QStringLiteral("id"), v.id},
            {QStringLiteral("accountId"), v.accountId},
            {QStringLiteral("channelId"), v.channelId},
            {QStringLiteral("threadId"), v.threadId},
            {QStringLiteral("nativeId"), v.nativeId},
            {QStringLiteral("kind"),
             v.kind == ConversationKind::Chat ? QStringLiteral("chat") : QStringLiteral("email")},
            {QStringLiteral("messageIdHeader"), v.messageIdHeader},
            {QStringLiteral("inReplyTo"), v.inReplyTo},
            {QStringLiteral("references"), QJsonArray::fromStringList(v.references)},
            {QStringLiteral("nativeThreadKey"), v.nativeThreadKey},
            {QStringLiteral("from"), toJson(v.author)},
            {QStringLiteral("to"), toArray(v.to)},
            {QStringLiteral("cc"), toArray(v.cc)},
            {QStringLiteral("bcc"), toArray(v.bcc)},
            {QStringLiteral("replyTo"), toArray(v.replyTo)},
            {QStringLiteral("sentAt"), dateToString(v.sentAt)},
            {QStringLiteral("receivedAt"), dateToString(v.receivedAt)},
            {QStringLiteral("subject"), v.subject},
            {QStringLiteral("snippet"), v.snippet},
            {QStringLiteral("bodyLoaded"), v.bodyLoaded},
            {QStringLiteral("text"), v.text},
            {QStringLiteral("html"), v.html},
            {QStringLiteral("attachments"), attachments},
            {QStringLiteral("hasAttachments"), v.hasAttachments},
            {QStringLiteral("size"), v.size},
            {QStringLiteral("flags"), QJsonArray::fromStringList(flagNames(v.flags))},
            {QStringLiteral("reactions"), reactions},
            {QStringLiteral("extras"), QJsonObject::fromVariantMap(v.extras)}};
}

Message messageFromJson(const QJsonObject& o) {
    Message m;
    m.id = o.value(QStringLiteral("id")).toString();
    m.accountId = o.value(QStringLiteral("accountId")).toString();
    m.channelId = o.value(QStringLiteral("channelId")).toString();
    m.threadId = o.value(QStringLiteral("threadId")).toString();
    m.nativeId = o.value(QStringLiteral("nativeId")).toString();
    m.kind = o.value(QStringLiteral("kind")).toString() == QStringLiteral("chat") ? ConversationKind::Chat
                                                                                  : ConversationKind::Email;
    m.messageIdHeader = o.value(QStringLiteral("messageIdHeader")).toString();
    m.inReplyTo = o.value(QStringLiteral("inReplyTo")).toString();
    m.references = stringsFrom(o.value(QStringLiteral("references")));
    m.nativeThreadKey = o.value(QStringLiteral("nativeThreadKey")).toString();
    m.author = participantFromJson(o.value(QStringLiteral("from")).toObject());
    m.to = participantsFrom(o.value(QStringLiteral("to")));
    m.cc = participantsFrom(o.value(QStringLiteral("cc")));
    m.bcc = participantsFrom(o.value(QStringLiteral("bcc")));
    m.replyTo = participantsFrom(o.value(QStringLiteral("replyTo")));
    m.sentAt = dateFromString(o.value(QStringLiteral("sentAt")).toString());
    m.receivedAt = dateFromString(o.value(QStringLiteral("receivedAt")).toString());
    m.subject = o.value(QStringLiteral("subject")).toString();
    m.snippet = o.value(QStringLiteral("snippet")).toString();
    m.bodyLoaded = o.value(QStringLiteral("bodyLoaded")).toBool();
    m.text = o.value(QStringLiteral("text")).toString();
    m.html = o.value(QStringLiteral("html")).toString();
    for (const auto& a : o.value(QStringLiteral("attachments")).toArray())
        m.attachments.append(attachmentFromJson(a.toObject()));
    m.hasAttachments = o.value(QStringLiteral("hasAttachments")).toBool();
    m.size = o.value(QStringLiteral("size")).toInteger(-1);
    m.flags = flagsFromNames(stringsFrom(o.value(QStringLiteral("flags"))));
    for (const auto& r : o.value(QStringLiteral("reactions")).toArray()) {
        const QJsonObject ro = r.toObject();
        m.reactions.append(Reaction{ro.value(QStringLiteral("emoji")).toString(),
                                    stringsFrom(ro.value(QStringLiteral("authors")))});
    }
    m.extras = o.value(QStringLiteral("extras")).toObject().toVariantMap();
    return m;
}

QJsonObject toJson(const Thread& v) {
    return {{QStringLiteral("id"), v.id},
            {QStringLiteral("kind"),
             v.kind == ConversationKind::Chat ? QStringLiteral("chat") : QStringLiteral("email")},
            {QStringLiteral("subject"), v.subject},
            {QStringLiteral("messageIds"), QJsonArray::fromStringList(v.messageIds)},
            {QStringLiteral("accountIds"), QJsonArray::fromStringList(v.accountIds)},
            {QStringLiteral("channelIds"), QJsonArray::fromStringList(v.channelIds)},
            {QStringLiteral("participants"), toArray(v.participants)},
            {QStringLiteral("latestActivity"), dateToString(v.latestActivity)},
            {QStringLiteral("snippet"), v.snippet},
            {QStringLiteral("messageCount"), v.messageCount},
            {QStringLiteral("unreadCount"), v.unreadCount},
            {QStringLiteral("flagged"), v.flagged},
            {QStringLiteral("hasAttachments"), v.hasAttachments}};
}

Thread threadFromJson(const QJsonObject& o) {
    Thread t;
    t.id = o.value(QStringLiteral("id")).toString();
    t.kind = o.value(QStringLiteral("kind")).toString() == QStringLiteral("chat") ? ConversationKind::Chat
                                                                                  : ConversationKind::Email;
    t.subject = o.value(QStringLiteral("subject")).toString();
    t.messageIds = stringsFrom(o.value(QStringLiteral("messageIds")));
    t.accountIds = stringsFrom(o.value(QStringLiteral("accountIds")));
    t.channelIds = stringsFrom(o.value(QStringLiteral("channelIds")));
    t.participants = participantsFrom(o.value(QStringLiteral("participants")));
    t.latestActivity = dateFromString(o.value(QStringLiteral("latestActivity")).toString());
    t.snippet = o.value(QStringLiteral("snippet")).toString();
    t.messageCount = o.value(QStringLiteral("messageCount")).toInt();
    t.unreadCount = o.value(QStringLiteral("unreadCount")).toInt();
    t.flagged = o.value(QStringLiteral("flagged")).toBool();
    t.hasAttachments = o.value(QStringLiteral("hasAttachments")).toBool();
    return t;
}

QJsonObject toJson(const Event& v) {
    QJsonArray messages;
    for (const auto& m : v.messages)
        messages.append(toJson(m));
    return {{QStringLiteral("kind"), nameOf(kEvents, v.kind)},
            {QStringLiteral("accountId"), v.accountId},
            {QStringLiteral("channelId"), v.channelId},
            {QStringLiteral("threadId"), v.threadId},
            {QStringLiteral("messageIds"), QJsonArray::fromStringList(v.messageIds)},
            {QStringLiteral("messages"), messages},
            {QStringLiteral("payload"), QJsonObject::fromVariantMap(v.payload)}};
}

Event eventFromJson(const QJsonObject& o) {
    Event e;
    e.kind = valueOf(kEvents, o.value(QStringLiteral("kind")).toString());
    e.accountId = o.value(QStringLiteral("accountId")).toString();
    e.channelId = o.value(QStringLiteral("channelId")).toString();
    e.threadId = o.value(QStringLiteral("threadId")).toString();
    e.messageIds = stringsFrom(o.value(QStringLiteral("messageIds")));
    for (const auto& m : o.value(QStringLiteral("messages")).toArray())
        e.messages.append(messageFromJson(m.toObject()));
    e.payload = o.value(QStringLiteral("payload")).toObject().toVariantMap();
    return e;
}

} // namespace tributary::json
