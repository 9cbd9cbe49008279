#include "ImapFetchFloor.h"

#include "ImapBenchOptions.h"
#include "imap/ImapEnvelopes.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <cstdio>
#include <stdexcept>

namespace tributary::bench {

namespace {

constexpr int kTimeoutMs = 120 * 1000;

struct FloorError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

//! A blocking IMAP conversation that understands just enough to log in and select.
class RawImap {
public:
    explicit RawImap(const ImapBenchOptions& options)
        : m_options(options) {}

    void open() {
        if (m_options.tls || m_options.startTls) {
            QSslConfiguration config = QSslConfiguration::defaultConfiguration();
            if (!m_options.caCertificate.isEmpty()) {
                const QList<QSslCertificate> certs = QSslCertificate::fromPath(m_options.caCertificate);
                if (certs.isEmpty())
                    throw FloorError("no certificate in " + m_options.caCertificate.toStdString());
                config.addCaCertificates(certs);
            }
            m_socket.setSslConfiguration(config);
            m_socket.setPeerVerifyName(m_options.host);
        }
        if (m_options.tls) {
            m_socket.connectToHostEncrypted(m_options.host, quint16(m_options.port));
            if (!m_socket.waitForEncrypted(kTimeoutMs))
                throw FloorError("TLS connection failed: " + m_socket.errorString().toStdString());
        } else {
            m_socket.connectToHost(m_options.host, quint16(m_options.port));
            if (!m_socket.waitForConnected(kTimeoutMs))
                throw FloorError("connection failed: " + m_socket.errorString().toStdString());
        }
        readUntilLine("* OK");
        if (m_options.startTls) {
            command("s1", "STARTTLS");
            m_socket.startClientEncryption();
            if (!m_socket.waitForEncrypted(kTimeoutMs))
                throw FloorError("STARTTLS failed: " + m_socket.errorString().toStdString());
        }
        command("l1", "LOGIN " + quoted(m_options.user.toUtf8()) + ' ' + quoted(m_options.password()));
    }

    //! SELECTs the folder; its message count (EXISTS).
    quint32 select(const QString& folder) {
        const QByteArray reply = command("x1", "SELECT " + quoted(folder.toUtf8()));
        quint32 exists = 0;
        for (const QByteArray& line : reply.split('\n')) {
            const QList<QByteArray> words = line.trimmed().split(' ');
            if (words.size() == 3 && words[0] == "*" && words[2].toUpper() == "EXISTS")
                exists = words[1].toUInt();
        }
        return exists;
    }

    //! Sends `text` and reads every byte until the tagged reply, looking only at the last
    //! line of what has arrived. Returns the byte count.
    qint64 stream(const QByteArray& tag, const QByteArray& text) {
        send(tag + ' ' + text + "\r\n");
        const QByteArray prefix = tag + ' ';
        QByteArray tail;
        qint64 bytes = 0;
        for (;;) {
            if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(kTimeoutMs))
                throw FloorError("no reply: " + m_socket.errorString().toStdString());
            const QByteArray chunk = m_socket.readAll();
            bytes += chunk.size();
            tail += chunk.right(512);
            tail = tail.right(512);
            if (!tail.endsWith("\r\n"))
                continue;
            const qsizetype previous = tail.lastIndexOf("\r\n", tail.size() - 3);
            const QByteArray last = tail.mid(previous < 0 ? 0 : previous + 2);
            if (!last.startsWith(prefix))
                continue;
            if (!last.mid(prefix.size()).startsWith("OK"))
                throw FloorError("server refused: " + last.trimmed().toStdString());
            return bytes;
        }
    }

    void logout() {
        send("z1 LOGOUT\r\n");
        m_socket.waitForBytesWritten(1000);
        m_socket.disconnectFromHost();
    }

private:
    static QByteArray quoted(const QByteArray& s) {
        QByteArray out = "\"";
        for (const char c : s) {
            if (c == '"' || c == '\\')
                out += '\\';
            out += c;
        }
        return out + '"';
    }

    void send(const QByteArray& bytes) {
        m_socket.write(bytes);
        if (!m_socket.waitForBytesWritten(kTimeoutMs))
            throw FloorError("write failed: " + m_socket.errorString().toStdString());
    }

    //! Reads lines until one starts with `prefix`; returns everything read.
    QByteArray readUntilLine(const QByteArray& prefix) {
        QByteArray all;
        for (;;) {
            while (!m_socket.canReadLine()) {
                if (!m_socket.waitForReadyRead(kTimeoutMs))
                    throw FloorError("no reply: " + m_socket.errorString().toStdString());
            }
            const QByteArray line = m_socket.readLine();
            all += line;
            if (line.startsWith(prefix))
                return all;
        }
    }

    //! A short command whose reply has no literals; throws unless it ends in OK.
    QByteArray command(const QByteArray& tag, const QByteArray& text) {
        send(tag + ' ' + text + "\r\n");
        const QByteArray reply = readUntilLine(tag + ' ');
        const QByteArray last = reply.mid(reply.lastIndexOf("\n" + tag + ' ') + 1);
        if (!last.mid(tag.size() + 1).startsWith("OK")) {
            // Never echo a LOGIN line: only the server's words.
            throw FloorError("server refused " + text.left(text.indexOf(' ')).toStdString() + ": " +
                             last.trimmed().toStdString());
        }
        return reply;
    }

    const ImapBenchOptions& m_options;
    QSslSocket m_socket;
};

} // namespace

int runImapFetchFloor(const ImapBenchOptions& options) {
    try {
        RawImap imap(options);
        imap.open();
        const quint32 messages = imap.select(options.folder);
        QElapsedTimer timer;
        timer.start();
        const qint64 bytes = imap.stream("f1", "UID FETCH 1:* " + imap::kEnvelopeItems);
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        imap.logout();
        const QJsonObject out{{QStringLiteral("messages"), qint64(messages)},
                              {QStringLiteral("seconds"), seconds},
                              {QStringLiteral("bytes"), bytes}};
        std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
        return 0;
    } catch (const FloorError& e) {
        std::fprintf(stderr, "imap-fetch-floor: %s\n", e.what());
        return 1;
    }
}

} // namespace tributary::bench
