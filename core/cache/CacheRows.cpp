#include "cache/CacheRows.h"

#include "cache/SqliteDatabase.h"

namespace tributary::cacherows {

namespace {

constexpr QChar kRecordSep(0x1e);
constexpr QChar kFieldSep(0x1f);

QString clean(const QString& s) {
    if (!s.contains(kRecordSep) && !s.contains(kFieldSep))
        return s;
    QString out = s;
    out.remove(kRecordSep);
    out.remove(kFieldSep);
    return out;
}

void append(QString& out, QChar kind, const QList<Participant>& people, bool withNames) {
    for (const Participant& p : people) {
        if (p.address.isEmpty() && (!withNames || p.displayName.isEmpty()))
            continue;
        if (!out.isEmpty())
            out += kRecordSep;
        out += kind;
        out += clean(p.address);
        if (withNames && !p.displayName.isEmpty()) {
            out += kFieldSep;
            out += clean(p.displayName);
        }
    }
}

void bindTime(SqliteStatement& st, int index, const QDateTime& t) {
    if (t.isValid())
        st.bind(index, t.toMSecsSinceEpoch());
    else
        st.bindNull(index);
}

} // namespace

// An update keeps a thread id or snippet it already has when the new envelope has
// none: the threading engine and body fetches fill those in later than the sync.
const char kMessageUpsert[] = R"sql(
INSERT INTO messages (id, account_id, channel_id, thread_id, native_id, kind, message_id_header,
    in_reply_to, refs, native_thread_key, author_name, author_address, recipients, subject, snippet,
    sent_at, received_at, sort_at, flags, has_attachments, size)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)
ON CONFLICT (id) DO UPDATE SET
    account_id = excluded.account_id, channel_id = excluded.channel_id,
    thread_id = CASE WHEN excluded.thread_id <> '' THEN excluded.thread_id ELSE thread_id END,
    native_id = excluded.native_id, kind = excluded.kind,
    message_id_header = excluded.message_id_header, in_reply_to = excluded.in_reply_to,
    refs = excluded.refs, native_thread_key = excluded.native_thread_key,
    author_name = excluded.author_name, author_address = excluded.author_address,
    recipients = excluded.recipients, subject = excluded.subject,
    snippet = CASE WHEN excluded.snippet <> '' THEN excluded.snippet ELSE snippet END,
    sent_at = excluded.sent_at, received_at = excluded.received_at, sort_at = excluded.sort_at,
    flags = excluded.flags, has_attachments = excluded.has_attachments, size = excluded.size
)sql";

// Both selects yield the same columns, in the order MessageRowReader reads them.
const char kMessageSelectNewest[] = R"sql(
SELECT id, account_id, channel_id, thread_id, native_id, kind, message_id_header, in_reply_to, refs,
    native_thread_key, author_name, author_address, recipients, subject, snippet, sent_at,
    received_at, flags, has_attachments, size, sort_at
FROM messages ORDER BY sort_at DESC LIMIT ?1 OFFSET ?2
)sql";

const char kMessageSelectAll[] = R"sql(
SELECT id, account_id, channel_id, thread_id, native_id, kind, message_id_header, in_reply_to, refs,
    native_thread_key, author_name, author_address, recipients, subject, snippet, sent_at,
    received_at, flags, has_attachments, size, sort_at
FROM messages
)sql";

void bindMessage(SqliteStatement& st, const Message& m, bool privacy) {
    st.bind(1, m.id);
    st.bind(2, m.accountId);
    st.bind(3, m.channelId);
    st.bind(4, m.threadId);
    st.bind(5, m.nativeId);
    st.bind(6, static_cast<int>(m.kind));
    st.bind(7, m.messageIdHeader);
    st.bind(8, m.inReplyTo);
    // Message-IDs cannot contain spaces, so a space joins them losslessly.
    st.bind(9, m.references.join(QLatin1Char(' ')));
    st.bind(10, m.nativeThreadKey);
    st.bind(11, privacy ? QString() : m.author.displayName);
    st.bind(12, m.author.address);
    st.bind(13, encodeRecipients(m, !privacy));
    st.bind(14, privacy ? QString() : m.subject);
    st.bind(15, privacy ? QString() : makeSnippet(m.snippet));
    bindTime(st, 16, m.sentAt);
    bindTime(st, 17, m.receivedAt);
    const QDateTime activity = m.activityAt();
    st.bind(18, activity.isValid() ? activity.toMSecsSinceEpoch() : qint64(0));
    st.bind(19, static_cast<int>(m.flags.toInt()));
    st.bind(20, m.hasAttachments || !m.attachments.isEmpty());
    st.bind(21, m.size);
}

QString encodeRecipients(const Message& m, bool withNames) {
    QString out;
    append(out, QLatin1Char('t'), m.to, withNames);
    append(out, QLatin1Char('c'), m.cc, withNames);
    append(out, QLatin1Char('b'), m.bcc, withNames);
    append(out, QLatin1Char('r'), m.replyTo, withNames);
    return out;
}

void decodeRecipients(const QString& encoded, Message& m) {
    for (QStringView record : QStringView(encoded).split(kRecordSep, Qt::SkipEmptyParts)) {
        Participant p;
        const QStringView body = record.mid(1);
        const qsizetype sep = body.indexOf(kFieldSep);
        if (sep < 0) {
            p.address = body.toString();
        } else {
            p.address = body.left(sep).toString();
            p.displayName = body.mid(sep + 1).toString();
        }
        switch (record.front().unicode()) {
        case 't':
            m.to.append(p);
            break;
        case 'c':
            m.cc.append(p);
            break;
        case 'b':
            m.bcc.append(p);
            break;
        case 'r':
            m.replyTo.append(p);
            break;
        default:
            break;
        }
    }
}

} // namespace tributary::cacherows
