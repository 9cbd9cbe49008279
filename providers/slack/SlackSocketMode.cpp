#include "slack/SlackSocketMode.h"

#include "net/WebSocketUrls.h"
#include "slack/SlackApi.h"
#include "slack/SlackLogging.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QWebSocket>

namespace tributary::slack {

namespace {
const QString kOpenMethod = QStringLiteral("apps.connections.open");
} // namespace

SlackSocketMode::SlackSocketMode(SlackApi* api, QUrl openBaseUrl, QByteArray appToken,
                                 LivenessOptions liveness, QObject* parent)
    : QObject(parent)
    , m_api(api)
    , m_openBaseUrl(std::move(openBaseUrl))
    , m_appToken(std::move(appToken))
    , m_liveness(liveness)
    , m_heartbeat(new Heartbeat(liveness, api->sharedClock(), this))
    , m_backoff(liveness) {
    connect(m_heartbeat, &Heartbeat::probeDue, this, [this] {
        if (m_socket)
            m_socket->ping();
    });
    connect(m_heartbeat, &Heartbeat::peerDead, this, &SlackSocketMode::onPeerDead);
}

SlackSocketMode::~SlackSocketMode() {
    stop();
}

void SlackSocketMode::start() {
    if (m_running)
        return;
    m_running = true;
    m_backoff.reset();
    open();
}

void SlackSocketMode::stop() {
    m_running = false;
    ++m_attempt;
    m_heartbeat->stop();
    if (m_reconnectTimer) {
        m_api->clock().cancel(m_reconnectTimer);
        m_reconnectTimer = 0;
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
    if (!m_running)
        return;
    // Slack lets an app open only a few connections a minute (Tier 1). An attempt that would
    // wait for its turn is planned for then instead: the handshake bound below measures
    // Slack, not our queue, and abandoned attempts do not stack up turns.
    if (const std::chrono::milliseconds turn = m_api->rateLimitWait(kOpenMethod); turn.count() > 0) {
        planOpen(turn, tr("Waiting for Slack to allow a new live connection."));
        return;
    }
    const quint64 attempt = ++m_attempt;
    // From asking for a URL to the server's hello: a server that does not finish within
    // probeTimeout is as good as gone.
    m_heartbeat->awaitHandshake();
    SlackCall call;
    call.method = kOpenMethod;
    call.verb = SlackVerb::Post;
    call.baseUrl = m_openBaseUrl;
    call.token = m_appToken;
    call.options.label = QStringLiteral("Opening the Slack live connection");
    call.options.maxAttempts = 1; // reconnecting has its own back-off
    call.transferTimeoutMs = int(m_liveness.probeTimeout.count());
    m_api->call(call).then(this, [this, attempt](const Result<QJsonObject>& r) {
        if (!m_running || attempt != m_attempt)
            return;
        if (!r.ok()) {
            if (r.error().kind == ErrorKind::Auth || r.error().kind == ErrorKind::Invalid) {
                qCWarning(lcSlack) << "Socket Mode is off:" << r.error().code;
                m_running = false;
                m_heartbeat->stop();
                Q_EMIT fatalError(r.error());
                return;
            }
            m_heartbeat->stop();
            scheduleReconnect(r.error().message);
            return;
        }
        // The address comes from the server's answer: only wss://, or ws:// to this machine.
        const QUrl url(r.value().value(QStringLiteral("url")).toString());
        if (const auto problem = webSocketUrlProblem(url, QStringLiteral("Slack"))) {
            qCWarning(lcSlack) << "Socket Mode refused the address it was given:" << problem->code;
            m_running = false;
            m_heartbeat->stop();
            Q_EMIT fatalError(*problem);
            return;
        }
        auto* socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
        // Qt accepts frames and messages of up to 2 GB unless told otherwise, and its socket
        // buffers whatever the server sends; with these bounds a frame past kMaxFrameBytes
        // starts a closing handshake (stateChanged below drops the connection instead) and
        // what waits unread stays bounded.
        socket->setMaxAllowedIncomingFrameSize(kMaxFrameBytes);
        socket->setMaxAllowedIncomingMessageSize(kMaxFrameBytes);
        socket->setReadBufferSize(qint64(kMaxFrameBytes));
        m_socket = socket;
        ++m_opened;
        connect(socket, &QWebSocket::textMessageReceived, this,
                [this, socket](const QString& text) { onText(socket, text); });
        // Socket Mode sends only text: anything else is not Slack.
        connect(socket, &QWebSocket::binaryMessageReceived, this, [this, socket](const QByteArray& data) {
            qCWarning(lcSlack) << "Socket Mode binary frame ignored (" << data.size() << "bytes)";
            if (socket == m_socket)
                dropConnection(tr("Slack sent a live update that is not text, so the live connection "
                                  "was restarted."));
        });
        // A refused frame (too large, not UTF-8...) or the server's close: QWebSocket would
        // wait for the other half of the closing handshake, from a server that need not send
        // it. The connection is dropped at once and reconnects like any dropped one.
        connect(socket, &QWebSocket::stateChanged, this, [this, socket](QAbstractSocket::SocketState state) {
            if (state != QAbstractSocket::ClosingState || socket != m_socket)
                return;
            qCInfo(lcSlack) << "Socket Mode connection closing:" << socket->closeCode();
            switch (socket->closeCode()) {
            case QWebSocketProtocol::CloseCodeTooMuchData:
                dropConnection(tr("Slack sent a live update larger than %1 MiB, so the live connection "
                                  "was restarted.")
                                   .arg(kMaxFrameBytes / (1024 * 1024)));
                break;
            case QWebSocketProtocol::CloseCodeProtocolError:
            case QWebSocketProtocol::CloseCodeWrongDatatype:
            case QWebSocketProtocol::CloseCodeDatatypeNotSupported:
                dropConnection(tr("Slack sent a live update that is not a valid websocket message, so "
                                  "the live connection was restarted."));
                break;
            default:
                dropConnection(tr("The Slack live connection closed."));
                break;
            }
        });
        connect(socket, &QWebSocket::pong, this, [this, socket] {
            if (socket == m_socket)
                m_heartbeat->received();
        });
        connect(socket, &QWebSocket::disconnected, this, [this, socket] { onClosed(socket); });
        // Before the upgrade: a refused handshake leaves QWebSocket connecting for good.
        connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
                [this, socket](QAbstractSocket::SocketError error) {
                    // The description may quote the server's status line: a bounded part of it.
                    qCInfo(lcSlack) << "Socket Mode connection error:" << error
                                    << socket->errorString().left(200);
                    if (socket == m_socket && socket->state() == QAbstractSocket::ConnectingState)
                        dropConnection(tr("Slack did not accept the live connection."));
                });
        // The URL carries a one-time ticket: it is never logged.
        socket->open(url);
    });
}

void SlackSocketMode::scheduleReconnect(const QString& reason) {
    if (!m_running || m_reconnectTimer)
        return;
    planOpen(std::max(m_backoff.next(), m_api->rateLimitWait(kOpenMethod)), reason);
}

void SlackSocketMode::planOpen(std::chrono::milliseconds delay, const QString& reason) {
    if (m_reconnectTimer)
        m_api->clock().cancel(m_reconnectTimer);
    qCInfo(lcSlack) << "Socket Mode reconnects in" << delay.count() << "ms";
    m_reconnectTimer = m_api->clock().callAfter(delay, this, [this] {
        m_reconnectTimer = 0;
        open();
    });
    Q_EMIT reconnecting(reason, m_api->clock().wallNow().addMSecs(delay.count()));
}

void SlackSocketMode::onText(QWebSocket* socket, const QString& text) {
    if (socket == m_socket)
        m_heartbeat->received();
    // QJsonDocument refuses nesting past 1024 levels with an error (it does not recurse
    // without limit); the size is bounded by kMaxFrameBytes.
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        // Only the parser's own words and the size: the frame may hold someone's message.
        const QString why =
            parseError.error != QJsonParseError::NoError ? parseError.errorString() : tr("not a JSON object");
        qCWarning(lcSlack) << "Socket Mode frame ignored:" << why << "(" << text.size() << "characters)";
        // A server that sends what no Slack sends is not trusted with the next event either.
        if (socket == m_socket)
            dropConnection(tr("Slack sent a live update that could not be read (%1), so the live "
                              "connection was restarted.")
                               .arg(why));
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
        m_backoff.reset();
        m_heartbeat->watch();
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
    m_heartbeat->stop();
    if (m_connected) {
        m_connected = false;
        Q_EMIT disconnected();
    }
    scheduleReconnect(tr("The Slack live connection closed."));
}

void SlackSocketMode::onPeerDead() {
    if (!m_running)
        return;
    qCInfo(lcSlack) << "Socket Mode: Slack stopped answering; reconnecting";
    ++m_attempt; // an apps.connections.open still on its way is of no use any more
    dropConnection(tr("Slack stopped answering."));
}

void SlackSocketMode::dropConnection(const QString& reason) {
    m_heartbeat->stop();
    if (m_socket) {
        QWebSocket* socket = m_socket;
        m_socket = nullptr;
        socket->disconnect(this);
        // A dead or hostile peer would never complete a closing handshake. Queued: this may
        // run inside one of the socket's own signals.
        QMetaObject::invokeMethod(socket, &QWebSocket::abort, Qt::QueuedConnection);
        socket->deleteLater();
    }
    if (m_connected) {
        m_connected = false;
        Q_EMIT disconnected();
    }
    scheduleReconnect(reason);
}

void SlackSocketMode::retire(QWebSocket* socket) {
    socket->disconnect(this);
    socket->close();
    socket->deleteLater();
}

} // namespace tributary::slack
