#pragma once

#include "net/RateLimitHeaders.h"
#include "provider/ProviderError.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace tributary {

//! Codes (ProviderError::code) of OAuth failures. Messages are for the user as is and
//! never carry a token, code, verifier or the server's free-text error_description.
namespace OAuthErrorCode {
//! The refresh token was refused (expired, revoked, reused after rotation) or is gone:
//! the user must sign in again (kind Auth). The NeedsSignIn state.
inline const QString SignInRequired = QStringLiteral("oauth_sign_in_required");
//! The user declined on the consent page (error=access_denied; kind Auth).
inline const QString ConsentDenied = QStringLiteral("oauth_access_denied");
//! The callback's state differs from the request's: a forged or stale answer (kind Auth).
inline const QString StateMismatch = QStringLiteral("oauth_state_mismatch");
//! The callback names another authorization server (RFC 9207 `iss`; kind Auth).
inline const QString IssuerMismatch = QStringLiteral("oauth_issuer_mismatch");
//! The browser did not come back in time (kind Auth).
inline const QString SignInTimeout = QStringLiteral("oauth_sign_in_timeout");
//! The web browser could not be opened (kind Auth).
inline const QString BrowserFailed = QStringLiteral("oauth_browser_failed");
//! The authorization server refused the request (any other error= value; kind Invalid).
inline const QString AuthorizationRefused = QStringLiteral("oauth_authorization_refused");
//! The authorization code was refused at the token endpoint (kind Auth).
inline const QString CodeRejected = QStringLiteral("oauth_code_rejected");
//! invalid_client / unauthorized_client: the client id or secret is wrong (kind Invalid).
inline const QString InvalidClient = QStringLiteral("oauth_invalid_client");
//! invalid_scope (kind Invalid).
inline const QString InvalidScope = QStringLiteral("oauth_invalid_scope");
//! invalid_request, unsupported_grant_type or an unknown error code (kind Invalid).
inline const QString RequestRefused = QStringLiteral("oauth_request_refused");
//! The token response is not a usable RFC 6749 §5.1 answer (kind Protocol).
inline const QString BadTokenResponse = QStringLiteral("oauth_bad_token_response");
//! The callback lacks a code, or the loopback listener failed (kind Protocol / Network).
inline const QString BadCallback = QStringLiteral("oauth_bad_callback");
inline const QString ListenFailed = QStringLiteral("oauth_listen_failed");
//! The OAuthConfig is incomplete or unsafe (kind Invalid).
inline const QString InvalidConfig = QStringLiteral("oauth_invalid_config");
} // namespace OAuthErrorCode

//! Which grant a token request carried: the same error means different things.
enum class OAuthGrantType { AuthorizationCode, RefreshToken };

//! "Your sign-in for <account> has expired or was revoked. Sign in again."
ProviderError oauthSignInRequired(const QString& accountName);

//! The error for a token endpoint answer with HTTP status >= 300: the RFC 6749 §5.2
//! `error` member when the body has one (invalid_grant while refreshing ->
//! oauthSignInRequired; server_error and temporarily_unavailable -> retryable Network),
//! else the generic HTTP mapping (429 -> RateLimited, 5xx -> retryable Network ...).
ProviderError oauthTokenEndpointError(int httpStatus, const QByteArray& body, const RawHeaders& headers,
                                      OAuthGrantType grant, const QString& accountName,
                                      const QDateTime& nowUtc, const QString& host);

//! The error for an authorization response carrying `error` (RFC 6749 §4.1.2.1).
ProviderError oauthAuthorizationError(const QString& error);

} // namespace tributary
