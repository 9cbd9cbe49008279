#include "ScriptedSmtpServer.h"

#include <QMutex>
#include <QMutexLocker>

namespace tributary::test {

struct ScriptedSmtpServer::State {
    mutable QMutex mutex;
    QHash<QByteArray, Handler> handlers;
    int accepted = 0;
};

class ScriptedSmtpServer::Protocol : public ScriptedProtocol {
public:
    explicit Protocol(std::shared_ptr<State> state)
        : m_state(std::move(state)) {}

    void started(ScriptedConnection& c) override { dispatch(c, "GREETING", {}); }

    void received(ScriptedConnection& c, QByteArray& pending) override {
        for (;;) {
            if (m_inData) {
                const qsizetype end = pending.indexOf("\r\n.\r\n");
                if (end < 0)
                    return;
                pending.remove(0, end + 5);
                m_inData = false;
                dispatch(c, "DATA-END", {});
                continue;
            }
            const qsizetype eol = pending.indexOf("\r\n");
            if (eol < 0)
                return;
            const QByteArray line = pending.left(eol);
            pending.remove(0, eol + 2);
            if (m_authLogin > 0) { // the user name and password of AUTH LOGIN
                c.send(--m_authLogin > 0 ? "334 UGFzc3dvcmQ6\r\n" : "235 2.7.0 signed in\r\n");
                continue;
            }
            const qsizetype space = line.indexOf(' ');
            const QByteArray verb = (space < 0 ? line : line.left(space)).toUpper();
            dispatch(c, verb, space < 0 ? QByteArray() : line.mid(space + 1));
        }
    }

private:
    void dispatch(ScriptedConnection& c, const QByteArray& verb, const QByteArray& arguments) {
        SmtpExchange x{c, verb, arguments, {}};
        x.answerNormally = [this, &x] {
            answer(x);
        };
        Handler handler;
        {
            QMutexLocker lock(&m_state->mutex);
            handler = m_state->handlers.value(verb);
        }
        if (handler)
            handler(x);
        else
            answer(x);
    }

    void answer(SmtpExchange& x) {
        const QByteArray& v = x.verb;
        if (v == "GREETING") {
            x.send("220 scripted.example.test ESMTP ready\r\n");
        } else if (v == "EHLO") {
            x.send("250-scripted.example.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n");
        } else if (v == "HELO" || v == "MAIL" || v == "RCPT" || v == "RSET" || v == "NOOP") {
            x.send("250 2.0.0 ok\r\n");
        } else if (v == "AUTH") {
            if (x.arguments.toUpper().startsWith("LOGIN")) {
                m_authLogin = 2;
                x.send("334 VXNlcm5hbWU6\r\n");
            } else if (x.arguments.contains(' ')) {
                x.send("235 2.7.0 signed in\r\n");
            } else {
                m_authLogin = 1; // PLAIN with the credentials on the next line
                x.send("334 \r\n");
            }
        } else if (v == "DATA") {
            m_inData = true;
            x.send("354 go ahead\r\n");
        } else if (v == "DATA-END") {
            {
                QMutexLocker lock(&m_state->mutex);
                ++m_state->accepted;
            }
            x.send("250 2.0.0 queued\r\n");
        } else if (v == "QUIT") {
            x.send("221 2.0.0 bye\r\n");
            x.connection.close();
        } else {
            x.send("502 5.5.2 unknown command\r\n");
        }
    }

    std::shared_ptr<State> m_state;
    bool m_inData = false;
    int m_authLogin = 0;
};

ScriptedSmtpServer::ScriptedSmtpServer()
    : m_state(std::make_shared<State>()) {
    m_server =
        std::make_unique<ScriptedServer>([state = m_state] { return std::make_unique<Protocol>(state); });
}

ScriptedSmtpServer::~ScriptedSmtpServer() {
    m_server.reset();
}

void ScriptedSmtpServer::on(const QByteArray& verb, Handler handler) {
    QMutexLocker lock(&m_state->mutex);
    m_state->handlers.insert(verb.toUpper(), std::move(handler));
}

void ScriptedSmtpServer::behave() {
    QMutexLocker lock(&m_state->mutex);
    m_state->handlers.clear();
}

int ScriptedSmtpServer::accepted() const {
    QMutexLocker lock(&m_state->mutex);
    return m_state->accepted;
}

} // namespace tributary::test
