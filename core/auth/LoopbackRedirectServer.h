#pragma once

#include "net/Clock.h"
#include "util/Result.h"

#include <QMap>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <chrono>
#include <memory>

class QTcpServer;
class QTcpSocket;

namespace tributary {

//! The redirect target of a native app's sign-in (RFC 8252 §7.3): an HTTP listener on
//! 127.0.0.1 with a port the system picks, serving exactly one GET of the callback path.
//!
//! The browser's request for the callback is answered with a small page ("You can close
//! this window and return to Tributary"), its query parameters are emitted once, and
//! the listener closes. Other paths (favicon.ico, probes) get 404 and leave it open,
//! other methods 405; requests over 16 KiB are refused. Nothing is logged but the
//! path asked for: the query carries the authorization code.
class LoopbackRedirectServer : public QObject {
    Q_OBJECT
public:
    //! Query parameters, form-decoded ('+' is a space, %XX a byte, UTF-8).
    using Params = QMap<QString, QString>;

    explicit LoopbackRedirectServer(QString callbackPath = QStringLiteral("/callback"),
                                    std::shared_ptr<Clock> clock = nullptr /* SystemClock::shared() */,
                                    QObject* parent = nullptr);
    ~LoopbackRedirectServer() override;

    //! Starts listening on 127.0.0.1 (never another interface) on a free port. Without a
    //! callback within `timeout`, timedOut() is emitted and the listener closes.
    //! ErrorKind::Network "oauth_listen_failed" if no socket can be opened.
    Result<void> listen(std::chrono::milliseconds timeout);
    bool isListening() const;
    //! The port listened on; 0 before listen().
    quint16 port() const;
    //! http://127.0.0.1:<port><callbackPath>
    QUrl redirectUri() const;
    //! Stops listening and drops open connections. Idempotent.
    void close();

    //! Decodes an application/x-www-form-urlencoded query. A repeated name keeps its
    //! first value.
    static Params parseQuery(const QByteArray& query);

    //! What the bytes a browser sent so far ask for. Pure, so it can be tested and fuzzed
    //! without sockets; the listener answers from it.
    struct Request {
        enum class Outcome {
            Incomplete,       //!< the header has not ended yet
            TooLarge,         //!< more than 16 KiB of header
            BadRequest,       //!< not an HTTP/1.x request line
            NotFound,         //!< another path (favicon.ico, probes)
            MethodNotAllowed, //!< the callback path, but not GET
            Callback,         //!< GET of the callback path: `params` holds its query
        };
        Outcome outcome = Outcome::Incomplete;
        QByteArray path; //!< the request target without its query (for the log)
        Params params;
    };
    static Request parseRequest(const QByteArray& received, const QString& callbackPath);

Q_SIGNALS:
    //! The browser came back to the callback path (once). Emitted after the page is sent.
    void callbackReceived(const tributary::LoopbackRedirectServer::Params& params);
    //! No callback arrived in time; the listener is closed.
    void timedOut();

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket* socket);
    void respond(QTcpSocket* socket, int status, const QByteArray& reason, const QByteArray& contentType,
                 const QByteArray& body);
    void cancelTimer();

    QString m_callbackPath;
    std::shared_ptr<Clock> m_clock;
    QTcpServer* m_server = nullptr;
    quint16 m_port = 0;
    Clock::TimerId m_timer = 0;
    bool m_done = false;
};

} // namespace tributary
