#include "ScriptedServer.h"

#include <QMetaObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <list>

namespace tributary::test {

namespace {
//! How far a stream may run ahead of what the client has read.
constexpr qint64 kStreamAhead = 1024 * 1024;
} // namespace

// ---------------------------------------------------------------------------------------

ScriptedConnection::ScriptedConnection(QTcpSocket* socket, int index)
    : m_socket(socket)
    , m_index(index) {
    QObject::connect(socket, &QTcpSocket::bytesWritten, socket, [this] { pump(); });
}

ScriptedConnection::~ScriptedConnection() = default;

void ScriptedConnection::send(QByteArrayView bytes) {
    if (isOpen())
        m_socket->write(bytes.data(), bytes.size());
}

void ScriptedConnection::stream(QByteArray chunk, qint64 total, std::function<void()> then) {
    if (chunk.isEmpty())
        return;
    m_chunk = std::move(chunk);
    m_streamLeft = total;
    m_afterStream = std::move(then);
    pump();
}

void ScriptedConnection::pump() {
    while (m_streamLeft != 0 && isOpen() && m_socket->bytesToWrite() < kStreamAhead) {
        const qint64 n = m_streamLeft < 0 ? m_chunk.size() : std::min<qint64>(m_chunk.size(), m_streamLeft);
        m_socket->write(m_chunk.constData(), n);
        if (m_streamLeft > 0)
            m_streamLeft -= n;
    }
    if (m_streamLeft == 0 && m_afterStream) {
        auto then = std::move(m_afterStream);
        m_afterStream = {};
        then();
    }
}

void ScriptedConnection::close() {
    m_streamLeft = 0;
    if (isOpen())
        m_socket->disconnectFromHost();
}

void ScriptedConnection::abort() {
    m_streamLeft = 0;
    if (m_socket)
        m_socket->abort();
}

bool ScriptedConnection::isOpen() const {
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

// ---------------------------------------------------------------------------------------

struct ScriptedServer::Host {
    struct Peer {
        QTcpSocket* socket = nullptr;
        std::unique_ptr<ScriptedConnection> connection;
        std::unique_ptr<ScriptedProtocol> protocol;
        QByteArray pending;
    };

    ProtocolFactory factory;
    std::atomic<int>* counter = nullptr;
    QTcpServer server;
    std::list<Peer> peers;

    void accept() {
        while (QTcpSocket* socket = server.nextPendingConnection()) {
            const int index = ++*counter;
            peers.emplace_back();
            Peer& peer = peers.back();
            peer.socket = socket;
            peer.connection = std::make_unique<ScriptedConnection>(socket, index);
            peer.protocol = factory();
            Peer* p = &peer;
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [p] {
                p->pending += p->socket->readAll();
                p->protocol->received(*p->connection, p->pending);
            });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, [this, p] { forget(p); });
            peer.protocol->started(*peer.connection);
        }
    }

    //! The client went away. The peer goes later: a script may be running on it right now
    //! (abort() emits disconnected before it returns).
    void forget(Peer* p) {
        p->connection->m_socket = nullptr;
        QMetaObject::invokeMethod(
            &server,
            [this, p] {
                for (auto it = peers.begin(); it != peers.end(); ++it) {
                    if (&*it == p) {
                        it->socket->deleteLater();
                        peers.erase(it);
                        return;
                    }
                }
            },
            Qt::QueuedConnection);
    }

    void dropAll() {
        while (!peers.empty()) {
            Peer& p = peers.front();
            QTcpSocket* socket = p.socket;
            QObject::disconnect(socket, nullptr, nullptr, nullptr);
            p.connection->m_socket = nullptr;
            socket->abort();
            socket->deleteLater();
            peers.pop_front();
        }
    }
};

ScriptedServer::ScriptedServer(ProtocolFactory factory)
    : m_thread(std::make_unique<QThread>())
    , m_context(new QObject) {
    m_thread->setObjectName(QStringLiteral("scripted-server"));
    m_context->moveToThread(m_thread.get());
    m_thread->start();
    runOnServerThread([this, &factory] {
        m_host = new Host;
        m_host->factory = std::move(factory);
        m_host->counter = &m_connections;
        QObject::connect(&m_host->server, &QTcpServer::newConnection, &m_host->server,
                         [h = m_host] { h->accept(); });
        m_host->server.listen(QHostAddress::LocalHost, 0);
        m_port = m_host->server.serverPort();
    });
}

ScriptedServer::~ScriptedServer() {
    runOnServerThread([this] {
        m_host->dropAll();
        delete m_host;
        m_host = nullptr;
    });
    m_thread->quit();
    m_thread->wait();
    delete m_context; // its thread has ended: nothing can reach it any more
}

void ScriptedServer::dropAll() {
    runOnServerThread([this] { m_host->dropAll(); });
}

void ScriptedServer::runOnServerThread(const std::function<void()>& f) {
    if (QThread::currentThread() == m_thread.get()) {
        f();
        return;
    }
    QMetaObject::invokeMethod(m_context, f, Qt::BlockingQueuedConnection);
}

} // namespace tributary::test
