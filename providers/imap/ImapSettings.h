#pragma once

#include "model/Model.h"
#include "util/Result.h"

#include <QString>

namespace tributary::imap {

enum class Security { Tls, StartTls, None };
enum class AuthMethod { Password, XOAuth2 };

//! Where and how to reach one server (IMAP or SMTP).
struct ServerEndpoint {
    QString host;
    int port = 0;
    Security security = Security::Tls;

    //! "imap.example.com:993", for error messages.
    QString label() const { return host + QLatin1Char(':') + QString::number(port); }
};

//! An IMAP/SMTP account's settings, parsed and validated from Account::settings.
//! Keys: imapHost, imapPort, imapSecurity ("tls" | "starttls" | "none"), smtpHost,
//! smtpPort, smtpSecurity, username, emailAddress, fullName, aliases (other addresses the
//! user sends from, see parseAliases), auth ("password" |
//! "xoauth2"), caCertificate (PEM path), trustedCertSha256 (hex), allowPlaintext,
//! responseTimeoutSeconds (how long a silent server may keep a command waiting).
struct ImapSettings {
    QString accountId;
    ServerEndpoint imap;
    ServerEndpoint smtp;
    QString username;
    QString emailAddress;
    QString fullName;
    QList<Participant> aliases; //!< other addresses of the user (ImapIdentities.h)
    AuthMethod auth = AuthMethod::Password;
    QString caCertificate;
    QByteArray trustedCertSha256; //!< lowercase hex without separators, or empty
    bool allowPlaintext = false;
    //! How long a server may stay silent while we wait for its answer before the
    //! connection counts as lost: IMAP 60 s, SMTP 120 s unless the account sets it.
    int responseTimeoutMs = 0;

    int imapTimeoutMs() const { return responseTimeoutMs > 0 ? responseTimeoutMs : 60'000; }
    int smtpTimeoutMs() const { return responseTimeoutMs > 0 ? responseTimeoutMs : 120'000; }

    //! Reads and checks the settings. Refuses "none" security unless allowPlaintext is
    //! set and the host is a loopback address: a password or token must never cross a network
    //! in the clear.
    static Result<ImapSettings> fromAccount(const Account& account);
    //! The setting keys, for ProviderInfo::settingKeys.
    static QStringList keys();
    //! The secret kind this account's authentication needs (SecretKind::...).
    QString secretKind() const;
};

//! Normalizes a fingerprint typed or copied by a user ("AA:bb cc...") to lowercase hex.
QByteArray normalizeFingerprint(const QString& text);

} // namespace tributary::imap
