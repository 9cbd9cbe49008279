#include "ScriptedHttpServer.h"

#include <QCryptographicHash>
#include <QMutex>
#include <QMutexLocker>

namespace tributary::test {

namespace {
QByteArray reason(int status) {
    switch (status) {
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    default:
        return status >= 500 ? "Server Error" : "Status";
    }
}
} // namespace

void HttpExchange::respond(int status, QByteArrayView body, QByteArrayView contentType) {
    head(status,
         {{"Content-Type", contentType.toByteArray()}, {"Content-Length", QByteArray::number(body.size())}});
    connection.send(body);
}

void HttpExchange::head(int status, const QList<QPair<QByteArray, QByteArray>>& headers) {
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason(status) + "\r\n";
    for (const auto& [name, value] : headers)
        out += name + ": " + value + "\r\n";
    connection.send(out + "\r\n");
}

bool HttpExchange::upgradeToWebSocket() {
    const QByteArray key = request.headers.value("sec-websocket-key");
    if (key.isEmpty() || request.headers.value("upgrade").toLower() != "websocket")
        return false;
    // RFC 6455 section 1.3: SHA-1 of the key and this GUID (a wrong GUID fails every client).
    const QByteArray accept =
        QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", QCryptographicHash::Sha1)
            .toBase64();
    head(101, {{"Upgrade", "websocket"}, {"Connection", "Upgrade"}, {"Sec-WebSocket-Accept", accept}});
    return true;
}

void HttpExchange::sendText(QByteArrayView text) {
    connection.send(frameHeader(quint64(text.size())));
    connection.send(text);
}

QByteArray HttpExchange::frameHeader(quint64 length, quint8 opcode) {
    QByteArray h;
    h.append(char(0x80 | opcode)); // FIN
    if (length < 126) {
        h.append(char(length));
    } else if (length <= 0xffff) {
        h.append(char(126));
        h.append(char(length >> 8));
        h.append(char(length & 0xff));
    } else {
        h.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            h.append(char((length >> shift) & 0xff));
    }
    return h;
}

struct ScriptedHttpServer::State {
    mutable QMutex mutex;
    QHash<QByteArray, Handler> routes;
    QHash<QByteArray, Handler> overrides;
    QHash<QByteArray, int> counts;
};

class ScriptedHttpServer::Protocol : public ScriptedProtocol {
public:
    explicit Protocol(std::shared_ptr<State> state)
        : m_state(std::move(state)) {}

    void received(ScriptedConnection& c, QByteArray& pending) override {
        while (!m_upgraded) {
            const qsizetype headEnd = pending.indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            HttpRequest request;
            const QList<QByteArray> lines = pending.left(headEnd).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            request.method = first.value(0);
            const QByteArray target = first.value(1);
            const qsizetype q = target.indexOf('?');
            request.path = q < 0 ? target : target.left(q);
            request.query = q < 0 ? QByteArray() : target.mid(q + 1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                           lines[i].mid(colon + 1).trimmed());
            }
            const qsizetype length = request.headers.value("content-length").toLongLong();
            if (pending.size() < headEnd + 4 + length)
                return;
            request.body = pending.mid(headEnd + 4, length);
            pending.remove(0, headEnd + 4 + length);
            dispatch(c, std::move(request));
        }
        answerPings(c, pending);
    }

private:
    //! Frames from the client (masked): pings get their pong, as any websocket server answers;
    //! the rest (acks) nobody reads here.
    static void answerPings(ScriptedConnection& c, QByteArray& pending) {
        for (;;) {
            if (pending.size() < 2)
                return;
            const auto* b = reinterpret_cast<const uchar*>(pending.constData());
            const int opcode = b[0] & 0x0f;
            quint64 length = b[1] & 0x7f;
            qsizetype at = 2;
            if (length == 126 || length == 127) {
                const int bytes = length == 126 ? 2 : 8;
                if (pending.size() < at + bytes)
                    return;
                length = 0;
                for (int i = 0; i < bytes; ++i)
                    length = (length << 8) | b[at + i];
                at += bytes;
            }
            const bool masked = (b[1] & 0x80) != 0;
            const qsizetype payloadAt = at + (masked ? 4 : 0);
            if (quint64(pending.size()) < quint64(payloadAt) + length)
                return;
            QByteArray payload = pending.mid(payloadAt, qsizetype(length));
            if (masked) {
                for (qsizetype i = 0; i < payload.size(); ++i)
                    payload[i] = char(payload[i] ^ pending[at + (i % 4)]);
            }
            pending.remove(0, payloadAt + qsizetype(length));
            if (opcode == 0x9) { // ping
                c.send(HttpExchange::frameHeader(quint64(payload.size()), 0xA));
                c.send(payload);
            }
        }
    }

    void dispatch(ScriptedConnection& c, HttpRequest request) {
        HttpExchange x{c, std::move(request), 0};
        Handler handler;
        {
            QMutexLocker lock(&m_state->mutex);
            x.count = ++m_state->counts[x.request.path];
            handler = m_state->overrides.value(x.request.path);
            if (!handler)
                handler = m_state->routes.value(x.request.path);
        }
        if (x.request.headers.value("upgrade").toLower() == "websocket")
            m_upgraded = true; // whatever the script answers, the bytes that follow are frames
        if (handler)
            handler(x);
        else
            x.respond(404, "{\"ok\":false,\"error\":\"unknown_method\"}");
    }

    std::shared_ptr<State> m_state;
    bool m_upgraded = false;
};

ScriptedHttpServer::ScriptedHttpServer()
    : m_state(std::make_shared<State>()) {
    m_server =
        std::make_unique<ScriptedServer>([state = m_state] { return std::make_unique<Protocol>(state); });
}

ScriptedHttpServer::~ScriptedHttpServer() {
    m_server.reset();
}

void ScriptedHttpServer::route(const QByteArray& path, Handler handler) {
    QMutexLocker lock(&m_state->mutex);
    m_state->routes.insert(path, std::move(handler));
}

void ScriptedHttpServer::on(const QByteArray& path, Handler handler) {
    QMutexLocker lock(&m_state->mutex);
    m_state->overrides.insert(path, std::move(handler));
}

void ScriptedHttpServer::behave() {
    QMutexLocker lock(&m_state->mutex);
    m_state->overrides.clear();
}

int ScriptedHttpServer::requests(const QByteArray& path) const {
    QMutexLocker lock(&m_state->mutex);
    return m_state->counts.value(path);
}

} // namespace tributary::test
