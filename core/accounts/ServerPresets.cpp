#include "accounts/ServerPresets.h"

#include <QCoreApplication>
#include <algorithm>
#include <array>
#include <vector>

namespace tributary {

QString toSettingValue(ServerSecurity security) {
    switch (security) {
    case ServerSecurity::Tls:
        return QStringLiteral("tls");
    case ServerSecurity::StartTls:
        return QStringLiteral("starttls");
    case ServerSecurity::None:
        break;
    }
    return QStringLiteral("none");
}

std::optional<ServerSecurity> securityFromSettingValue(const QString& value) {
    const QString v = value.trimmed().toLower();
    if (v == QLatin1String("tls") || v == QLatin1String("ssl"))
        return ServerSecurity::Tls;
    if (v == QLatin1String("starttls"))
        return ServerSecurity::StartTls;
    if (v == QLatin1String("none") || v == QLatin1String("plain"))
        return ServerSecurity::None;
    return std::nullopt;
}

namespace ServerPresets {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("ServerPresets", text);
}

//! One row per mail host: the domains it serves, then its servers. The settings are
//! those the hosts publish for third-party mail programs (and Thunderbird's ISPDB uses).
struct Row {
    //! Up to four, unused ones null.
    std::array<const char*, 4> domains;
    const char* name;
    const char* imapHost;
    int imapPort;
    ServerSecurity imapSecurity;
    const char* smtpHost;
    int smtpPort;
    ServerSecurity smtpSecurity;
    //! A note for the user; translated when used.
    const char* note;
};

constexpr ServerSecurity Tls = ServerSecurity::Tls;
constexpr ServerSecurity StartTls = ServerSecurity::StartTls;

const std::vector<Row>& rows() {
    static const std::vector<Row> table{
        {{"gmail.com", "googlemail.com"},
         "Gmail",
         "imap.gmail.com",
         993,
         Tls,
         "smtp.gmail.com",
         465,
         Tls,
         QT_TRANSLATE_NOOP("ServerPresets",
                           "Google refuses your normal password here: create an app password (Google "
                           "Account, Security, 2-Step Verification, App passwords) and enter that.")},
        {{"outlook.com", "hotmail.com", "live.com", "msn.com"},
         "Outlook.com",
         "outlook.office365.com",
         993,
         Tls,
         "smtp-mail.outlook.com",
         587,
         StartTls,
         QT_TRANSLATE_NOOP("ServerPresets",
                           "Microsoft may refuse password sign-in for Outlook.com mail programs; if the "
                           "test says the password was rejected, use an app password from your Microsoft "
                           "account's security settings.")},
        {{"yahoo.com"},
         "Yahoo Mail",
         "imap.mail.yahoo.com",
         993,
         Tls,
         "smtp.mail.yahoo.com",
         465,
         Tls,
         QT_TRANSLATE_NOOP("ServerPresets",
                           "Yahoo needs an app password (Account security, Generate app password).")},
        {{"icloud.com", "me.com", "mac.com"},
         "iCloud Mail",
         "imap.mail.me.com",
         993,
         Tls,
         "smtp.mail.me.com",
         587,
         StartTls,
         QT_TRANSLATE_NOOP("ServerPresets",
                           "iCloud needs an app-specific password (appleid.apple.com, Sign-In and "
                           "Security).")},
        {{"fastmail.com"},
         "Fastmail",
         "imap.fastmail.com",
         993,
         Tls,
         "smtp.fastmail.com",
         465,
         Tls,
         QT_TRANSLATE_NOOP("ServerPresets",
                           "Fastmail needs an app password (Settings, Privacy & Security, App passwords).")},
        {{"gmx.de", "gmx.net"},
         "GMX",
         "imap.gmx.net",
         993,
         Tls,
         "mail.gmx.net",
         587,
         StartTls,
         QT_TRANSLATE_NOOP("ServerPresets",
                           "Turn on access by POP3/IMAP in the GMX web mail settings first.")},
        {{"web.de"},
         "WEB.DE",
         "imap.web.de",
         993,
         Tls,
         "smtp.web.de",
         587,
         StartTls,
         QT_TRANSLATE_NOOP("ServerPresets",
                           "Turn on access by POP3/IMAP in the WEB.DE web mail settings first.")},
        {{"posteo.de"}, "Posteo", "posteo.de", 993, Tls, "posteo.de", 587, StartTls, nullptr},
        {{"mailbox.org"}, "mailbox.org", "imap.mailbox.org", 993, Tls, "smtp.mailbox.org", 465, Tls, nullptr},
        {{"aol.com"},
         "AOL Mail",
         "imap.aol.com",
         993,
         Tls,
         "smtp.aol.com",
         465,
         Tls,
         QT_TRANSLATE_NOOP("ServerPresets",
                           "AOL needs an app password (Account Security, Generate app password).")},
        {{"zoho.com"},
         "Zoho Mail",
         "imap.zoho.com",
         993,
         Tls,
         "smtp.zoho.com",
         465,
         Tls,
         QT_TRANSLATE_NOOP("ServerPresets", "Turn on IMAP access in Zoho Mail's settings first.")},
        {{"yandex.com"},
         "Yandex Mail",
         "imap.yandex.com",
         993,
         Tls,
         "smtp.yandex.com",
         465,
         Tls,
         QT_TRANSLATE_NOOP("ServerPresets",
                           "Yandex needs an app password and IMAP access turned on in its mail settings.")},
        // Proton encrypts end to end and offers no IMAP itself: its Bridge, running on
        // this computer, does. The Bridge has its own password and a self-signed certificate.
        {{"proton.me", "protonmail.com", "protonmail.ch", "pm.me"},
         "Proton Mail Bridge",
         "127.0.0.1",
         1143,
         StartTls,
         "127.0.0.1",
         1025,
         StartTls,
         QT_TRANSLATE_NOOP("ServerPresets",
                           "Proton Mail works through Proton Mail Bridge running on this computer. Enter "
                           "the password the Bridge shows (not your Proton password), and trust the "
                           "Bridge's certificate when the test asks.")},
        {{"ymail.com", "rocketmail.com"},
         "Yahoo Mail",
         "imap.mail.yahoo.com",
         993,
         Tls,
         "smtp.mail.yahoo.com",
         465,
         Tls,
         QT_TRANSLATE_NOOP("ServerPresets",
                           "Yahoo needs an app password (Account security, Generate app password).")},
    };
    return table;
}

QString normalizeDomain(const QString& domain) {
    QString d = domain.trimmed().toLower();
    while (d.endsWith(QLatin1Char('.')))
        d.chop(1);
    return d;
}

} // namespace

QString domainOf(const QString& emailAddress) {
    const QString text = emailAddress.trimmed();
    if (text.count(QLatin1Char('@')) != 1)
        return QString();
    const qsizetype at = text.indexOf(QLatin1Char('@'));
    if (at == 0)
        return QString();
    return normalizeDomain(text.mid(at + 1));
}

bool looksLikeEmailAddress(const QString& text) {
    const QString t = text.trimmed();
    for (const QChar c : t) {
        if (c.isSpace())
            return false;
    }
    const QString domain = domainOf(t);
    if (domain.isEmpty() || !domain.contains(QLatin1Char('.')))
        return false;
    return !domain.startsWith(QLatin1Char('.')) && !domain.contains(QLatin1String(".."));
}

std::optional<ServerPreset> forDomain(const QString& domain) {
    const QString d = normalizeDomain(domain);
    if (d.isEmpty())
        return std::nullopt;
    for (const Row& row : rows()) {
        const bool match = std::any_of(row.domains.begin(), row.domains.end(),
                                       [&](const char* known) { return known && d == QLatin1String(known); });
        if (!match)
            continue;
        ServerPreset p;
        p.providerName = QString::fromUtf8(row.name);
        p.incoming = {QString::fromLatin1(row.imapHost), row.imapPort, row.imapSecurity};
        p.outgoing = {QString::fromLatin1(row.smtpHost), row.smtpPort, row.smtpSecurity};
        if (row.note)
            p.note = tr(row.note);
        return p;
    }
    return std::nullopt;
}

ServerPreset guess(const QString& domain) {
    const QString d = normalizeDomain(domain);
    ServerPreset p;
    p.providerName = d;
    p.incoming = {QStringLiteral("imap.") + d, 993, ServerSecurity::Tls};
    p.outgoing = {QStringLiteral("smtp.") + d, 587, ServerSecurity::StartTls};
    p.guessed = true;
    return p;
}

std::optional<ServerPreset> forAddress(const QString& emailAddress) {
    if (!looksLikeEmailAddress(emailAddress))
        return std::nullopt;
    const QString domain = domainOf(emailAddress);
    if (auto known = forDomain(domain))
        return known;
    return guess(domain);
}

QStringList knownDomains() {
    QStringList out;
    for (const Row& row : rows()) {
        for (const char* d : row.domains) {
            if (d)
                out.append(QString::fromLatin1(d));
        }
    }
    out.sort();
    return out;
}

} // namespace ServerPresets

} // namespace tributary
