#pragma once

// A scripted SMTP submission server on 127.0.0.1 (plain, no TLS): greets, answers EHLO with
// AUTH PLAIN LOGIN, accepts any credentials, MAIL, RCPT and DATA the way a well-behaved server
// does; a test replaces the answer to any command ("EHLO", "AUTH", "DATA", or "GREETING" for
// the banner) with a hostile one and takes it back with behave().

#include "ScriptedServer.h"

#include <QHash>

namespace tributary::test {

struct SmtpExchange {
    ScriptedConnection& connection;
    QByteArray verb;      //!< upper case: "EHLO", "MAIL", "DATA"; "GREETING" for the banner
    QByteArray arguments; //!< the rest of the line
    std::function<void()> answerNormally;

    void send(QByteArrayView bytes) { connection.send(bytes); }
};

class ScriptedSmtpServer {
public:
    using Handler = std::function<void(SmtpExchange&)>;

    ScriptedSmtpServer();
    ~ScriptedSmtpServer();

    quint16 port() const { return m_server->port(); }
    ScriptedServer& server() { return *m_server; }
    void on(const QByteArray& verb, Handler handler);
    void behave();
    //! Messages accepted so far (the end of DATA answered 250).
    int accepted() const;

private:
    struct State;
    class Protocol;
    std::shared_ptr<State> m_state;
    std::unique_ptr<ScriptedServer> m_server;
};

} // namespace tributary::test
