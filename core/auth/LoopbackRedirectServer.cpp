#include "auth/LoopbackRedirectServer.h"

#include "auth/OAuthErrors.h"
#include "net/SystemClock.h"
#include "util/Logging.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

namespace tributary {

namespace {

constexpr qsizetype kMaxRequestBytes = 16 * 1024;
const char* const kBufferProperty = "tributaryRequest";

QByteArray page(const QString& heading, const QString& text) {
    const QString html =
        QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                       "<meta name=\"viewport\" content=\"width=device-width\"><title>Tributary</title>"
                       "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:30em;margin:18vh auto;"
                       "padding:0 1.5em;color:#1f2328;background:#fff}h1{font-size:1.35em;font-weight:600}"
                       "p{color:#57606a}@media(prefers-color-scheme:dark){body{color:#e6edf3;"
                       "background:#0d1117}p{color:#9198a1}}</style></head>"
                       "<body><h1>%1</h1><p>%2</p></body></html>\n")
            .arg(heading.toHtmlEscaped(), text.toHtmlEscaped());
    return html.toUtf8();
}

QString decodeFormComponent(QByteArray part) {
    part.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(part));
}

} // namespace

LoopbackRedirectServer::LoopbackRedirectServer(QString callbackPath, std::shared_ptr<Clock> clock,
                                               QObject* parent)
    : QObject(parent)
    , m_callbackPath(std::move(callbackPath))
    , m_clock(clock ? std::move(clock) : SystemClock::shared()) {}

LoopbackRedirectServer::~LoopbackRedirectServer() {
    cancelTimer();
}

Result<void> LoopbackRedirectServer::listen(std::chrono::milliseconds timeout) {
    close();
    m_done = false;
    m_server = new QTcpServer(this);
    // 127.0.0.1, not "localhost": RFC 8252 §8.3, and no other interface may reach it.
    if (!m_server->listen(QHostAddress::LocalHost, 0)) {
        const QString reason = m_server->errorString();
        delete m_server;
        m_server = nullptr;
        qCWarning(lcOAuth) << "cannot listen on 127.0.0.1:" << reason;
        return ProviderError::network(
            tr("Tributary could not open a local port to receive the sign-in (%1).").arg(reason),
            OAuthErrorCode::ListenFailed);
    }
    m_port = m_server->serverPort();
    connect(m_server, &QTcpServer::newConnection, this, &LoopbackRedirectServer::onNewConnection);
    m_timer = m_clock->callAfter(timeout, this, [this] {
        m_timer = 0;
        if (m_done)
            return;
        m_done = true;
        qCInfo(lcOAuth) << "no sign-in callback within the time limit on port" << m_port;
        close();
        Q_EMIT timedOut();
    });
    qCDebug(lcOAuth) << "waiting for the sign-in callback on 127.0.0.1:" << m_port;
    return Done{};
}

bool LoopbackRedirectServer::isListening() const {
    return m_server && m_server->isListening();
}

quint16 LoopbackRedirectServer::port() const {
    return m_port;
}

QUrl LoopbackRedirectServer::redirectUri() const {
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    url.setPath(m_callbackPath);
    return url;
}

void LoopbackRedirectServer::close() {
    cancelTimer();
    if (!m_server)
        return;
    m_server->close();
    // Sockets that were answered are left to finish writing; idle ones (browsers open
    // spare connections ahead of time) are dropped.
    const QList<QTcpSocket*> sockets = m_server->findChildren<QTcpSocket*>(Qt::FindDirectChildrenOnly);
    for (QTcpSocket* socket : sockets) {
        if (socket->property(kBufferProperty).isValid())
            socket->abort();
    }
    m_server->deleteLater();
    m_server = nullptr;
}

void LoopbackRedirectServer::cancelTimer() {
    if (m_timer) {
        m_clock->cancel(m_timer);
        m_timer = 0;
    }
}

void LoopbackRedirectServer::onNewConnection() {
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket* socket = m_server->nextPendingConnection(); // a child of m_server
        socket->setProperty(kBufferProperty, QByteArray());
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void LoopbackRedirectServer::respond(QTcpSocket* socket, int status, const QByteArray& reason,
                                     const QByteArray& contentType, const QByteArray& body) {
    socket->setProperty(kBufferProperty, QVariant()); // answered: not idle any more
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    response += "Content-Type: " + contentType + "\r\n";
    response += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    response += "Cache-Control: no-store\r\n";
    response += "Referrer-Policy: no-referrer\r\n";
    response += "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n";
    response += "Connection: close\r\n\r\n";
    response += body;
    socket->write(response);
    socket->flush();
    socket->disconnectFromHost(); // after the pending bytes are written
}

LoopbackRedirectServer::Request LoopbackRedirectServer::parseRequest(const QByteArray& received,
                                                                     const QString& callbackPath) {
    Request request;
    const qsizetype headerEnd = received.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        if (received.size() > kMaxRequestBytes)
            request.outcome = Request::Outcome::TooLarge;
        return request;
    }
    if (headerEnd > kMaxRequestBytes) {
        request.outcome = Request::Outcome::TooLarge;
        return request;
    }
    const QList<QByteArray> requestLine = received.left(received.indexOf("\r\n")).split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.")) {
        request.outcome = Request::Outcome::BadRequest;
        return request;
    }
    const QByteArray& target = requestLine[1];
    const qsizetype question = target.indexOf('?');
    request.path = question < 0 ? target : target.left(question);
    if (request.path != callbackPath.toUtf8()) {
        request.outcome = Request::Outcome::NotFound;
        return request;
    }
    if (requestLine[0] != "GET") {
        request.outcome = Request::Outcome::MethodNotAllowed;
        return request;
    }
    request.outcome = Request::Outcome::Callback;
    request.params = parseQuery(question < 0 ? QByteArray() : target.mid(question + 1));
    return request;
}

void LoopbackRedirectServer::onReadyRead(QTcpSocket* socket) {
    QVariant buffered = socket->property(kBufferProperty);
    if (!buffered.isValid()) {
        socket->readAll(); // answered already: ignore anything else it sends
        return;
    }
    const QByteArray received = buffered.toByteArray() + socket->readAll();
    Request request = parseRequest(received, m_callbackPath);
    if (m_done && (request.outcome == Request::Outcome::MethodNotAllowed ||
                   request.outcome == Request::Outcome::Callback))
        request.outcome = Request::Outcome::NotFound; // the one callback was already served
    switch (request.outcome) {
    case Request::Outcome::Incomplete:
        socket->setProperty(kBufferProperty, received);
        return;
    case Request::Outcome::TooLarge:
        respond(socket, 431, "Request Header Fields Too Large", "text/plain; charset=utf-8", "Too large\n");
        return;
    case Request::Outcome::BadRequest:
        respond(socket, 400, "Bad Request", "text/plain; charset=utf-8", "Bad request\n");
        return;
    case Request::Outcome::NotFound:
        qCDebug(lcOAuth) << "loopback request for" << request.path << "refused";
        respond(socket, 404, "Not Found", "text/plain; charset=utf-8", "Not found\n");
        return;
    case Request::Outcome::MethodNotAllowed:
        respond(socket, 405, "Method Not Allowed", "text/plain; charset=utf-8", "Method not allowed\n");
        return;
    case Request::Outcome::Callback:
        break;
    }

    const Params& params = request.params;
    const bool signedIn =
        params.contains(QStringLiteral("code")) && !params.contains(QStringLiteral("error"));
    respond(socket, 200, "OK", "text/html; charset=utf-8",
            signedIn ? page(tr("Tributary received your sign-in"),
                            tr("You can close this window and return to Tributary."))
                     : page(tr("The sign-in was not completed"),
                            tr("You can close this window and return to Tributary.")));
    m_done = true;
    qCInfo(lcOAuth) << "sign-in callback received on port" << m_port;
    // The answered socket is moved out of the server so that closing it cannot cut the
    // page short; it deletes itself once the browser has read it.
    socket->setParent(this);
    close();
    Q_EMIT callbackReceived(params);
}

LoopbackRedirectServer::Params LoopbackRedirectServer::parseQuery(const QByteArray& query) {
    Params params;
    for (const QByteArray& pair : query.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        const QString name = decodeFormComponent(eq < 0 ? pair : pair.left(eq));
        if (!params.contains(name))
            params.insert(name, eq < 0 ? QString() : decodeFormComponent(pair.mid(eq + 1)));
    }
    return params;
}

} // namespace tributary
