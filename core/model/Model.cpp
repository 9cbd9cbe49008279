#include "model/Model.h"

#include <QCoreApplication>
#include <QMimeDatabase>

namespace tributary {

QString senderLabel(const Participant& author) {
    const QString label = author.label().trimmed();
    return label.isEmpty() ? QCoreApplication::translate("tributary", "(no sender)") : author.label();
}

QString defaultAttachmentName(const QString& mimeType) {
    const QString type = mimeType.trimmed().toLower();
    if (type == QLatin1String("message/rfc822") || type == QLatin1String("message/global"))
        return QStringLiteral("message.eml");
    // Where the database's first glob is not the one people know.
    if (type == QLatin1String("text/calendar"))
        return QStringLiteral("attachment.ics");
    if (type == QLatin1String("text/vcard") || type == QLatin1String("text/x-vcard"))
        return QStringLiteral("attachment.vcf");
    const QString suffix =
        type.isEmpty() ? QString() : QMimeDatabase().mimeTypeForName(type).preferredSuffix();
    return suffix.isEmpty() ? QStringLiteral("attachment") : QStringLiteral("attachment.") + suffix;
}

QString Attachment::displayFileName() const {
    return fileName.trimmed().isEmpty() ? defaultAttachmentName(mimeType) : fileName;
}

QString makeSnippet(const QString& text) {
    QString s = text.simplified();
    if (s.size() > Message::kSnippetLength) {
        s.truncate(Message::kSnippetLength);
        // Never leave half a surrogate pair at the cut.
        if (!s.isEmpty() && s.back().isHighSurrogate())
            s.chop(1);
    }
    return s;
}

// --- Identities (issue 13 §1) --------------------------------------------------------------

bool Identity::matches(const Participant& person) const {
    const QString mine = address.trimmed();
    return !mine.isEmpty() && mine.compare(person.address.trimmed(), Qt::CaseInsensitive) == 0;
}

const Identity* findIdentity(const QList<Identity>& identities, const Participant& person) {
    for (const Identity& identity : identities) {
        if (identity.matches(person))
            return &identity;
    }
    return nullptr;
}
// --- end of identities ---------------------------------------------------------------------

} // namespace tributary
