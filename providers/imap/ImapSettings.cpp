#include "imap/ImapSettings.h"

#include "imap/ImapIdentities.h"
#include "provider/SecretSource.h"

#include <QHostAddress>
#include <QObject>

namespace tributary::imap {

namespace {

std::optional<Security> parseSecurity(const QString& text) {
    const QString s = text.trimmed().toLower();
    if (s == QLatin1String("tls") || s == QLatin1String("ssl"))
        return Security::Tls;
    if (s == QLatin1String("starttls"))
        return Security::StartTls;
    if (s == QLatin1String("none") || s == QLatin1String("plain"))
        return Security::None;
    return std::nullopt;
}

bool isLoopback(const QString& host) {
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

bool toBool(const QVariant& v) {
    if (v.typeId() == QMetaType::Bool)
        return v.toBool();
    const QString s = v.toString().trimmed().toLower();
    return s == QLatin1String("true") || s == QLatin1String("1") || s == QLatin1String("yes");
}

Result<ServerEndpoint> endpoint(const QVariantMap& s, const QString& prefix, const QString& fallbackHost,
                                Security defaultSecurity, int tlsPort, int plainPort) {
    ServerEndpoint e;
    e.host = s.value(prefix + QStringLiteral("Host")).toString().trimmed();
    if (e.host.isEmpty())
        e.host = fallbackHost;
    if (e.host.isEmpty()) {
        return ProviderError::invalid(
            QObject::tr("The %1 server name is missing (setting \"%2Host\").").arg(prefix.toUpper(), prefix),
            QStringLiteral("settings_invalid"));
    }
    const QString securityText = s.value(prefix + QStringLiteral("Security")).toString();
    if (securityText.isEmpty()) {
        e.security = defaultSecurity;
    } else if (const auto security = parseSecurity(securityText)) {
        e.security = *security;
    } else {
        return ProviderError::invalid(QObject::tr("Unknown %1 security \"%2\": use tls, starttls or none.")
                                          .arg(prefix.toUpper(), securityText),
                                      QStringLiteral("settings_invalid"));
    }
    bool ok = false;
    e.port = s.value(prefix + QStringLiteral("Port")).toInt(&ok);
    if (!ok || e.port <= 0)
        e.port = e.security == Security::Tls ? tlsPort : plainPort;
    if (e.port > 65535) {
        return ProviderError::invalid(
            QObject::tr("The %1 port %2 is not valid.").arg(prefix.toUpper()).arg(e.port),
            QStringLiteral("settings_invalid"));
    }
    return e;
}

} // namespace

QByteArray normalizeFingerprint(const QString& text) {
    QByteArray hex;
    for (const QChar c : text) {
        if (c.isDigit() || (c.toLower() >= QLatin1Char('a') && c.toLower() <= QLatin1Char('f')))
            hex += c.toLower().toLatin1();
    }
    return hex;
}

QStringList ImapSettings::keys() {
    return {QStringLiteral("imapHost"),
            QStringLiteral("imapPort"),
            QStringLiteral("imapSecurity"),
            QStringLiteral("smtpHost"),
            QStringLiteral("smtpPort"),
            QStringLiteral("smtpSecurity"),
            QStringLiteral("username"),
            QStringLiteral("emailAddress"),
            QStringLiteral("fullName"),
            QStringLiteral("aliases"),
            QStringLiteral("auth"),
            QStringLiteral("caCertificate"),
            QStringLiteral("trustedCertSha256"),
            QStringLiteral("allowPlaintext"),
            QStringLiteral("responseTimeoutSeconds")};
}

QString ImapSettings::secretKind() const {
    return auth == AuthMethod::XOAuth2 ? SecretKind::AccessToken : SecretKind::Password;
}

Result<ImapSettings> ImapSettings::fromAccount(const Account& account) {
    const QVariantMap& s = account.settings;
    ImapSettings out;
    out.accountId = account.id;

    auto imap = endpoint(s, QStringLiteral("imap"), QString(), Security::Tls, 993, 143);
    if (!imap)
        return imap.error();
    out.imap = imap.value();
    auto smtp = endpoint(s, QStringLiteral("smtp"), out.imap.host, Security::StartTls, 465, 587);
    if (!smtp)
        return smtp.error();
    out.smtp = smtp.value();

    out.emailAddress = s.value(QStringLiteral("emailAddress")).toString().trimmed();
    out.username = s.value(QStringLiteral("username")).toString().trimmed();
    if (out.username.isEmpty())
        out.username = out.emailAddress;
    if (out.emailAddress.isEmpty() && out.username.contains(QLatin1Char('@')))
        out.emailAddress = out.username;
    if (out.username.isEmpty()) {
        return ProviderError::invalid(QObject::tr("The user name is missing (setting \"username\")."),
                                      QStringLiteral("settings_invalid"));
    }
    out.fullName = s.value(QStringLiteral("fullName")).toString().trimmed();
    auto aliases = parseAliases(s.value(QStringLiteral("aliases")));
    if (!aliases)
        return aliases.error();
    out.aliases = aliases.value();

    const QString auth = s.value(QStringLiteral("auth")).toString().trimmed().toLower();
    if (auth.isEmpty() || auth == QLatin1String("password")) {
        out.auth = AuthMethod::Password;
    } else if (auth == QLatin1String("xoauth2") || auth == QLatin1String("oauth2")) {
        out.auth = AuthMethod::XOAuth2;
    } else {
        return ProviderError::invalid(
            QObject::tr("Unknown sign-in method \"%1\": use password or xoauth2.").arg(auth),
            QStringLiteral("settings_invalid"));
    }

    out.caCertificate = s.value(QStringLiteral("caCertificate")).toString().trimmed();
    out.trustedCertSha256 = normalizeFingerprint(s.value(QStringLiteral("trustedCertSha256")).toString());
    if (!out.trustedCertSha256.isEmpty() && out.trustedCertSha256.size() != 64) {
        return ProviderError::invalid(
            QObject::tr("The trusted certificate fingerprint must be a SHA-256 value (64 hex digits)."),
            QStringLiteral("settings_invalid"));
    }
    out.allowPlaintext = toBool(s.value(QStringLiteral("allowPlaintext")));
    if (const QVariant timeout = s.value(QStringLiteral("responseTimeoutSeconds")); timeout.isValid()) {
        bool ok = false;
        const int seconds = timeout.toInt(&ok);
        if (!ok || seconds < 1 || seconds > 3600)
            return ProviderError::invalid(
                QObject::tr("The response timeout must be between 1 and 3600 seconds."),
                QStringLiteral("settings_invalid"));
        out.responseTimeoutMs = seconds * 1000;
    }

    for (const ServerEndpoint* e : {&out.imap, &out.smtp}) {
        if (e->security != Security::None)
            continue;
        if (!out.allowPlaintext || !isLoopback(e->host)) {
            const QString secret = out.auth == AuthMethod::XOAuth2 ? QObject::tr("your access token")
                                                                   : QObject::tr("your password");
            return ProviderError::invalid(
                QObject::tr(
                    "Connecting to %1 without encryption would send %2 in the clear. "
                    "Choose TLS or STARTTLS; unencrypted connections are only allowed to this computer "
                    "(localhost) with \"allowPlaintext\" turned on.")
                    .arg(e->label(), secret),
                QStringLiteral("plaintext_refused"));
        }
    }
    return out;
}

} // namespace tributary::imap
