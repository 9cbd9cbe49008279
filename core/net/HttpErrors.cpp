#include "net/HttpErrors.h"

#include "net/RetryPolicy.h"

#include <QCoreApplication>
#include <QUrl>

namespace tributary {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("tributary::HttpErrors", text);
}

QString serverName(const QString& host) {
    return host.isEmpty() ? tr("The server") : host;
}

QString httpCode(int status) {
    return QStringLiteral("http_%1").arg(status);
}

ProviderError withCode(ProviderError error, const QString& code) {
    error.code = code;
    return error;
}

} // namespace

ProviderError providerErrorFromHttpStatus(int status, const RawHeaders& headers, const QDateTime& nowUtc,
                                          const QString& host) {
    const QString who = serverName(host);
    const QString code = httpCode(status);
    const RateLimitInfo limits = parseRateLimitHeaders(headers, nowUtc);

    if (status == 429 || (status == 403 && (limits.retryAfter || limits.exhausted()))) {
        std::optional<std::chrono::milliseconds> wait = retryAfterFromHeaders(headers, nowUtc);
        if (!wait)
            wait = limits.resetIn;
        return withCode(ProviderError::rateLimited(
                            wait, tr("%1 asked Tributary to slow down (HTTP %2).").arg(who).arg(status)),
                        code);
    }
    if (status == 401)
        return ProviderError::auth(
            tr("%1 did not accept the credentials (HTTP 401). Sign in again.").arg(who), code);
    if (status == 403)
        return ProviderError::auth(
            tr("%1 refused access (HTTP 403): the account lacks a permission or its access was revoked.")
                .arg(who),
            code);
    if (status == 404 || status == 410)
        return ProviderError::notFound(tr("%1 no longer has this item (HTTP %2).").arg(who).arg(status),
                                       code);
    if (status == 408) {
        return ProviderError::network(tr("%1 timed out waiting for the request (HTTP 408).").arg(who), code);
    }
    if (status >= 500 && status != 501 && status != 505) {
        ProviderError e =
            ProviderError::network(tr("%1 had a temporary problem (HTTP %2).").arg(who).arg(status), code);
        e.retryAfter = limits.retryAfter;
        return e;
    }
    if (status >= 400)
        return ProviderError::invalid(tr("%1 refused the request as invalid (HTTP %2).").arg(who).arg(status),
                                      code);
    return ProviderError::protocol(tr("%1 answered with an unexpected HTTP status %2.").arg(who).arg(status),
                                   code);
}

ProviderError providerErrorFromNetworkError(QNetworkReply::NetworkError error, const QString& host) {
    const QString who = host.isEmpty() ? tr("the server") : host;
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return ProviderError::network(tr("Could not connect to %1: the connection was refused.").arg(who),
                                      NetworkErrorCode::ConnectionRefused);
    case QNetworkReply::HostNotFoundError:
        return ProviderError::network(tr("Could not find %1 (DNS lookup failed).").arg(who),
                                      NetworkErrorCode::HostNotFound);
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return ProviderError::network(tr("The network is unavailable."), NetworkErrorCode::Offline);
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
        return ProviderError::network(tr("Could not reach the network proxy."),
                                      NetworkErrorCode::ProxyUnreachable);
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return ProviderError::auth(tr("The network proxy requires credentials."),
                                   QStringLiteral("proxy_auth"));
    case QNetworkReply::TimeoutError:
    case QNetworkReply::ProxyTimeoutError:
        return ProviderError::network(tr("The connection to %1 timed out.").arg(who),
                                      QStringLiteral("timeout"));
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::ContentReSendError: // closed before answering; Qt may not repeat it (PostOnce)
        return ProviderError::network(tr("%1 closed the connection unexpectedly.").arg(serverName(host)),
                                      QStringLiteral("remote_closed"));
    case QNetworkReply::SslHandshakeFailedError: {
        ProviderError e = ProviderError::network(
            tr("The secure connection to %1 failed (certificate or TLS error).").arg(who),
            QStringLiteral("tls_error"));
        e.retryable = false;
        return e;
    }
    case QNetworkReply::OperationCanceledError:
        return ProviderError::cancelled();
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        return ProviderError::protocol(
            tr("%1 redirected the request too often or insecurely.").arg(serverName(host)),
            QStringLiteral("redirect"));
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
    case QNetworkReply::ProtocolFailure:
        return ProviderError::protocol(
            tr("%1 answered something Tributary cannot understand.").arg(serverName(host)),
            QStringLiteral("protocol_failure"));
    default:
        return ProviderError::network(
            tr("The request to %1 failed (network error %2).").arg(who).arg(static_cast<int>(error)),
            QStringLiteral("network_error"));
    }
}

std::optional<ProviderError> providerErrorFromReply(const QNetworkReply* reply, const QDateTime& nowUtc) {
    if (!reply)
        return ProviderError::protocol(tr("No reply."), QStringLiteral("no_reply"));
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusAttribute.isValid() ? statusAttribute.toInt() : 0;
    const QString host = reply->url().host();
    if (status >= 300)
        return providerErrorFromHttpStatus(status, reply->rawHeaderPairs(), nowUtc, host);
    if (reply->error() != QNetworkReply::NoError)
        return providerErrorFromNetworkError(reply->error(), host);
    if (status == 0 && reply->url().scheme().startsWith(QLatin1String("http")))
        return ProviderError::protocol(tr("%1 sent no HTTP status.").arg(serverName(host)),
                                       QStringLiteral("no_status"));
    return std::nullopt;
}

} // namespace tributary
