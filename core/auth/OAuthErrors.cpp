#include "auth/OAuthErrors.h"

#include "net/HttpErrors.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace tributary {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("tributary::OAuth", text);
}

//! RFC 6749 error codes are ASCII words; anything else is not echoed into a code.
QString safeErrorCode(const QString& error) {
    if (error.isEmpty() || error.size() > 64)
        return {};
    for (QChar c : error) {
        if (!(c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-')) || c.unicode() > 127)
            return {};
    }
    return error;
}

} // namespace

ProviderError oauthSignInRequired(const QString& accountName) {
    return ProviderError::auth(
        tr("Your sign-in for %1 has expired or was revoked. Sign in again.").arg(accountName),
        OAuthErrorCode::SignInRequired);
}

ProviderError oauthTokenEndpointError(int httpStatus, const QByteArray& body, const RawHeaders& headers,
                                      OAuthGrantType grant, const QString& accountName,
                                      const QDateTime& nowUtc, const QString& host) {
    const QString error =
        safeErrorCode(QJsonDocument::fromJson(body).object().value(QLatin1String("error")).toString());
    if (error == QLatin1String("invalid_grant")) {
        if (grant == OAuthGrantType::RefreshToken)
            return oauthSignInRequired(accountName);
        return ProviderError::auth(tr("%1 did not accept the sign-in (the authorization code was refused or "
                                      "expired). Sign in again.")
                                       .arg(host),
                                   OAuthErrorCode::CodeRejected);
    }
    if (error == QLatin1String("invalid_client") || error == QLatin1String("unauthorized_client"))
        return ProviderError::invalid(tr("%1 refused Tributary's OAuth client (%2). Check the client id and "
                                         "client secret in the account settings.")
                                          .arg(host, error),
                                      OAuthErrorCode::InvalidClient);
    if (error == QLatin1String("invalid_scope"))
        return ProviderError::invalid(tr("%1 refused the requested permissions (invalid_scope). Check the "
                                         "scopes in the account settings.")
                                          .arg(host),
                                      OAuthErrorCode::InvalidScope);
    if (error == QLatin1String("server_error") || error == QLatin1String("temporarily_unavailable"))
        return ProviderError::network(
            tr("%1 could not issue a token right now (%2). Tributary will try again.").arg(host, error),
            QStringLiteral("oauth_") + error);
    // 429 and 5xx say more through their status (Retry-After, retryability) than any
    // error member would.
    if (!error.isEmpty() && httpStatus != 429 && httpStatus < 500)
        return ProviderError::invalid(tr("%1 refused the token request (%2).").arg(host, error),
                                      OAuthErrorCode::RequestRefused);
    return providerErrorFromHttpStatus(httpStatus, headers, nowUtc, host);
}

ProviderError oauthAuthorizationError(const QString& rawError) {
    const QString error = safeErrorCode(rawError);
    if (error == QLatin1String("access_denied"))
        return ProviderError::auth(tr("Access was not granted: the sign-in was declined in the browser."),
                                   OAuthErrorCode::ConsentDenied);
    if (error == QLatin1String("server_error") || error == QLatin1String("temporarily_unavailable"))
        return ProviderError::network(
            tr("The sign-in service is unavailable right now (%1). Try again later.").arg(error),
            QStringLiteral("oauth_") + error);
    return ProviderError::invalid(tr("The sign-in service refused the request (%1).")
                                      .arg(error.isEmpty() ? tr("unknown error") : error),
                                  OAuthErrorCode::AuthorizationRefused);
}

} // namespace tributary
