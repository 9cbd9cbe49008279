#include "ScriptedImapServer.h"

#include <QMutexLocker>
#include <algorithm>

namespace tributary::test {

namespace {

const QByteArray kCapabilities = "IMAP4rev1 LITERAL+ ESEARCH UIDPLUS IDLE";

QByteArray defaultGreeting() {
    return "* OK [CAPABILITY " + kCapabilities + "] scripted server ready\r\n";
}

//! "1:3,5,9:*" against the UIDs a mailbox has ("*" is the highest).
QList<quint32> select(QByteArrayView set, const QList<quint32>& uids) {
    QList<quint32> out;
    const quint32 highest = uids.isEmpty() ? 0 : uids.last();
    auto value = [highest](QByteArrayView v) -> quint32 {
        return v == "*" ? highest : v.toByteArray().toUInt();
    };
    for (const QByteArray& range : set.toByteArray().split(',')) {
        const qsizetype colon = range.indexOf(':');
        quint32 lo = value(colon < 0 ? range : range.first(colon));
        quint32 hi = colon < 0 ? lo : value(range.sliced(colon + 1));
        if (lo > hi)
            std::swap(lo, hi);
        for (quint32 uid : uids) {
            if (uid >= lo && uid <= hi && !out.contains(uid))
                out.append(uid);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

QByteArray formatSet(const QList<quint32>& ascending) {
    QByteArray out;
    for (qsizetype i = 0; i < ascending.size();) {
        qsizetype j = i;
        while (j + 1 < ascending.size() && ascending[j + 1] == ascending[j] + 1)
            ++j;
        out += (out.isEmpty() ? "" : ",") + QByteArray::number(ascending[i]);
        if (j > i)
            out += ':' + QByteArray::number(ascending[j]);
        i = j + 1;
    }
    return out;
}

} // namespace

struct ScriptedImapServer::State {
    mutable QMutex mutex;
    QList<quint32> uids;
    quint32 uidValidity = 1700000000;
    QByteArray greeting = defaultGreeting();
    QHash<QByteArray, Handler> handlers;
    QHash<QByteArray, int> counts;
};

QByteArray ScriptedImapServer::rawMessage(quint32 uid) {
    const QByteArray n = QByteArray::number(uid);
    return "From: Sender <sender@example.test>\r\nTo: me@example.test\r\nSubject: Message " + n +
           "\r\nDate: Thu, 01 Jan 2026 10:00:00 +0000\r\nMessage-ID: <" + n +
           "@example.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBody of "
           "message " +
           n + ".\r\n";
}

QByteArray ScriptedImapServer::envelopeItems(quint32 uid) {
    const QByteArray n = QByteArray::number(uid);
    const QByteArray sender = "((\"Sender\" NIL \"sender\" \"example.test\"))";
    return "UID " + n + " FLAGS (\\Seen) INTERNALDATE \"01-Jan-2026 10:00:00 +0000\" RFC822.SIZE " +
           QByteArray::number(rawMessage(uid).size()) +
           " ENVELOPE (\"Thu, 01 Jan 2026 10:00:00 +0000\" \"Message " + n + "\" " + sender + " " + sender +
           " " + sender + " ((NIL NIL \"me\" \"example.test\")) NIL NIL NIL \"<" + n +
           "@example.test>\") BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 20 "
           "1 NIL "
           "NIL NIL NIL) BODY[HEADER.FIELDS (REFERENCES)] {2}\r\n\r\n";
}

//! One connection's side of the conversation.
class ScriptedImapServer::Protocol : public ScriptedProtocol {
public:
    explicit Protocol(std::shared_ptr<State> state)
        : m_state(std::move(state)) {}

    void started(ScriptedConnection& c) override {
        QMutexLocker lock(&m_state->mutex);
        const QByteArray greeting = m_state->greeting;
        const Handler handler = m_state->handlers.value("GREETING");
        const int count = ++m_state->counts["GREETING"];
        lock.unlock();
        ImapExchange x{c, {}, "GREETING", {}, count, {}};
        x.answerNormally = [&c, greeting] {
            c.send(greeting);
        };
        if (handler)
            handler(x);
        else
            x.answerNormally();
    }

    void received(ScriptedConnection& c, QByteArray& pending) override {
        for (;;) {
            const qsizetype eol = pending.indexOf("\r\n", m_scan);
            if (eol < 0)
                return;
            // A literal from the client ("{12}" or "{12+}" at the end of the line): its bytes
            // belong to the command.
            const QByteArrayView line(pending.constData(), eol);
            if (line.endsWith('}')) {
                const qsizetype open = line.lastIndexOf('{');
                QByteArray size = line.sliced(open + 1, line.size() - open - 2).toByteArray();
                const bool nonSync = size.endsWith('+');
                if (nonSync)
                    size.chop(1);
                bool ok = false;
                const qsizetype n = size.toLongLong(&ok);
                if (open >= 0 && ok) {
                    if (!nonSync && !m_continued) {
                        c.send("+ go ahead\r\n");
                        m_continued = true;
                    }
                    if (pending.size() < eol + 2 + n)
                        return;
                    m_scan = eol + 2 + n;
                    m_continued = false;
                    continue;
                }
            }
            const QByteArray command = pending.left(eol);
            pending.remove(0, eol + 2);
            m_scan = 0;
            handle(c, command);
        }
    }

private:
    void handle(ScriptedConnection& c, const QByteArray& line) {
        if (!m_idleTag.isEmpty()) {
            if (line.trimmed().toUpper() == "DONE") {
                c.send(m_idleTag + " OK idle done\r\n");
                m_idleTag.clear();
            }
            return;
        }
        QByteArrayList words = line.split(' ');
        const QByteArray tag = words.value(0);
        QByteArray verb = words.value(1).toUpper();
        qsizetype argsAt = tag.size() + 1 + verb.size() + 1;
        if (verb == "UID") {
            verb += ' ' + words.value(2).toUpper();
            argsAt += words.value(2).size() + 1;
        }
        ImapExchange x{c, tag, verb, line.mid(argsAt), 0, {}};
        x.answerNormally = [this, &x] {
            answer(x);
        };
        Handler handler;
        {
            QMutexLocker lock(&m_state->mutex);
            x.count = ++m_state->counts[verb];
            handler = m_state->handlers.value(verb);
        }
        if (handler)
            handler(x);
        else
            answer(x);
    }

    void answer(ImapExchange& x) {
        QMutexLocker lock(&m_state->mutex);
        const QList<quint32> uids = m_state->uids;
        const quint32 uidValidity = m_state->uidValidity;
        lock.unlock();
        const QByteArray& v = x.verb;
        if (v == "CAPABILITY") {
            x.send("* CAPABILITY " + kCapabilities + "\r\n");
        } else if (v == "LOGIN" || v == "NOOP" || v == "CHECK") {
        } else if (v == "LOGOUT") {
            x.send("* BYE see you\r\n");
        } else if (v == "LIST" || v == "LSUB") {
            if (x.arguments.contains("\"\" \"\""))
                x.send("* LIST (\\Noselect) \"/\" \"\"\r\n");
            else
                x.send("* LIST (\\HasNoChildren) \"/\" INBOX\r\n");
        } else if (v == "SELECT" || v == "EXAMINE") {
            m_selected = true;
            x.send("* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)\r\n* " +
                   QByteArray::number(uids.size()) + " EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY " +
                   QByteArray::number(uidValidity) + "] ok\r\n* OK [UIDNEXT " +
                   QByteArray::number(uids.isEmpty() ? 1 : uids.last() + 1) + "] ok\r\n");
            x.send(x.tag + " OK [READ-WRITE] selected\r\n");
            return;
        } else if (v == "STATUS") {
            x.send("* STATUS INBOX (MESSAGES " + QByteArray::number(uids.size()) + " UNSEEN 0)\r\n");
        } else if (v == "UID SEARCH") {
            const qsizetype at = x.arguments.indexOf("UID ");
            const QList<quint32> found =
                at < 0 ? uids : select(x.arguments.mid(at + 4).split(' ').value(0), uids);
            x.send("* ESEARCH (TAG \"" + x.tag + "\") UID" +
                   (found.isEmpty() ? "" : " ALL " + formatSet(found)) + "\r\n");
        } else if (v == "UID FETCH") {
            const QList<quint32> wanted = select(x.arguments.split(' ').value(0), uids);
            for (quint32 uid : wanted) {
                const QByteArray seq = QByteArray::number(uids.indexOf(uid) + 1);
                QByteArray items;
                if (x.arguments.contains("ENVELOPE")) {
                    items = envelopeItems(uid);
                } else if (x.arguments.contains("BODY.PEEK[]")) {
                    const QByteArray raw = rawMessage(uid);
                    items = "UID " + QByteArray::number(uid) + " BODY[] {" + QByteArray::number(raw.size()) +
                            "}\r\n" + raw;
                } else {
                    items = "UID " + QByteArray::number(uid) + " FLAGS (\\Seen)";
                }
                x.send("* " + seq + " FETCH (" + items + ")\r\n");
            }
        } else if (v == "IDLE") {
            m_idleTag = x.tag;
            x.send("+ idling\r\n");
            return;
        } else {
            x.send(x.tag + " BAD unknown command\r\n");
            return;
        }
        x.ok();
    }

    std::shared_ptr<State> m_state;
    qsizetype m_scan = 0;
    bool m_continued = false;
    bool m_selected = false;
    QByteArray m_idleTag;
};

ScriptedImapServer::ScriptedImapServer(int messages)
    : m_state(std::make_shared<State>()) {
    for (int i = 1; i <= messages; ++i)
        m_state->uids.append(quint32(i));
    m_server =
        std::make_unique<ScriptedServer>([state = m_state] { return std::make_unique<Protocol>(state); });
}

ScriptedImapServer::~ScriptedImapServer() {
    m_server.reset(); // connections end before the state they use
}

Account ScriptedImapServer::account(const QString& id, quint16 smtpPort) const {
    Account a;
    a.id = id;
    a.providerId = QStringLiteral("imap");
    a.displayName = QStringLiteral("me@example.test");
    a.settings = {
        {QStringLiteral("imapHost"), QStringLiteral("127.0.0.1")},
        {QStringLiteral("imapPort"), port()},
        {QStringLiteral("imapSecurity"), QStringLiteral("none")},
        {QStringLiteral("smtpHost"), QStringLiteral("127.0.0.1")},
        {QStringLiteral("smtpPort"), smtpPort == 0 ? 1 : smtpPort},
        {QStringLiteral("smtpSecurity"), QStringLiteral("none")},
        {QStringLiteral("allowPlaintext"), true},
        {QStringLiteral("username"), QStringLiteral("me@example.test")},
        {QStringLiteral("emailAddress"), QStringLiteral("me@example.test")},
        {QStringLiteral("passwordEnv"), QStringLiteral("TRIBUTARY_SCRIPTED_PASSWORD")},
    };
    return a;
}

void ScriptedImapServer::setUids(QList<quint32> uids) {
    QMutexLocker lock(&m_state->mutex);
    m_state->uids = std::move(uids);
}

void ScriptedImapServer::setUidValidity(quint32 uidValidity) {
    QMutexLocker lock(&m_state->mutex);
    m_state->uidValidity = uidValidity;
}

void ScriptedImapServer::setGreeting(QByteArray greeting) {
    QMutexLocker lock(&m_state->mutex);
    m_state->greeting = std::move(greeting);
}

void ScriptedImapServer::on(const QByteArray& verb, Handler handler) {
    QMutexLocker lock(&m_state->mutex);
    m_state->handlers.insert(verb.toUpper(), std::move(handler));
}

void ScriptedImapServer::behave() {
    QMutexLocker lock(&m_state->mutex);
    m_state->handlers.clear();
    m_state->greeting = defaultGreeting();
}

int ScriptedImapServer::received(const QByteArray& verb) const {
    QMutexLocker lock(&m_state->mutex);
    return m_state->counts.value(verb.toUpper());
}

} // namespace tributary::test
