#pragma once

#include "provider/SecretSource.h"
#include "util/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QFuture>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

class QObject;

namespace tributary {

//! The keychain entries an OAuth account uses besides SecretKind::AccessToken and
//! SecretKind::RefreshToken.
namespace OAuthSecretKind {
//! When the access token expires: ISO 8601 UTC with milliseconds, or "unknown" when the
//! server did not say (then only a 401 from the API tells; call TokenRefresher::refresh).
inline const QString AccessTokenExpiry = QStringLiteral("access_token_expiry");
} // namespace OAuthSecretKind

//! A successful token endpoint answer (RFC 6749 §5.1). Holds secrets: keep it short-lived
//! and never log it.
struct OAuthTokenResponse {
    QByteArray accessToken;
    //! Empty when the server issued none (then the previous refresh token stays valid).
    QByteArray refreshToken;
    QString tokenType;
    //! None when the response has no expires_in.
    std::optional<QDateTime> expiresAt;
    //! The granted scopes, when the server said (it may grant fewer than asked).
    std::optional<QStringList> scopes;
    //! Every other member (Slack's team, Google's id_token is dropped: see parse()).
    QJsonObject extra;

    //! Parses the JSON body. ErrorKind::Protocol "oauth_bad_token_response" when it is not
    //! a JSON object, lacks access_token, or has a token_type other than Bearer (the only
    //! type Tributary can present). `nowUtc` anchors expires_in. id_token is dropped
    //! from `extra`: Tributary does not sign users in with OpenID Connect.
    static Result<OAuthTokenResponse> parse(const QByteArray& body, const QDateTime& nowUtc);
};

//! What a finished sign-in tells its caller. No secrets: the tokens are in the keychain
//! (TokenRefresher::accessToken() reads them).
struct OAuthGrant {
    std::optional<QDateTime> expiresAt;
    std::optional<QStringList> scopes;
    bool hasRefreshToken = false;
    //! The token response's non-standard members (account or team ids, for example).
    QJsonObject extra;
};

//! The expiry as stored under OAuthSecretKind::AccessTokenExpiry.
QByteArray encodeTokenExpiry(const std::optional<QDateTime>& expiresAt);
//! The stored expiry; none for "unknown" or anything unreadable.
std::optional<QDateTime> decodeTokenExpiry(const QByteArray& stored);

//! Writes the refresh token (when the response has one, first: it is the one that
//! cannot be had again), then the access token and its expiry, one after the other on
//! `context`'s thread. Stops at the first failure and returns it.
QFuture<Result<void>> storeTokens(SecretSource* secrets, const QString& accountId,
                                  const OAuthTokenResponse& tokens, QObject* context);

} // namespace tributary
