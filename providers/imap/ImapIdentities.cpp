#include "imap/ImapIdentities.h"

#include "accounts/ServerPresets.h"
#include "imap/ImapSettings.h"

#include <QObject>
#include <algorithm>
#include <optional>

namespace tributary::imap {

namespace {

//! Splits at commas and line breaks outside quotes and angle brackets, so a quoted name
//! may hold a comma ("Doe, Jane" <jane@example.com>).
QStringList splitMailboxes(const QString& text) {
    QStringList out;
    QString current;
    bool quoted = false;
    bool angled = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\\') && quoted && i + 1 < text.size()) {
            current += c;
            current += text.at(++i);
            continue;
        }
        if (c == QLatin1Char('"') && !angled)
            quoted = !quoted;
        else if (c == QLatin1Char('<') && !quoted)
            angled = true;
        else if (c == QLatin1Char('>') && !quoted)
            angled = false;
        if (!quoted && !angled &&
            (c == QLatin1Char(',') || c == QLatin1Char('\n') || c == QLatin1Char(';'))) {
            out.append(current);
            current.clear();
            continue;
        }
        current += c;
    }
    out.append(current);
    return out;
}

//! "Name <address>", "\"Name\" <address>" or "address".
std::optional<Participant> parseMailbox(const QString& text) {
    const QString entry = text.trimmed();
    Participant p;
    const qsizetype open = entry.lastIndexOf(QLatin1Char('<'));
    if (open >= 0 && entry.endsWith(QLatin1Char('>'))) {
        p.address = entry.mid(open + 1, entry.size() - open - 2).trimmed();
        QString name = entry.left(open).trimmed();
        if (name.size() >= 2 && name.startsWith(QLatin1Char('"')) && name.endsWith(QLatin1Char('"'))) {
            name = name.mid(1, name.size() - 2);
            name.replace(QStringLiteral("\\\""), QStringLiteral("\""));
            name.replace(QStringLiteral("\\\\"), QStringLiteral("\\"));
        }
        p.displayName = name.simplified();
    } else {
        p.address = entry;
    }
    if (!ServerPresets::looksLikeEmailAddress(p.address))
        return std::nullopt;
    return p;
}

} // namespace

Result<QList<Participant>> parseAliases(const QVariant& value) {
    // The mailbox syntax is small enough to read here; vmime's parser would take the
    // typed UTF-8 names for us-ascii and is built for encoded headers, not for a form field.
    const QStringList entries =
        value.typeId() == QMetaType::QStringList || value.typeId() == QMetaType::QVariantList
            ? value.toStringList()
            : QStringList{value.toString()};
    QList<Participant> aliases;
    for (const QString& entry : entries) {
        for (const QString& mailbox : splitMailboxes(entry)) {
            if (mailbox.trimmed().isEmpty())
                continue;
            const std::optional<Participant> alias = parseMailbox(mailbox);
            if (!alias) {
                return ProviderError::invalid(
                    QObject::tr("\u201c%1\u201d under Other addresses is not an email address: write "
                                "addresses like jane@example.com or Jane Doe <jane@example.com>, "
                                "separated by commas.")
                        .arg(mailbox.trimmed()),
                    QStringLiteral("settings_invalid"));
            }
            const bool repeated = std::any_of(aliases.cbegin(), aliases.cend(), [&](const Participant& p) {
                return p.address.compare(alias->address, Qt::CaseInsensitive) == 0;
            });
            if (!repeated)
                aliases.append(*alias);
        }
    }
    return aliases;
}

QList<Identity> imapIdentities(const ImapSettings& settings) {
    QList<Identity> out;
    if (!settings.emailAddress.isEmpty())
        out.append(Identity{settings.emailAddress, settings.fullName, true, {}, {}});
    for (const Participant& alias : settings.aliases) {
        if (alias.address.compare(settings.emailAddress, Qt::CaseInsensitive) == 0)
            continue;
        const QString name = alias.displayName.isEmpty() ? settings.fullName : alias.displayName;
        out.append(Identity{alias.address, name, out.isEmpty(), {}, {}});
    }
    return out;
}

OwnAddresses::OwnAddresses(const ImapSettings& settings) {
    for (const Identity& identity : imapIdentities(settings))
        m_addresses.insert(identity.address.toLower());
}

void OwnAddresses::mark(Message& message) const {
    if (!message.author.address.isEmpty() && m_addresses.contains(message.author.address.trimmed().toLower()))
        message.flags |= MessageFlag::FromMe;
}

} // namespace tributary::imap
