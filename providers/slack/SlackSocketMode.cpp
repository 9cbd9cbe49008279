#include "slack/SlackSocketMode.h"

#include "slack/SlackApi.h"
#include "slack/SlackLogging.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QWebSocket>

namespace tributary::slack {

using namespace std::chrono_literals;

SlackSocketMode::SlackSocketMode(SlackApi* api, QUrl openBaseUrl, QByteArray appToken, QObject* parent)
    : QObject(parent)
    , m_api(api)
    , m_openBaseUrl(std::move(openBaseUrl))
    , m_appToken(std::move(appToken)) {
    m_backoff.baseDelay = 1s;
    m_backoff.maxDelay = 60s;
}

SlackSocketMode::~SlackSocketMode() {
    stop();
}

void SlackSocketMode::start() {
    if (m_running)
        return;
    m_running = true;
    m_failures = 0;
    open();
}

void SlackSocketMode::stop() {
    m_running = false;
    if (m_reconnectTimer) {
        m_api->clock().cancel(m_reconnectTimer);
        m_reconnectTimer = 0;
    }
    if (m_pingTimer) {
        m_api->clock().cancel(m_pingTimer);
        m_pingTimer = 0;
    }
    if (m_socket) {
        QWebSocket* socket = m_socket;
        m_socket = nullptr;
        retire(socket);
    }
    if (m_retiring) {
        retire(m_retiring);
        m_retiring = nullptr;
    }
    if (m_connected) {
        m_connected = false;
        Q_EMIT disconnected();
    }
}

void SlackSocketMode::open() {
    if (!m_running || m_opening)
        return;
    m_opening = true;
    SlackCall call;
    call.method = QStringLiteral("apps.connections.open");
    call.verb = SlackVerb::Post;
    call.baseUrl = m_openBaseUrl;
    call.token = m_appToken;
    call.options.label = QStringLiteral("Opening the Slack live connection");
    call.options.maxAttempts = 1; // reconnecting has its own back-off
    m_api->call(call).then(this, [this](const Result<QJsonObject>& r) {
        m_opening = false;
        if (!m_running)
            return;
        if (!r.ok()) {
            if (r.error().kind == ErrorKind::Auth || r.error().kind == ErrorKind::Invalid) {
                qCWarning(lcSlack) << "Socket Mode is off:" << r.error().code;
                m_running = false;
                Q_EMIT fatalError(r.error());
                return;
            }
            scheduleReconnect();
            return;
        }
        const QUrl url(r.value().value(QStringLiteral("url")).toString());
        if (!url.isValid() || (url.scheme() != QLatin1String("wss") && url.scheme() != QLatin1String("ws"))) {
            m_running = false;
            Q_EMIT fatalError(ProviderError::protocol(tr("Slack answered apps.connections.open without a "
                                                         "websocket address."),
                                                      QStringLiteral("bad_socket_url")));
            return;
        }
        auto* socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
        // Events are a few kilobytes; Qt's defaults would buffer frames of up to 2 GB.
        // Events are a few kilobytes. Qt 6.4 waits for a frame's whole payload, as announced,
        // in its socket's read buffer (unbounded unless set) before it applies any frame limit:
        // a frame announcing 2^40 bytes grew it by gigabytes. With the buffer bounded such a
        // frame only stalls the connection, and the ping watchdog drops it.
        socket->setMaxAllowedIncomingFrameSize(kMaxFrameBytes);
        socket->setMaxAllowedIncomingMessageSize(kMaxFrameBytes);
        if (qEnvironmentVariableIsEmpty("DEBUG_NO_RBS"))
            socket->setReadBufferSize(qint64(2 * kMaxFrameBytes));
        // A refused frame makes QWebSocket start a closing handshake, and while it waits for the
        // server's answer its socket keeps buffering whatever the server streams: the
        // connection is dropped at once instead (and reconnects like any dropped one).
        connect(socket, &QWebSocket::stateChanged, this, [socket](QAbstractSocket::SocketState state) {
            qCWarning(lcSlack) << "DEBUG state" << state;
            if (state == QAbstractSocket::ClosingState)
                QMetaObject::invokeMethod(socket, &QWebSocket::abort, Qt::QueuedConnection);
        });
        connect(socket, &QWebSocket::connected, this, [this, socket] { schedulePing(socket); });
        connect(socket, &QWebSocket::pong, this, [this, socket] {
            if (socket == m_socket)
                m_awaitingPong = false;
        });
        m_socket = socket;
        m_awaitingPong = false;
        ++m_opened;
        connect(socket, &QWebSocket::textMessageReceived, this,
                [this, socket](const QString& text) { onText(socket, text); });
        connect(socket, &QWebSocket::disconnected, this, [this, socket] { onClosed(socket); });
        // The URL carries a one-time ticket: it is never logged.
        socket->open(url);
    });
}

void SlackSocketMode::scheduleReconnect() {
    if (!m_running || m_reconnectTimer)
        return;
    ++m_failures;
    const std::chrono::milliseconds delay = m_backoff.backoffDelay(m_failures);
    qCInfo(lcSlack) << "Socket Mode reconnects in" << delay.count() << "ms";
    m_reconnectTimer = m_api->clock().callAfter(delay, this, [this] {
        m_reconnectTimer = 0;
        open();
    });
}

void SlackSocketMode::schedulePing(QWebSocket* socket) {
    if (m_pingTimer)
        m_api->clock().cancel(m_pingTimer);
    m_pingTimer =
        m_api->clock().callAfter(m_pingInterval, this, [this, socket = QPointer<QWebSocket>(socket)] {
            m_pingTimer = 0;
            if (!socket || socket != m_socket)
                return;
            if (m_awaitingPong) {
                qCWarning(lcSlack) << "Socket Mode connection did not answer a ping: reconnecting";
                socket->abort(); // disconnected -> onClosed -> reconnect
                return;
            }
            m_awaitingPong = true;
            socket->ping();
            schedulePing(socket);
        });
}

void SlackSocketMode::onText(QWebSocket* socket, const QString& text) {
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        // Nested past QJsonDocument's limit (1024 levels), or not JSON: nothing to act on.
        qCWarning(lcSlack) << "Socket Mode frame ignored:" << parseError.errorString() << "(" << text.size()
                           << "characters)";
        return;
    }
    const QJsonObject frame = document.object();
    const QString type = frame.value(QStringLiteral("type")).toString();
    const QString envelopeId = frame.value(QStringLiteral("envelope_id")).toString();
    // Acknowledge first: Slack redelivers what is not acknowledged within a few seconds.
    if (!envelopeId.isEmpty()) {
        const QJsonObject ack{{QStringLiteral("envelope_id"), envelopeId}};
        socket->sendTextMessage(QString::fromUtf8(QJsonDocument(ack).toJson(QJsonDocument::Compact)));
    }
    if (type == QLatin1String("hello")) {
        if (socket != m_socket)
            return;
        m_failures = 0;
        if (m_retiring) {
            retire(m_retiring);
            m_retiring = nullptr;
        }
        if (!m_connected) {
            m_connected = true;
            Q_EMIT connected();
        }
        return;
    }
    if (type == QLatin1String("disconnect")) {
        qCInfo(lcSlack) << "Socket Mode refresh:" << frame.value(QStringLiteral("reason")).toString();
        if (socket == m_socket) {
            // Open the next connection now; this one closes by itself shortly.
            m_socket = nullptr;
            if (m_retiring)
                retire(m_retiring);
            m_retiring = socket;
            open();
        }
        return;
    }
    if (type == QLatin1String("events_api")) {
        const QJsonObject payload = frame.value(QStringLiteral("payload")).toObject();
        const QString eventId = payload.value(QStringLiteral("event_id")).toString();
        if (!eventId.isEmpty()) {
            if (m_recentEventIds.contains(eventId))
                return;
            m_recentEventIds.append(eventId);
            if (m_recentEventIds.size() > 500)
                m_recentEventIds.removeFirst();
        }
        Q_EMIT eventCallback(payload);
    }
}

void SlackSocketMode::onClosed(QWebSocket* socket) {
    socket->deleteLater();
    if (socket == m_retiring)
        m_retiring = nullptr;
    if (socket != m_socket)
        return; // a retired connection (after "disconnect") or one we closed
    m_socket = nullptr;
    if (m_connected) {
        m_connected = false;
        Q_EMIT disconnected();
    }
    scheduleReconnect();
}

void SlackSocketMode::retire(QWebSocket* socket) {
    socket->disconnect(this);
    socket->close();
    socket->deleteLater();
}

} // namespace tributary::slack
