#include "net/CredentialRequests.h"

#include "util/Logging.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace tributary {

namespace {

constexpr const char* kRefusedTarget = "tributaryRefusedRedirect";
constexpr int kMaxRedirects = 5;

int portOf(const QUrl& url) {
    const QString scheme = url.scheme().toLower();
    return url.port(scheme == QLatin1String("https") ? 443 : scheme == QLatin1String("http") ? 80 : -1);
}

QString originHost(const QUrl& url) {
    QString host = url.host(QUrl::FullyEncoded).toLower();
    if (host.endsWith(QLatin1Char('.')))
        host.chop(1);
    return host;
}

} // namespace

bool isSameOrigin(const QUrl& a, const QUrl& b) {
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 && !originHost(a).isEmpty() &&
           originHost(a) == originHost(b) && portOf(a) == portOf(b);
}

QNetworkReply* sendWithCredentials(QNetworkAccessManager& network, QNetworkRequest request, HttpVerb verb,
                                   const QByteArray& body) {
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::UserVerifiedRedirectPolicy);
    request.setMaximumRedirectsAllowed(kMaxRedirects);
    const QUrl origin = request.url();
    QNetworkReply* reply = verb == HttpVerb::Post ? network.post(request, body) : network.get(request);
    QObject::connect(reply, &QNetworkReply::redirected, reply, [reply, origin](const QUrl& target) {
        if (isSameOrigin(origin, target)) {
            Q_EMIT reply->redirectAllowed();
            return;
        }
        // Only hosts: the URLs may carry tokens or codes in their queries.
        qCWarning(lcCore) << "refused a redirect from" << origin.host() << "to" << target.host()
                          << "for a request that carries credentials";
        reply->setProperty(kRefusedTarget, target.host().isEmpty() ? target.scheme() : target.host());
        reply->abort();
    });
    return reply;
}

std::optional<ProviderError> refusedRedirectError(const QNetworkReply* reply) {
    const QVariant target = reply ? reply->property(kRefusedTarget) : QVariant();
    if (!target.isValid())
        return std::nullopt;
    ProviderError error = ProviderError::protocol(
        QCoreApplication::translate("tributary::CredentialRequests",
                                    "%1 redirected a request that carries your sign-in to another site (%2). "
                                    "Tributary did not follow it, so nothing was sent there; check the "
                                    "server address, or try again later.")
            .arg(reply->request().url().host(), target.toString()),
        QStringLiteral("redirect_refused"));
    error.retryable = false;
    return error;
}

} // namespace tributary
