#pragma once

#include "auth/OAuthResponseMapping.h"
#include "util/Result.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariantMap>
#include <chrono>

namespace tributary {

//! Account settings (Account::settings) an OAuthConfig is read from. The client id is
//! always a setting: Tributary ships no client id, each deployment registers its own.
namespace OAuthSettingsKey {
inline const QString AuthorizationUrl = QStringLiteral("oauthAuthorizationUrl");
inline const QString TokenUrl = QStringLiteral("oauthTokenUrl");
inline const QString RevocationUrl = QStringLiteral("oauthRevocationUrl");
inline const QString Issuer = QStringLiteral("oauthIssuer");
inline const QString ClientId = QStringLiteral("oauthClientId");
inline const QString ClientSecretKind = QStringLiteral("oauthClientSecretKind");
//! A space-separated string or a string list.
inline const QString Scopes = QStringLiteral("oauthScopes");
//! A map of extra authorization request parameters (prompt, access_type, login_hint...).
inline const QString AuthorizeParams = QStringLiteral("oauthAuthorizeParams");
} // namespace OAuthSettingsKey

//! Where and how one account signs in with OAuth 2.0 (authorization code + PKCE,
//! RFC 6749 / 7636 / 8252). Plain data; validate() before use.
struct OAuthConfig {
    QUrl authorizationUrl;
    QUrl tokenUrl;
    //! RFC 7009 revocation endpoint; empty when the provider has none.
    QUrl revocationUrl;
    //! The authorization server's issuer identifier. When set, a callback carrying
    //! `iss` (RFC 9207) must name it, which defeats mix-up attacks.
    QString issuer;
    QString clientId;
    //! Empty for public clients (the norm for native apps). Otherwise the SecretSource
    //! kind under which the account's client secret is kept; it is sent as
    //! client_secret to the token endpoint only. RFC 8252 §8.5: a secret shipped with
    //! an installed app is not confidential, but some providers still demand one.
    QString clientSecretKind;
    QStringList scopes;
    //! The authorization request parameter the scopes travel in: "scope" (RFC 6749 §3.3),
    //! or a provider's own, such as Slack's "user_scope" for user-token scopes.
    QString scopeParameter = QStringLiteral("scope");
    //! What joins the scopes in that parameter: a space (RFC 6749), or "," (Slack).
    QString scopeSeparator = QStringLiteral(" ");
    //! Reads token answers that are not in RFC 6749 shape (nested tokens, errors with HTTP
    //! 200); empty for standard servers. Set in code by the provider, never from settings.
    OAuthResponseMapper responseMapper;
    //! Extra authorization request parameters, e.g. {"prompt","consent"}. The ones the
    //! flow sets itself (response_type, client_id, redirect_uri, scope, state,
    //! code_challenge, code_challenge_method) are refused by validate().
    QList<QPair<QString, QString>> extraAuthorizeParams;
    //! Path of the loopback redirect URI http://127.0.0.1:<port><path>.
    QString callbackPath = QStringLiteral("/callback");
    //! How long the flow waits for the browser to come back.
    std::chrono::milliseconds signInTimeout{std::chrono::minutes(5)};
    //! Transfer timeout of each token or revocation request.
    std::chrono::milliseconds requestTimeout{std::chrono::seconds(30)};

    //! Reads the OAuthSettingsKey entries; URLs are parsed strictly.
    static OAuthConfig fromSettings(const QVariantMap& settings);

    //! ErrorKind::Invalid (code "oauth_invalid_config") naming what to fix: a missing
    //! client id, missing or malformed endpoints, an endpoint that is neither https nor
    //! http on a loopback address, a reserved extra parameter, a callback path that does
    //! not start with "/", an empty scope parameter.
    Result<void> validate() const;

    //! Whether `url` may be used: https, or http to 127.0.0.0/8, ::1 or localhost.
    static bool isAcceptableEndpoint(const QUrl& url);
    //! The parameters the flow sets itself.
    static const QStringList& reservedAuthorizeParams();
};

} // namespace tributary
