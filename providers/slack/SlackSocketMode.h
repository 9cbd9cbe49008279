#pragma once

#include "net/Clock.h"
#include "net/Liveness.h"
#include "provider/ProviderError.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

class QWebSocket;

namespace tributary::slack {

class SlackApi;

//! A Socket Mode client (api.slack.com/apis/socket-mode): apps.connections.open with the
//! app-level token (xapp-) hands out a single-use wss:// URL (a ws:// one is refused unless
//! it points at this machine: webSocketUrlProblem()); the server greets with
//! {"type":"hello"}, wraps every Events API payload in an envelope that must be acknowledged
//! with {"envelope_id": ...}, and announces a refresh with {"type":"disconnect"} a little
//! before closing. On "disconnect" a new connection is opened at once (the old one is left
//! to close).
//!
//! A Heartbeat watches the connection: a connection must say hello within
//! LivenessOptions::probeTimeout of being asked for, and one that has been quiet for
//! probeInterval is pinged and must answer within probeTimeout, so a half-open socket (a
//! frozen server, a network that went away without a word) is noticed within
//! detectionBound() instead of showing "live" forever. A lost connection is reopened after
//! a jittered, growing delay (ReconnectBackoff), announced with reconnecting(). A refused
//! app token stops the client (fatalError).
class SlackSocketMode : public QObject {
    Q_OBJECT
public:
    SlackSocketMode(SlackApi* api, QUrl openBaseUrl, QByteArray appToken, LivenessOptions liveness,
                    QObject* parent = nullptr);
    ~SlackSocketMode() override;

    void start();
    void stop();
    bool isConnected() const { return m_connected; }
    //! Connections opened so far (the first included).
    int connectionsOpened() const { return m_opened; }
    //! The largest websocket frame or message accepted. Socket Mode envelopes are a few KB:
    //! Slack truncates a message's text at 40,000 characters and allows 50 blocks of at most
    //! 3,000 characters, so even a message event with blocks and attachments stays far below
    //! a megabyte. 4 MiB leaves room for what Slack may add, and keeps what one frame costs
    //! (its bytes, the UTF-16 text, the parsed JSON) well inside the 64 MB a hostile peer may
    //! grow us by. A larger frame drops the connection, which then reconnects.
    static constexpr quint64 kMaxFrameBytes = 4 * 1024 * 1024;

Q_SIGNALS:
    void connected();
    void disconnected();
    //! The connection was lost (`reason`, a sentence); the next one is tried at `nextAttempt` (UTC).
    void reconnecting(const QString& reason, const QDateTime& nextAttempt);
    //! The payload of an events_api envelope (type "event_callback"), acknowledged already.
    void eventCallback(const QJsonObject& payload);
    //! The app token was refused or cannot open connections: Socket Mode is off.
    void fatalError(const tributary::ProviderError& error);

private:
    void open();
    void scheduleReconnect(const QString& reason);
    //! Opens a connection after `delay`, telling why with reconnecting().
    void planOpen(std::chrono::milliseconds delay, const QString& reason);
    void onText(QWebSocket* socket, const QString& text);
    void onClosed(QWebSocket* socket);
    void onPeerDead();
    //! Abandons the current connection (without a closing handshake) and plans the next one.
    void dropConnection(const QString& reason);
    void retire(QWebSocket* socket);

    SlackApi* m_api;
    QUrl m_openBaseUrl;
    QByteArray m_appToken;
    LivenessOptions m_liveness;
    QPointer<QWebSocket> m_socket;
    QPointer<QWebSocket> m_retiring; //!< announced "disconnect"; closed once the next says hello
    Heartbeat* m_heartbeat = nullptr;
    bool m_running = false;
    bool m_connected = false;
    //! Bumped by every open(): answers for an attempt that was given up are ignored.
    quint64 m_attempt = 0;
    int m_opened = 0;
    Clock::TimerId m_reconnectTimer = 0;
    ReconnectBackoff m_backoff;
    QStringList m_recentEventIds; //!< redeliveries of an event we already handled are dropped
};

} // namespace tributary::slack
