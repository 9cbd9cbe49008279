#pragma once

// A loopback TCP fault proxy in front of a test server (Dovecot, Postfix, the Slack
// emulator, the OAuth server): the app connects to the proxy, the proxy to the server. A
// test injects one fault at a time and takes it away again, to show what the app does when
// the network misbehaves mid-conversation:
//   - down:            open connections drop, new ones are refused (closed at once)
//   - latency:         every chunk, both ways, arrives this much later (order kept)
//   - throttle:        each direction carries at most N bytes a second
//   - black hole:      connections are accepted, nothing goes through either way, nothing closes
//   - reset:           the server's answer is cut after N bytes with a TCP reset (RST)
//   - half-close:      the server's side ends (FIN) after N bytes; the client may still write
//   - lose the answer: once the client has sent N bytes (a request, a whole message), the
//                      server's next bytes are dropped and the connection reset; what the
//                      client sent did arrive, its answer never comes back
//   - cut the upload:  once the client has sent N bytes, the connection is reset; the rest
//                      of what it sends never reaches the server
// Faults apply to connections accepted while they are set, and to those already open
// (latency, throttle and the black hole at once; the byte-counting ones count from the
// moment they are armed). Losing an answer and cutting an upload happen once (the next
// attempt goes through, as after a passing glitch); resets and half-closes of answers go on
// until clearFaults(). Runs on the thread that created it: the test's event loop pumps
// it while the test waits (Await.h). TLS passes through untouched (the proxy never reads it).

#include <QElapsedTimer>
#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <algorithm>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <sys/socket.h>
#include <vector>

namespace tributary::test {

class TcpProxy {
public:
    TcpProxy(QString targetHost, quint16 targetPort)
        : m_targetHost(std::move(targetHost))
        , m_targetPort(targetPort) {
        m_clock.start();
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] { accept(); });
    }
    ~TcpProxy() { cut(false); }
    TcpProxy(const TcpProxy&) = delete;
    TcpProxy& operator=(const TcpProxy&) = delete;

    quint16 port() const { return m_server.serverPort(); }

    //! Takes the "server" away: open connections drop, new ones are closed at once.
    void setDown(bool down) {
        m_down = down;
        if (down)
            cut(false);
    }
    bool isDown() const { return m_down; }
    //! Every chunk arrives this much later, both ways.
    void setLatency(std::chrono::milliseconds latency) { m_latency = latency; }
    //! At most this many bytes a second each way (0: unlimited).
    void setThrottle(qint64 bytesPerSecond) { m_throttle = bytesPerSecond; }
    //! Nothing goes through and nothing closes: the peer seems frozen (the server stopped,
    //! or the network gone without a word). What is sent meanwhile waits, as TCP would keep
    //! retransmitting it; lifting the black hole delivers it, and closes the connections
    //! whose client gave up meanwhile.
    void setBlackHole(bool on) {
        m_blackHole = on;
        if (on)
            return;
        std::vector<Pipe*> gone;
        for (auto& pipe : m_pipes) {
            if (!pipe->client || pipe->client->state() != QAbstractSocket::ConnectedState)
                gone.push_back(pipe.get());
        }
        for (Pipe* p : gone)
            drop(p, false);
        for (auto& pipe : m_pipes) {
            for (Direction* d : {&pipe->up, &pipe->down})
                flush(*d);
        }
    }
    bool isBlackHole() const { return m_blackHole; }
    //! The next answers are cut with a TCP reset after `bytes` of them (per connection).
    void resetAnswersAfter(qint64 bytes) { arm(Arm::Reset, bytes); }
    //! The next answers end (FIN, the server's side half-closed) after `bytes` of them.
    void halfCloseAnswersAfter(qint64 bytes) { arm(Arm::HalfClose, bytes); }
    //! Once a client has sent `bytes` more, its next answer is lost and the connection reset.
    void loseAnswerAfterUpload(qint64 bytes) { arm(Arm::LoseAnswer, bytes); }
    //! Once a client has sent `bytes` more, the connection is reset mid-upload. Connections
    //! accepted while this is armed get a small receive buffer (kUploadWindow), so a client
    //! can have written at most `bytes` + that + its own send buffer when the reset comes: an
    //! upload larger than that is provably cut before its end, however late this process runs.
    void resetUploadAfter(qint64 bytes) { arm(Arm::ResetUpload, bytes); }
    static constexpr int kUploadWindow = 64 * 1024;
    //! Back to a clean line (the down state stays as set).
    void clearFaults() {
        m_latency = {};
        m_throttle = 0;
        m_arm = Arm::None;
        for (auto& pipe : m_pipes)
            pipe->arm = Arm::None;
        setBlackHole(false);
    }

    int accepted() const { return m_accepted; }
    //! Connections the proxy reset or half-closed because of an armed fault.
    int faultsFired() const { return m_fired; }
    qint64 bytesUp() const { return m_bytesUp; }
    qint64 bytesDown() const { return m_bytesDown; }
    int openConnections() const { return int(m_pipes.size()); }

private:
    enum class Arm { None, Reset, HalfClose, LoseAnswer, ResetUpload };
    struct Chunk {
        QByteArray data;
        qint64 dueMs = 0;
    };
    struct Pipe;
    struct Direction {
        Pipe* owner = nullptr;
        QPointer<QTcpSocket> from;
        QPointer<QTcpSocket> to;
        bool up = false; //!< client -> server
        std::deque<Chunk> queue;
        qint64 lastDueMs = 0;
        std::unique_ptr<QTimer> timer;
    };
    struct Pipe {
        QPointer<QTcpSocket> client;
        std::unique_ptr<QTcpSocket> upstream;
        Direction up;
        Direction down;
        Arm arm = Arm::None;
        qint64 armBytes = 0; //!< the threshold
        qint64 counted = 0;  //!< bytes counted toward it since armed
        bool halfClosed = false;
        bool upstreamClosed = false;
    };

    void arm(Arm kind, qint64 bytes) {
        m_arm = kind;
        m_armBytes = bytes;
        for (auto& pipe : m_pipes) {
            pipe->arm = kind;
            pipe->armBytes = bytes;
            pipe->counted = 0;
        }
    }

    void accept() {
        while (QTcpSocket* client = m_server.nextPendingConnection()) {
            ++m_accepted;
            if (m_down) {
                client->abort();
                client->deleteLater();
                continue;
            }
            auto pipe = std::make_unique<Pipe>();
            Pipe* p = pipe.get();
            p->client = client;
            if (m_arm == Arm::ResetUpload)
                client->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, kUploadWindow);
            p->upstream = std::make_unique<QTcpSocket>();
            p->arm = m_arm;
            p->armBytes = m_armBytes;
            QTcpSocket* upstream = p->upstream.get();
            p->up.from = client;
            p->up.to = upstream;
            p->up.up = true;
            p->down.from = upstream;
            p->down.to = client;
            p->up.owner = p;
            p->down.owner = p;
            for (Direction* d : {&p->up, &p->down}) {
                d->timer = std::make_unique<QTimer>();
                d->timer->setSingleShot(true);
                QObject::connect(d->timer.get(), &QTimer::timeout, &m_server, [this, d] { flush(*d); });
            }
            QObject::connect(client, &QTcpSocket::readyRead, &m_server, [this, p] { onData(*p, p->up); });
            QObject::connect(upstream, &QTcpSocket::readyRead, &m_server, [this, p] { onData(*p, p->down); });
            QObject::connect(upstream, &QTcpSocket::connected, &m_server, [this, p] { flush(p->up); });
            QObject::connect(client, &QTcpSocket::disconnected, &m_server, [this, p] {
                if (!m_blackHole)
                    drop(p, false);
            });
            QObject::connect(upstream, &QTcpSocket::disconnected, &m_server, [this, p] {
                // What the server said last still reaches the client (flush), then the close.
                p->upstreamClosed = true;
                if (!m_blackHole && p->down.queue.empty())
                    drop(p, false);
            });
            upstream->connectToHost(m_targetHost, m_targetPort);
            m_pipes.push_back(std::move(pipe));
        }
    }

    void onData(Pipe& p, Direction& d) {
        if (!d.from)
            return;
        QByteArray data = d.from->readAll();
        if (data.isEmpty())
            return;
        if (d.up) {
            m_bytesUp += data.size();
            if (p.arm == Arm::ResetUpload && p.counted + data.size() >= p.armBytes) {
                fire(&p, true);
                return;
            }
            if (p.arm == Arm::LoseAnswer || p.arm == Arm::ResetUpload)
                p.counted += data.size();
        } else {
            m_bytesDown += data.size();
            if (p.halfClosed)
                return; // the server's side is closed: nothing more reaches the client
            if (p.arm == Arm::LoseAnswer && p.counted >= p.armBytes) {
                fire(&p, true);
                return;
            }
            if (p.arm == Arm::Reset || p.arm == Arm::HalfClose) {
                const qint64 room = p.armBytes - p.counted;
                if (data.size() >= room) {
                    data.truncate(std::max<qint64>(0, room));
                    enqueue(d, data);
                    fireAfterFlush(&p, d, p.arm == Arm::Reset);
                    return;
                }
                p.counted += data.size();
            }
        }
        enqueue(d, data);
    }

    void enqueue(Direction& d, const QByteArray& data) {
        const qint64 now = m_clock.elapsed();
        qint64 due = std::max(now + qint64(m_latency.count()), d.lastDueMs);
        if (m_throttle > 0) {
            // Slices of 1/20 s worth, each due when the line would have carried it.
            const qint64 slice = std::max<qint64>(1, m_throttle / 20);
            for (qint64 at = 0; at < data.size(); at += slice) {
                const QByteArray part = data.mid(at, slice);
                due = std::max(due, d.lastDueMs) + part.size() * 1000 / m_throttle;
                d.queue.push_back(Chunk{part, due});
                d.lastDueMs = due;
            }
        } else if (!data.isEmpty()) {
            d.queue.push_back(Chunk{data, due});
            d.lastDueMs = due;
        }
        flush(d);
    }

    void flush(Direction& d) {
        if (m_blackHole)
            return;
        if (!d.to || (d.up && d.to->state() != QAbstractSocket::ConnectedState))
            return; // upstream still connecting: sent on `connected`
        const qint64 now = m_clock.elapsed();
        while (!d.queue.empty() && d.queue.front().dueMs <= now) {
            d.to->write(d.queue.front().data);
            d.queue.pop_front();
        }
        if (!d.queue.empty())
            d.timer->start(int(std::max<qint64>(1, d.queue.front().dueMs - now)));
        else if (!d.up && d.owner->upstreamClosed)
            drop(d.owner, false);
    }

    void fireAfterFlush(Pipe* p, Direction& d, bool reset) {
        ++m_fired;
        p->arm = Arm::None;
        if (!reset)
            p->halfClosed = true;
        // Once what may pass has reached the client: the reset or the FIN.
        auto finish = std::make_shared<std::function<void()>>();
        std::weak_ptr<std::function<void()>> weak = finish;
        Direction* direction = &d;
        *finish = [this, p, direction, reset, weak] {
            if (!contains(p))
                return;
            if (!direction->queue.empty()) {
                if (auto again = weak.lock())
                    QTimer::singleShot(5, &m_server, [again] { (*again)(); });
                return;
            }
            if (reset) {
                drop(p, true);
            } else if (p->client) {
                p->client->flush();
                ::shutdown(int(p->client->socketDescriptor()), SHUT_WR);
            }
        };
        QTimer::singleShot(0, &m_server, [finish] { (*finish)(); });
    }

    void fire(Pipe* p, bool reset) {
        ++m_fired;
        // Once: the next connection (the retry) gets through.
        m_arm = Arm::None;
        for (auto& pipe : m_pipes)
            pipe->arm = Arm::None;
        if (reset)
            drop(p, true);
    }

    bool contains(const Pipe* p) const {
        return std::any_of(m_pipes.begin(), m_pipes.end(), [p](const auto& q) { return q.get() == p; });
    }

    //! Closes both ends; `reset` sends a TCP RST (SO_LINGER 0) instead of a FIN.
    void drop(Pipe* p, bool reset) {
        auto it = std::find_if(m_pipes.begin(), m_pipes.end(), [p](const auto& q) { return q.get() == p; });
        if (it == m_pipes.end())
            return;
        std::unique_ptr<Pipe> owned = std::move(*it);
        m_pipes.erase(it);
        for (Direction* d : {&owned->up, &owned->down}) {
            if (d->timer)
                d->timer->stop();
        }
        for (QObject* socket :
             {static_cast<QObject*>(owned->client.data()), static_cast<QObject*>(owned->upstream.get())})
            if (socket)
                QObject::disconnect(socket, nullptr, &m_server, nullptr);
        close(owned->client.data(), reset);
        close(owned->upstream.get(), reset);
        if (owned->client)
            owned->client->deleteLater();
        // The upstream socket may be inside its own signal: delete it from the event loop.
        owned->upstream.release()->deleteLater();
        for (Direction* d : {&owned->up, &owned->down}) {
            if (d->timer)
                d->timer.release()->deleteLater();
        }
    }

    static void close(QTcpSocket* socket, bool reset) {
        if (!socket)
            return;
        if (reset && socket->socketDescriptor() >= 0) {
            const linger hard{1, 0};
            ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        }
        socket->abort();
    }

    void cut(bool reset) {
        while (!m_pipes.empty())
            drop(m_pipes.front().get(), reset);
    }

    QString m_targetHost;
    quint16 m_targetPort;
    QTcpServer m_server;
    QElapsedTimer m_clock;
    std::vector<std::unique_ptr<Pipe>> m_pipes;
    bool m_down = false;
    bool m_blackHole = false;
    std::chrono::milliseconds m_latency{0};
    qint64 m_throttle = 0;
    Arm m_arm = Arm::None;
    qint64 m_armBytes = 0;
    int m_accepted = 0;
    int m_fired = 0;
    qint64 m_bytesUp = 0;
    qint64 m_bytesDown = 0;
};

} // namespace tributary::test
