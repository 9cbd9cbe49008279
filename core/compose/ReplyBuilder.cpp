#include "compose/ReplyBuilder.h"

#include "compose/HeaderSafety.h"
#include "model/Addresses.h"

#include <QLocale>
#include <QRegularExpression>
#include <QSet>

namespace tributary {

namespace {

//! Adds people not seen yet (addresses compared case-insensitively) and not the user.
void addNew(QList<Participant>& into, const QList<Participant>& people, QSet<QString>& seen) {
    for (const Participant& p : people) {
        const QString key = p.address.trimmed().toLower();
        if (key.isEmpty() || seen.contains(key))
            continue;
        seen.insert(key);
        Participant copy = p;
        copy.displayName = singleLine(p.displayName); // from a received header: one line
        into.append(copy);
    }
}

QString quoted(const Message& original) {
    const QString who =
        original.author.displayName.isEmpty() ? original.author.address : original.author.displayName;
    const QDateTime when = (original.sentAt.isValid() ? original.sentAt : original.receivedAt).toLocalTime();
    QString out = QObject::tr("On %1, %2 wrote:").arg(QLocale().toString(when, QLocale::LongFormat), who);
    out += QLatin1Char('\n');
    const QStringList lines = original.text.split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        // "> " for text, ">" before an existing quote so levels stay readable.
        out += line.startsWith(QLatin1Char('>')) ? QStringLiteral(">") + line : QStringLiteral("> ") + line;
        out += QLatin1Char('\n');
    }
    return out;
}

QString forwardedHeader(const Message& original) {
    QString out = QObject::tr("---------- Forwarded message ----------") + QLatin1Char('\n');
    out += QObject::tr("From: %1").arg(formatAddress(original.author)) + QLatin1Char('\n');
    const QDateTime when = original.sentAt.isValid() ? original.sentAt : original.receivedAt;
    if (when.isValid())
        out += QObject::tr("Date: %1").arg(QLocale().toString(when.toLocalTime(), QLocale::LongFormat)) +
               QLatin1Char('\n');
    out += QObject::tr("Subject: %1").arg(original.subject) + QLatin1Char('\n');
    if (!original.to.isEmpty())
        out += QObject::tr("To: %1").arg(formatAddressList(original.to)) + QLatin1Char('\n');
    if (!original.cc.isEmpty())
        out += QObject::tr("Cc: %1").arg(formatAddressList(original.cc)) + QLatin1Char('\n');
    return out;
}

} // namespace

QString replySubject(const QString& original) {
    const QString subject = singleLine(original);
    // English, German, Scandinavian, Dutch, Finnish, Polish, Turkish reply prefixes. A
    // forward ("Fwd: x") is answered as "Re: Fwd: x", as other clients do.
    static const QRegularExpression reply(QStringLiteral("^\\s*(re|aw|sv|antw|vs|odp|ynt)(\\[\\d+\\])?\\s*:"),
                                          QRegularExpression::CaseInsensitiveOption);
    return reply.match(subject).hasMatch() ? subject : QStringLiteral("Re: ") + subject;
}

QString forwardSubject(const QString& original) {
    const QString subject = singleLine(original);
    static const QRegularExpression forwarded(QStringLiteral("^\\s*(fwd?|wg|tr|vb|i)\\s*:"),
                                              QRegularExpression::CaseInsensitiveOption);
    return forwarded.match(subject).hasMatch() ? subject : QStringLiteral("Fwd: ") + subject;
}

ReplyDraft startReply(const Message& original, SendKind kind, const QStringList& ownAddresses) {
    ReplyDraft draft;
    OutgoingMessage& m = draft.message;
    m.kind = kind;
    m.inReplyToId = original.id;
    m.channelId = original.kind == ConversationKind::Chat ? original.channelId : QString();
    if (kind == SendKind::Forward) {
        m.subject = forwardSubject(original.subject);
        m.text = QStringLiteral("\n\n") + forwardedHeader(original) + QLatin1Char('\n') + original.text;
        for (const Attachment& a : original.attachments) {
            if (!a.isInline)
                draft.forwardedAttachments.append(a);
        }
        return draft; // a forward starts a new thread for its recipients: no threading headers
    }

    QSet<QString> seen;
    for (const QString& own : ownAddresses)
        seen.insert(own.trimmed().toLower());
    const bool fromMe = seen.contains(original.author.address.trimmed().toLower());
    // Replying to one's own message goes to its recipients, as every mail client does.
    const QList<Participant> primary =
        fromMe ? original.to
               : (original.replyTo.isEmpty() ? QList<Participant>{original.author} : original.replyTo);
    addNew(m.to, primary, seen);
    if (kind == SendKind::ReplyAll) {
        addNew(m.to, original.to, seen);
        addNew(m.cc, original.cc, seen);
    }
    if (m.to.isEmpty() && !primary.isEmpty())
        m.to.append(primary.first()); // a note to self stays one

    m.subject = replySubject(original.subject);
    m.inReplyToHeader = original.messageIdHeader;
    m.referencesHeader = original.references;
    if (!original.messageIdHeader.isEmpty())
        m.referencesHeader.append(original.messageIdHeader);
    m.text = QStringLiteral("\n\n") + quoted(original);
    return draft;
}

ReplyDraft startReply(const Message& original, SendKind kind, const QList<Identity>& own) {
    QStringList addresses;
    for (const Identity& identity : own)
        addresses.append(identity.address);
    return startReply(original, kind, addresses);
}

Identity replyIdentity(const Message& original, const QList<Identity>& accountIdentities) {
    for (const QList<Participant>* people : {&original.to, &original.cc, &original.bcc}) {
        for (const Participant& p : *people) {
            if (const Identity* identity = findIdentity(accountIdentities, p))
                return *identity;
        }
    }
    if (const Identity* author = findIdentity(accountIdentities, original.author))
        return *author;
    for (const Identity& identity : accountIdentities) {
        if (identity.isDefault)
            return identity;
    }
    return accountIdentities.isEmpty() ? Identity{} : accountIdentities.first();
}

} // namespace tributary
