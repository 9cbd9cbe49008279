#pragma once

#include "auth/OAuthConfig.h"
#include "auth/OAuthErrors.h"
#include "auth/OAuthTokens.h"
#include "net/Clock.h"
#include "provider/SecretSource.h"

#include <QFuture>
#include <QList>
#include <QPair>
#include <memory>

class QNetworkAccessManager;
class QObject;

namespace tributary {

//! Form fields in order: name, value.
using FormFields = QList<QPair<QString, QString>>;

//! application/x-www-form-urlencoded (every byte but the RFC 3986 unreserved ones
//! percent-encoded, so a secret with '+' or '&' arrives intact).
QByteArray formEncode(const FormFields& fields);

//! The HTTP side of the token and revocation endpoints, shared by OAuthFlow and
//! TokenRefresher. Requests go out as POST forms with Accept: application/json, with the
//! config's transfer timeout, TLS verified (never relaxed here), no cookies kept.
//! Replies are handled on `context`'s thread; if `context` dies first the request is
//! aborted and the future ends cancelled without a result.
class OAuthEndpoint {
public:
    OAuthEndpoint(OAuthConfig config, QString accountId, QString accountName, SecretSource* secrets,
                  QNetworkAccessManager* network, std::shared_ptr<Clock> clock);

    //! The client secret for confidential clients (config.clientSecretKind), an empty one
    //! for public clients. A missing secret is the SecretSource's error (Auth,
    //! secret_missing).
    QFuture<Result<QByteArray>> clientSecret() const;

    //! POSTs grant `fields` (client_id, and client_secret when `clientSecret` is not
    //! empty, are added) to the token endpoint and parses the answer; errors are typed by
    //! oauthTokenEndpointError / providerErrorFromNetworkError (a timeout is a retryable
    //! Network error, code "timeout").
    QFuture<Result<OAuthTokenResponse>> requestTokens(FormFields fields, const QByteArray& clientSecret,
                                                      OAuthGrantType grant, QObject* context) const;

    //! RFC 7009: revokes `token` (a refresh token revokes its whole grant at most
    //! servers). Fails with Invalid when the config has no revocation endpoint.
    QFuture<Result<void>> revoke(const QByteArray& token, const QString& tokenTypeHint,
                                 const QByteArray& clientSecret, QObject* context) const;

    //! Reads a 2xx token answer: through `mapper` when there is one (an "error" it yields is
    //! typed by oauthTokenEndpointError as an HTTP 400 answer would be), then
    //! OAuthTokenResponse::parse. `host` names the server in messages.
    static Result<OAuthTokenResponse> parseTokenAnswer(const QByteArray& body,
                                                       const OAuthResponseMapper& mapper,
                                                       OAuthGrantType grant, const QString& accountName,
                                                       const QDateTime& nowUtc, const QString& host);

    const OAuthConfig& config() const { return m_config; }
    const QString& accountId() const { return m_accountId; }
    const QString& accountName() const { return m_accountName; }
    SecretSource* secrets() const { return m_secrets; }
    const std::shared_ptr<Clock>& clock() const { return m_clock; }

private:
    OAuthConfig m_config;
    QString m_accountId;
    QString m_accountName;
    SecretSource* m_secrets = nullptr;
    QNetworkAccessManager* m_network = nullptr;
    std::shared_ptr<Clock> m_clock;
};

} // namespace tributary
