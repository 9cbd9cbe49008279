#pragma once

// A loopback HTTP/1.1 server for tests that need to see exactly what a client sent (and
// that nothing was sent): every request is recorded, and answered with whatever the
// test's function returns for it.

#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <functional>
#include <gtest/gtest.h>

namespace tributary::test {

struct RecordedRequest {
    QByteArray method;
    QByteArray path;
    QByteArray head; //!< request line and headers
    QByteArray body;
};

//! A loopback HTTP/1.1 server that records every request and answers each with what
//! `answer` returns for it (a whole response, status line to body).
class RecordingHttpServer : public QObject {
public:
    using Answer = std::function<QByteArray(const RecordedRequest&)>;

    explicit RecordingHttpServer(Answer answer)
        : m_answer(std::move(answer)) {
        EXPECT_TRUE(m_server.listen(QHostAddress::LocalHost, 0));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                ++connections;
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    QString url(const QString& path) const {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
    }

    int connections = 0;
    QList<RecordedRequest> requests;

private:
    void read(QTcpSocket* socket) {
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            RecordedRequest r;
            r.head = buffer.left(end);
            const QList<QByteArray> words = r.head.left(r.head.indexOf("\r\n")).split(' ');
            r.method = words.value(0);
            r.path = words.value(1);
            qsizetype length = 0;
            for (const QByteArray& line : r.head.split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            if (buffer.size() < end + 4 + length)
                return;
            r.body = buffer.mid(end + 4, length);
            buffer.remove(0, end + 4 + length);
            requests.append(r);
            socket->write(m_answer(r));
        }
    }

    Answer m_answer;
    QTcpServer m_server;
    QHash<QTcpSocket*, QByteArray> m_buffers;
};

} // namespace tributary::test
