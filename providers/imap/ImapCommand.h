#pragma once

#include "imap/ImapResponseParser.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace tributary::imap {

//! Builds one IMAP command with correct quoting. Strings that cannot be quoted (8-bit,
//! CR/LF, long) become literals; ImapSession sends them as LITERAL+ when the server
//! allows, else waits for the server's continuation before each literal.
class ImapCommand {
public:
    //! `verb` is sent as is: "UID FETCH", "SELECT".
    explicit ImapCommand(QByteArrayView verb);

    //! Appends raw protocol text after a space ("1:5", "(FLAGS)", "RETURN (ALL)").
    ImapCommand& raw(QByteArrayView text);
    //! Appends a string argument (quoted, or a literal when it must be).
    ImapCommand& string(QByteArrayView bytes);
    //! Appends a mailbox name (modified UTF-7, quoted).
    ImapCommand& mailbox(const QString& name);
    //! Appends a literal with exactly these bytes (message data for APPEND).
    ImapCommand& literal(QByteArray bytes);
    //! How large the responses to this command may be: what it asks for (a partial fetch of
    //! 1 MB, a message of at most 2 MB), not what the server claims. Defaults otherwise.
    ImapCommand& expect(ImapByteBudget budget) {
        m_budget = budget;
        return *this;
    }
    const ImapByteBudget& budget() const { return m_budget; }

    //! A piece of the command: text to send, then (if any) a literal that follows it.
    struct Segment {
        QByteArray text;
        QByteArray literal;
        bool hasLiteral = false;
    };
    const QList<Segment>& segments() const { return m_segments; }
    //! The command with literals shown as {n} and string arguments elided, for logs.
    QByteArray describe() const { return m_description; }

private:
    void appendSpace();
    QList<Segment> m_segments;
    QByteArray m_description;
    ImapByteBudget m_budget;
};

} // namespace tributary::imap
