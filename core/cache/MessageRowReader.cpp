#include "cache/MessageRowReader.h"

#include "cache/CacheRows.h"
#include "cache/SqliteDatabase.h"

namespace tributary {

namespace {

std::string_view view(QByteArrayView bytes) {
    return std::string_view(bytes.data(), static_cast<size_t>(bytes.size()));
}

QDateTime readTime(const SqliteStatement& st, int column) {
    if (st.isNull(column))
        return QDateTime();
    return QDateTime::fromMSecsSinceEpoch(st.int64(column), Qt::UTC);
}

} // namespace

QString MessageRowReader::shared(QByteArrayView utf8) {
    if (utf8.isEmpty())
        return QString();
    const auto it = m_strings.find(view(utf8));
    if (it != m_strings.end())
        return it->second;
    QString value = QString::fromUtf8(utf8);
    if (m_strings.size() < kMaxPooled)
        m_strings.emplace(std::string(view(utf8)), value);
    return value;
}

const MessageRowReader::Recipients& MessageRowReader::recipients(QByteArrayView utf8) {
    const auto it = m_recipients.find(view(utf8));
    if (it != m_recipients.end())
        return it->second;
    Message decoded;
    cacherows::decodeRecipients(QString::fromUtf8(utf8), decoded);
    Recipients value{decoded.to, decoded.cc, decoded.bcc, decoded.replyTo};
    if (m_recipients.size() >= kMaxPooled) {
        m_scratch = std::move(value);
        return m_scratch;
    }
    return m_recipients.emplace(std::string(view(utf8)), std::move(value)).first->second;
}

void MessageRowReader::read(const SqliteStatement& st, Message& m) {
    m.id = st.text(0);
    m.accountId = shared(st.utf8(1));
    m.channelId = shared(st.utf8(2));
    m.threadId = st.text(3);
    m.nativeId = st.text(4);
    m.kind = static_cast<ConversationKind>(st.int32(5));
    m.messageIdHeader = st.text(6);
    m.inReplyTo = st.text(7);
    const QString refs = st.text(8);
    if (!refs.isEmpty())
        m.references = refs.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    m.nativeThreadKey = st.text(9);
    m.author.displayName = shared(st.utf8(10));
    m.author.address = shared(st.utf8(11));
    const QByteArrayView encoded = st.utf8(12);
    if (!encoded.isEmpty()) {
        const Recipients& r = recipients(encoded);
        m.to = r.to;
        m.cc = r.cc;
        m.bcc = r.bcc;
        m.replyTo = r.replyTo;
    }
    m.subject = st.text(13);
    m.snippet = st.text(14);
    m.sentAt = readTime(st, 15);
    m.receivedAt = readTime(st, 16);
    m.flags = MessageFlags::fromInt(st.int32(17));
    m.hasAttachments = st.int32(18) != 0;
    m.size = st.int64(19);
    m.bodyLoaded = false;
}

} // namespace tributary
