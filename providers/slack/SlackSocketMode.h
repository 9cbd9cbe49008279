#pragma once

#include "net/Clock.h"
#include "net/RetryPolicy.h"
#include "provider/ProviderError.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

class QWebSocket;

namespace tributary::slack {

class SlackApi;

//! A Socket Mode client (api.slack.com/apis/socket-mode): apps.connections.open with the
//! app-level token (xapp-) hands out a single-use wss:// URL; the server greets with
//! {"type":"hello"}, wraps every Events API payload in an envelope that must be acknowledged
//! with {"envelope_id": ...}, and announces a refresh with {"type":"disconnect"} a little
//! before closing. On "disconnect" a new connection is opened at once (the old one is left
//! to close); an unexpected close reconnects with exponential back-off and full jitter
//! (up to a minute). A refused app token stops the client (fatalError).
class SlackSocketMode : public QObject {
    Q_OBJECT
public:
    SlackSocketMode(SlackApi* api, QUrl openBaseUrl, QByteArray appToken, QObject* parent = nullptr);
    ~SlackSocketMode() override;

    void start();
    void stop();
    bool isConnected() const { return m_connected; }
    //! Connections opened so far (the first included).
    int connectionsOpened() const { return m_opened; }
    //! The largest frame or message accepted; a larger one closes the connection (which then
    //! reconnects like any dropped one).
    static constexpr quint64 kMaxFrameBytes = 4 * 1024 * 1024;
    //! How often the connection is pinged. A ping still unanswered at the next one means the
    //! connection is dead or stuck (half-open TCP, or a frame that never ends, which the read
    //! buffer's bound leaves waiting): it is dropped and reconnects.
    static constexpr std::chrono::seconds kDefaultPingInterval{20};
    void setPingInterval(std::chrono::milliseconds interval) { m_pingInterval = interval; }

Q_SIGNALS:
    void connected();
    void disconnected();
    //! The payload of an events_api envelope (type "event_callback"), acknowledged already.
    void eventCallback(const QJsonObject& payload);
    //! The app token was refused or cannot open connections: Socket Mode is off.
    void fatalError(const tributary::ProviderError& error);

private:
    void open();
    void scheduleReconnect();
    void onText(QWebSocket* socket, const QString& text);
    void onClosed(QWebSocket* socket);
    void retire(QWebSocket* socket);
    //! Pings `socket` every interval while it is the current one (see kDefaultPingInterval).
    void schedulePing(QWebSocket* socket);

    SlackApi* m_api;
    QUrl m_openBaseUrl;
    QByteArray m_appToken;
    QPointer<QWebSocket> m_socket;
    QPointer<QWebSocket> m_retiring; //!< announced "disconnect"; closed once the next says hello
    bool m_running = false;
    bool m_opening = false;
    bool m_connected = false;
    int m_failures = 0;
    int m_opened = 0;
    Clock::TimerId m_reconnectTimer = 0;
    Clock::TimerId m_pingTimer = 0;
    bool m_awaitingPong = false;
    std::chrono::milliseconds m_pingInterval = kDefaultPingInterval;
    RetryPolicy m_backoff;
    QStringList m_recentEventIds; //!< redeliveries of an event we already handled are dropped
};

} // namespace tributary::slack
