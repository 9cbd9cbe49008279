#pragma once

// A TCP peer on 127.0.0.1 that plays a script instead of a real protocol implementation: the
// base of the hostile servers (ScriptedImapServer, ScriptedSmtpServer, ScriptedHttpServer).
// It runs on a thread of its own, so a test may block (on a child process, on a future) while
// the server keeps streaming, and what the server buffers is bounded: streamed data is written
// only while less than a megabyte waits in the socket, so the memory a test measures is the
// client's.

#include <QByteArray>
#include <QHostAddress>
#include <QMutex>
#include <atomic>
#include <functional>
#include <memory>

class QObject;
class QTcpServer;
class QTcpSocket;
class QThread;

namespace tributary::test {

//! One accepted connection, as a script sees it. Lives on the server's thread; every call a
//! script makes runs there.
class ScriptedConnection {
public:
    explicit ScriptedConnection(QTcpSocket* socket, int index);
    ~ScriptedConnection();

    //! 1 for the first connection the server accepted, 2 for the next ...
    int index() const { return m_index; }
    void send(QByteArrayView bytes);
    //! Sends `chunk` again and again, never more than a megabyte ahead of the client, until
    //! `total` bytes went out (then calls `then`, if given) or the client goes away. -1: forever.
    void stream(QByteArray chunk, qint64 total = -1, std::function<void()> then = {});
    //! Whether a stream() is still running.
    bool streaming() const { return m_streamLeft != 0; }
    //! Closes after what was sent so far has gone out.
    void close();
    //! Drops the connection at once (a reset, not a goodbye).
    void abort();
    bool isOpen() const;

private:
    void pump();

    QTcpSocket* m_socket;
    int m_index;
    QByteArray m_chunk;
    qint64 m_streamLeft = 0;
    std::function<void()> m_afterStream;
    friend class ScriptedServer;
};

//! The protocol half of a scripted server: one per connection, on the server's thread.
class ScriptedProtocol {
public:
    virtual ~ScriptedProtocol() = default;
    //! The client connected (send a greeting here).
    virtual void started(ScriptedConnection& connection) { (void)connection; }
    //! Bytes arrived: `pending` holds everything not consumed yet; take what makes sense.
    virtual void received(ScriptedConnection& connection, QByteArray& pending) = 0;
};

class ScriptedServer {
public:
    using ProtocolFactory = std::function<std::unique_ptr<ScriptedProtocol>()>;

    explicit ScriptedServer(ProtocolFactory factory);
    ~ScriptedServer();
    ScriptedServer(const ScriptedServer&) = delete;
    ScriptedServer& operator=(const ScriptedServer&) = delete;

    quint16 port() const { return m_port; }
    //! Connections accepted so far.
    int connections() const { return m_connections.load(); }
    //! Drops every open connection (from any thread; returns once they are gone).
    void dropAll();
    //! Runs `f` on the server's thread and waits for it.
    void runOnServerThread(const std::function<void()>& f);

private:
    struct Host;
    std::unique_ptr<QThread> m_thread;
    QObject* m_context;     //!< lives on m_thread: where runOnServerThread() runs
    Host* m_host = nullptr; //!< lives on m_thread, deleted there
    quint16 m_port = 0;
    std::atomic<int> m_connections{0};
};

} // namespace tributary::test
