#pragma once

// A scripted HTTP/1.1 server on 127.0.0.1 for the REST providers, with websocket upgrades for
// their push channels. There is no built-in behaviour: a test gives each path its normal answer
// (route) and may replace it with a hostile one (on) until behave(). A script can lie in its
// headers (a Content-Length of 10^12), stream a body or websocket frame without end, or send
// frames no client should accept.

#include "ScriptedServer.h"

#include <QHash>
#include <QList>
#include <QPair>

namespace tributary::test {

struct HttpRequest {
    QByteArray method;
    QByteArray path;                       //!< without the query
    QByteArray query;                      //!< without '?'
    QHash<QByteArray, QByteArray> headers; //!< names in lower case
    QByteArray body;
};

struct HttpExchange {
    ScriptedConnection& connection;
    HttpRequest request;
    int count = 0; //!< how many requests for this path so far, this one included

    //! A complete response with a correct Content-Length.
    void respond(int status, QByteArrayView body, QByteArrayView contentType = "application/json");
    //! Only the status line and headers (nothing added): the script sends the body, or not.
    void head(int status, const QList<QPair<QByteArray, QByteArray>>& headers);
    //! Answers a websocket upgrade (101). False if the request was not one.
    bool upgradeToWebSocket();
    //! One unmasked text frame (server to client).
    void sendText(QByteArrayView text);
    //! A frame header announcing `length` payload bytes (the payload is the script's business).
    static QByteArray frameHeader(quint64 length, quint8 opcode = 0x1);
};

class ScriptedHttpServer {
public:
    using Handler = std::function<void(HttpExchange&)>;

    ScriptedHttpServer();
    ~ScriptedHttpServer();

    quint16 port() const { return m_server->port(); }
    QByteArray baseUrl() const { return "http://127.0.0.1:" + QByteArray::number(port()); }
    ScriptedServer& server() { return *m_server; }
    //! The normal answer for `path`; unknown paths get 404.
    void route(const QByteArray& path, Handler handler);
    //! Replaces the answer for `path` until behave().
    void on(const QByteArray& path, Handler handler);
    void behave();
    int requests(const QByteArray& path) const;

private:
    struct State;
    class Protocol;
    std::shared_ptr<State> m_state;
    std::unique_ptr<ScriptedServer> m_server;
};

} // namespace tributary::test
