#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace tributary {

//! Transport security of a mail server connection.
enum class ServerSecurity {
    Tls,      //!< TLS from the first byte ("SSL/TLS", ports 993, 465)
    StartTls, //!< plain connection upgraded with STARTTLS (ports 143, 587)
    None,
};

//! "tls", "starttls", "none": the values the settings forms' security choices use.
QString toSettingValue(ServerSecurity security);
//! Parses "tls"/"ssl", "starttls", "none"/"plain" (any case); nothing for other text.
std::optional<ServerSecurity> securityFromSettingValue(const QString& value);

//! Where one server of a mail host is and how to reach it.
struct ServerEndpointPreset {
    QString host;
    int port = 0;
    ServerSecurity security = ServerSecurity::Tls;

    bool operator==(const ServerEndpointPreset&) const = default;
};

//! IMAP and SMTP settings for an address's domain.
struct ServerPreset {
    //! Who runs the servers ("Gmail", "Proton Mail Bridge"); the domain for a guess.
    QString providerName;
    ServerEndpointPreset incoming; //!< IMAP
    ServerEndpointPreset outgoing; //!< SMTP submission
    //! Something the user must know to sign in (app passwords, settings to turn on), or empty.
    QString note;
    //! Derived from the domain name alone (imap.<domain>, smtp.<domain>): may be wrong.
    bool guessed = false;
    //! Every host here signs in with the whole address as the user name.
    bool usernameIsAddress = true;
};

//! Well-known mail domains and a guess for the rest. Pure functions: no lookups.
namespace ServerPresets {

//! The domain of an address, lowercased, without surrounding spaces or a trailing dot;
//! empty unless the text has exactly one '@' with something on both sides.
QString domainOf(const QString& emailAddress);
//! True for text shaped like local@domain.tld (no spaces, one '@', a dot in the domain).
bool looksLikeEmailAddress(const QString& text);
//! The settings of a well-known domain ("gmail.com", any case), or nothing.
std::optional<ServerPreset> forDomain(const QString& domain);
//! imap.<domain>:993 TLS and smtp.<domain>:587 STARTTLS, marked as guessed.
ServerPreset guess(const QString& domain);
//! forDomain() of the address's domain, else guess(); nothing for a malformed address.
std::optional<ServerPreset> forAddress(const QString& emailAddress);
//! Every domain forDomain() knows, sorted.
QStringList knownDomains();

} // namespace ServerPresets

} // namespace tributary
