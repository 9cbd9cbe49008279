#pragma once

// A loopback TCP proxy in front of a test server that a test can take down and bring back
// up, to show what the app does when the server goes away mid-conversation, or turn into a
// black hole (the server frozen, or the network gone without a word: connections stay open
// and nothing comes back). Runs on the thread that created it (the test's event loop pumps
// it while the test waits).

#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <memory>
#include <vector>

namespace tributary::test {

class TcpProxy {
public:
    TcpProxy(QString targetHost, quint16 targetPort)
        : m_targetHost(std::move(targetHost))
        , m_targetPort(targetPort) {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] { accept(); });
    }
    ~TcpProxy() { cut(); }

    quint16 port() const { return m_server.serverPort(); }
    //! Takes the "server" away: open connections drop, new ones are closed at once.
    void setDown(bool down) {
        m_down = down;
        if (down)
            cut();
    }
    bool isDown() const { return m_down; }
    //! Black hole: open connections stay open but nothing passes either way and closing
    //! one is not passed on; new ones are accepted and held. Lifting it lets new traffic
    //! through again (what was sent meanwhile is lost) and closes what the client gave up.
    void setBlackHole(bool on) {
        m_blackHole = on;
        if (on)
            return;
        for (auto& pipe : m_pipes) {
            if (!pipe->client || pipe->client->state() != QAbstractSocket::ConnectedState)
                pipe->upstream->abort();
            else if (pipe->upstream->state() == QAbstractSocket::UnconnectedState)
                pipe->upstream->connectToHost(m_targetHost, m_targetPort);
        }
    }
    bool isBlackHole() const { return m_blackHole; }
    int accepted() const { return m_accepted; }

private:
    struct Pipe {
        QPointer<QTcpSocket> client;
        std::unique_ptr<QTcpSocket> upstream;
    };

    void accept() {
        while (QTcpSocket* client = m_server.nextPendingConnection()) {
            ++m_accepted;
            if (m_down) {
                client->abort();
                client->deleteLater();
                continue;
            }
            auto pipe = std::make_unique<Pipe>();
            pipe->client = client;
            pipe->upstream = std::make_unique<QTcpSocket>();
            QTcpSocket* upstream = pipe->upstream.get();
            QObject::connect(client, &QTcpSocket::readyRead, upstream, [this, client, upstream] {
                const QByteArray data = client->readAll();
                if (!m_blackHole)
                    upstream->write(data); // buffered while the upstream connection is being made
            });
            QObject::connect(upstream, &QTcpSocket::readyRead, client, [this, client, upstream] {
                const QByteArray data = upstream->readAll();
                if (!m_blackHole)
                    client->write(data);
            });
            QObject::connect(client, &QTcpSocket::disconnected, upstream, [this, upstream] {
                if (!m_blackHole)
                    upstream->disconnectFromHost();
            });
            QObject::connect(upstream, &QTcpSocket::disconnected, client, [this, client] {
                if (!m_blackHole)
                    client->disconnectFromHost();
            });
            if (!m_blackHole)
                upstream->connectToHost(m_targetHost, m_targetPort);
            m_pipes.push_back(std::move(pipe));
        }
    }

    void cut() {
        for (auto& pipe : m_pipes) {
            if (pipe->client) {
                pipe->client->abort();
                pipe->client->deleteLater();
            }
            pipe->upstream->abort();
        }
        m_pipes.clear();
    }

    QString m_targetHost;
    quint16 m_targetPort;
    QTcpServer m_server;
    std::vector<std::unique_ptr<Pipe>> m_pipes;
    bool m_down = false;
    bool m_blackHole = false;
    int m_accepted = 0;
};

} // namespace tributary::test
