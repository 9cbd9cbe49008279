#include "net/WebSocketUrls.h"

#include <QCoreApplication>
#include <QHostAddress>

namespace tributary {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("tributary::WebSocketUrls", text);
}

} // namespace

bool isLoopbackHost(const QString& host) {
    QString name = host.toLower();
    if (name.endsWith(QLatin1Char('.')))
        name.chop(1);
    if (name == QLatin1String("localhost"))
        return true;
    if (name.startsWith(QLatin1Char('[')) && name.endsWith(QLatin1Char(']')))
        name = name.mid(1, name.size() - 2);
    QHostAddress address;
    return address.setAddress(name) && address.isLoopback();
}

std::optional<ProviderError> webSocketUrlProblem(const QUrl& url, const QString& service) {
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("wss") && scheme != QLatin1String("ws"))) {
        ProviderError e =
            ProviderError::protocol(tr("%1 did not answer with a websocket address.").arg(service),
                                    QStringLiteral("bad_websocket_url"));
        e.retryable = false;
        return e;
    }
    if (scheme == QLatin1String("ws") && !isLoopbackHost(url.host())) {
        ProviderError e = ProviderError::protocol(
            tr("%1 asked for an unencrypted live connection to %2. Tributary refused it: anyone on the "
               "way could read it.")
                .arg(service, url.host()),
            QStringLiteral("insecure_websocket"));
        e.retryable = false;
        return e;
    }
    return std::nullopt;
}

} // namespace tributary
