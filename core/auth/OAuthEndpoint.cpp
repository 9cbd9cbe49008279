#include "auth/OAuthEndpoint.h"

#include "net/CredentialRequests.h"
#include "net/HttpErrors.h"
#include "net/SystemClock.h"
#include "util/Logging.h"
#include "util/ReadyFuture.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPromise>

namespace tributary {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("tributary::OAuth", text);
}

const char* grantName(OAuthGrantType grant) {
    return grant == OAuthGrantType::RefreshToken ? "refresh_token" : "authorization_code";
}

//! The typed error of a finished reply, or nothing for a 2xx answer.
std::optional<ProviderError> replyError(QNetworkReply* reply, const QByteArray& body, OAuthGrantType grant,
                                        const QString& accountName, const QDateTime& nowUtc) {
    if (auto refused = refusedRedirectError(reply))
        return refused;
    const QString host = reply->url().host();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid()) {
        const int code = status.toInt();
        if (code >= 200 && code < 300)
            return std::nullopt;
        return oauthTokenEndpointError(code, body, reply->rawHeaderPairs(), grant, accountName, nowUtc, host);
    }
    // Only the transfer timeout aborts these replies (an object going away deletes
    // them without a callback).
    if (reply->error() == QNetworkReply::OperationCanceledError)
        return ProviderError::network(tr("%1 did not answer in time.").arg(host), QStringLiteral("timeout"));
    return providerErrorFromNetworkError(reply->error(), host);
}

} // namespace

QByteArray formEncode(const FormFields& fields) {
    QByteArray out;
    for (const auto& [name, value] : fields) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    return out;
}

Result<OAuthTokenResponse> OAuthEndpoint::parseTokenAnswer(const QByteArray& body,
                                                           const OAuthResponseMapper& mapper,
                                                           OAuthGrantType grant, const QString& accountName,
                                                           const QDateTime& nowUtc, const QString& host) {
    if (!mapper)
        return OAuthTokenResponse::parse(body, nowUtc);
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return OAuthTokenResponse::parse(body, nowUtc); // reports "not a JSON object"
    const QJsonObject mapped = mapper(doc.object());
    const QByteArray standard = QJsonDocument(mapped).toJson(QJsonDocument::Compact);
    if (mapped.contains(QLatin1String("error")))
        return oauthTokenEndpointError(400, standard, {}, grant, accountName, nowUtc, host);
    return OAuthTokenResponse::parse(standard, nowUtc);
}

OAuthEndpoint::OAuthEndpoint(OAuthConfig config, QString accountId, QString accountName,
                             SecretSource* secrets, QNetworkAccessManager* network,
                             std::shared_ptr<Clock> clock)
    : m_config(std::move(config))
    , m_accountId(std::move(accountId))
    , m_accountName(std::move(accountName))
    , m_secrets(secrets)
    , m_network(network)
    , m_clock(clock ? std::move(clock) : SystemClock::shared()) {}

QFuture<Result<QByteArray>> OAuthEndpoint::clientSecret() const {
    if (m_config.clientSecretKind.isEmpty())
        return readyResult<QByteArray>(QByteArray());
    return m_secrets->readSecret(m_accountId, m_config.clientSecretKind);
}

QFuture<Result<OAuthTokenResponse>> OAuthEndpoint::requestTokens(FormFields fields,
                                                                 const QByteArray& clientSecret,
                                                                 OAuthGrantType grant,
                                                                 QObject* context) const {
    fields.append({QStringLiteral("client_id"), m_config.clientId});
    if (!clientSecret.isEmpty())
        fields.append({QStringLiteral("client_secret"), QString::fromUtf8(clientSecret)});

    QNetworkRequest request(m_config.tokenUrl);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QStringLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(static_cast<int>(m_config.requestTimeout.count()));
    // Token responses must never land in a cache or a cookie jar (RFC 6749 §5.1).
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);

    auto promise = std::make_shared<QPromise<Result<OAuthTokenResponse>>>();
    promise->start();
    QFuture<Result<OAuthTokenResponse>> future = promise->future();
    qCInfo(lcOAuth) << "token request" << grantName(grant) << "for" << m_accountId << "to"
                    << m_config.tokenUrl.host();
    QNetworkReply* reply = sendWithCredentials(*m_network, request, HttpVerb::Post, formEncode(fields));
    // The reply dies with the context: no callback may outlive the object that asked.
    reply->setParent(context);
    QObject::connect(reply, &QNetworkReply::finished, context,
                     [reply, promise, grant, accountId = m_accountId, accountName = m_accountName,
                      clock = m_clock, mapper = m_config.responseMapper]() {
                         reply->deleteLater();
                         const QByteArray body = reply->readAll();
                         const QDateTime now = clock->wallNow();
                         if (auto error = replyError(reply, body, grant, accountName, now)) {
                             qCWarning(lcOAuth) << "token request" << grantName(grant) << "for" << accountId
                                                << "failed:" << error->code;
                             promise->addResult(*error);
                         } else {
                             Result<OAuthTokenResponse> parsed =
                                 parseTokenAnswer(body, mapper, grant, accountName, now, reply->url().host());
                             if (!parsed.ok())
                                 qCWarning(lcOAuth) << "token response for" << accountId
                                                    << "unusable:" << parsed.error().code;
                             promise->addResult(std::move(parsed));
                         }
                         promise->finish();
                     });
    return future;
}

QFuture<Result<void>> OAuthEndpoint::revoke(const QByteArray& token, const QString& tokenTypeHint,
                                            const QByteArray& clientSecret, QObject* context) const {
    if (m_config.revocationUrl.isEmpty())
        return readyResult<void>(
            ProviderError::invalid(tr("This account's sign-in service offers no way to revoke "
                                      "access from Tributary."),
                                   OAuthErrorCode::InvalidConfig));
    FormFields fields{{QStringLiteral("token"), QString::fromUtf8(token)},
                      {QStringLiteral("token_type_hint"), tokenTypeHint},
                      {QStringLiteral("client_id"), m_config.clientId}};
    if (!clientSecret.isEmpty())
        fields.append({QStringLiteral("client_secret"), QString::fromUtf8(clientSecret)});

    QNetworkRequest request(m_config.revocationUrl);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QStringLiteral("application/x-www-form-urlencoded"));
    request.setTransferTimeout(static_cast<int>(m_config.requestTimeout.count()));
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);

    auto promise = std::make_shared<QPromise<Result<void>>>();
    promise->start();
    QFuture<Result<void>> future = promise->future();
    qCInfo(lcOAuth) << "revoking" << tokenTypeHint << "of" << m_accountId;
    QNetworkReply* reply = sendWithCredentials(*m_network, request, HttpVerb::Post, formEncode(fields));
    reply->setParent(context);
    QObject::connect(
        reply, &QNetworkReply::finished, context,
        [reply, promise, accountId = m_accountId, accountName = m_accountName, clock = m_clock]() {
            reply->deleteLater();
            const QByteArray body = reply->readAll();
            // RFC 7009 §2.2: an unknown or already invalid token is answered 200.
            if (auto error =
                    replyError(reply, body, OAuthGrantType::RefreshToken, accountName, clock->wallNow())) {
                qCWarning(lcOAuth) << "revocation for" << accountId << "failed:" << error->code;
                promise->addResult(*error);
            } else {
                promise->addResult(Done{});
            }
            promise->finish();
        });
    return future;
}

} // namespace tributary
