#include "imap/ImapCommand.h"

#include "imap/ImapUtf7.h"

namespace tributary::imap {

namespace {
constexpr qsizetype kMaxQuoted = 1024;

bool needsLiteral(QByteArrayView bytes) {
    if (bytes.size() > kMaxQuoted)
        return true;
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || c == '\r' || c == '\n' || c == '\0')
            return true;
    }
    return false;
}
} // namespace

ImapCommand::ImapCommand(QByteArrayView verb) {
    m_segments.append(Segment{verb.toByteArray(), {}, false});
    m_description = verb.toByteArray();
}

void ImapCommand::appendSpace() {
    m_segments.last().text += ' ';
    m_description += ' ';
}

ImapCommand& ImapCommand::raw(QByteArrayView text) {
    appendSpace();
    m_segments.last().text += text.toByteArray();
    m_description += text.toByteArray();
    return *this;
}

ImapCommand& ImapCommand::string(QByteArrayView bytes) {
    if (needsLiteral(bytes))
        return literal(bytes.toByteArray());
    appendSpace();
    QByteArray quoted;
    quoted.reserve(bytes.size() + 2);
    quoted += '"';
    for (const char c : bytes) {
        if (c == '"' || c == '\\')
            quoted += '\\';
        quoted += c;
    }
    quoted += '"';
    m_segments.last().text += quoted;
    m_description += "\"...\""; // search terms and names stay out of logs
    return *this;
}

ImapCommand& ImapCommand::mailbox(const QString& name) {
    const QByteArray wire = encodeMailboxName(name);
    appendSpace();
    QByteArray quoted = "\"";
    for (const char c : wire) {
        if (c == '"' || c == '\\')
            quoted += '\\';
        quoted += c;
    }
    quoted += '"';
    m_segments.last().text += quoted;
    m_description += quoted;
    return *this;
}

ImapCommand& ImapCommand::literal(QByteArray bytes) {
    appendSpace();
    m_description += "{" + QByteArray::number(bytes.size()) + "}";
    Segment& last = m_segments.last();
    last.literal = std::move(bytes);
    last.hasLiteral = true;
    m_segments.append(Segment{});
    return *this;
}

} // namespace tributary::imap
