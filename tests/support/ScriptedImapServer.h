#pragma once

// A scripted IMAP server on 127.0.0.1 (plain, no TLS): it greets, answers CAPABILITY and
// LOGIN, lists an INBOX, SELECTs it and answers UID SEARCH / UID FETCH for a few synthetic
// messages the way a well-behaved server does; a test then replaces the answer to any command
// with whatever hostile reply its case needs (ScriptedImapServer::on), and takes it back
// (behave) to show the account recovers. Commands are matched on their verb ("UID FETCH").

#include "ScriptedServer.h"
#include "model/Model.h"

#include <QByteArrayList>
#include <QHash>
#include <QList>

namespace tributary::test {

//! One command the scripted server received, with the means to answer it.
struct ImapExchange {
    ScriptedConnection& connection;
    QByteArray tag;
    QByteArray verb;      //!< upper case; "UID FETCH" for UID commands
    QByteArray arguments; //!< the rest of the command line
    int count = 0;        //!< how many times this verb came, on any connection, this one included
    std::function<void()> answerNormally; //!< what the well-behaved server answers, tagged line included

    void send(QByteArrayView bytes) { connection.send(bytes); }
    void ok(QByteArrayView text = "done") { send(tag + " OK " + text.toByteArray() + "\r\n"); }
};

class ScriptedImapServer {
public:
    using Handler = std::function<void(ImapExchange&)>;

    //! INBOX holds messages with UIDs 1..messages.
    explicit ScriptedImapServer(int messages = 3);
    ~ScriptedImapServer();

    quint16 port() const { return m_server->port(); }
    ScriptedServer& server() { return *m_server; }
    //! An IMAP account that signs in here (plain IMAP on loopback, allowPlaintext); any password
    //! is accepted, read from TRIBUTARY_SCRIPTED_PASSWORD by an EnvSecretSource (tributary-cli).
    //! Its SMTP side points at `smtpPort` when given.
    Account account(const QString& id = QStringLiteral("hostile-imap"), quint16 smtpPort = 0) const;

    void setUids(QList<quint32> uids);
    void setUidValidity(quint32 uidValidity);
    //! The greeting line (with CRLF) instead of "* OK [CAPABILITY ...] ready".
    void setGreeting(QByteArray greeting);
    //! From now on `verb` is answered by `handler`, on every connection. "GREETING" replaces
    //! the greeting of new connections.
    void on(const QByteArray& verb, Handler handler);
    //! A well-behaved server again: every handler and the greeting back to normal.
    void behave();
    //! Times `verb` was received so far.
    int received(const QByteArray& verb) const;

    //! The FETCH data items the well-behaved server sends for UID `uid` when a listing asks.
    static QByteArray envelopeItems(quint32 uid);
    //! The raw message the server has for `uid`.
    static QByteArray rawMessage(quint32 uid);

private:
    struct State;
    class Protocol;
    std::shared_ptr<State> m_state;
    std::unique_ptr<ScriptedServer> m_server;
};

} // namespace tributary::test
