#include "imap/ImapEnvelopes.h"

#include "imap/ImapDataParser.h"
#include "imap/ImapIdentities.h"
#include "model/Ids.h"

#include <QObject>
#include <algorithm>
#include <unordered_map>

namespace tributary::imap {

const QByteArray kEnvelopeItems = QByteArrayLiteral(
    "(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (REFERENCES)])");

QByteArray envelopeItemsFor(const ImapSession& session, qsizetype count) {
    if (count > kPreviewedFetchLimit || !session.hasCapability("PREVIEW"))
        return kEnvelopeItems;
    QByteArray items = kEnvelopeItems;
    items.insert(items.size() - 1, " PREVIEW");
    return items;
}

namespace {
Participant toParticipant(const ImapAddress& a) {
    Participant p;
    p.address = a.address;
    p.displayName = a.name;
    return p;
}

QList<Participant> toParticipants(const QList<ImapAddress>& list) {
    QList<Participant> out;
    out.reserve(list.size());
    for (const ImapAddress& a : list)
        out.append(toParticipant(a));
    return out;
}

//! The participant lists of one listing, shared between its messages: most envelopes repeat
//! a few one-address lists (To: the owner; Reply-To: the sender). Keyed by the identity of
//! the strings, which ImapStringCache shares for equal text, so an equal key means equal
//! content; a string it did not share only misses. The cached lists keep the keyed strings
//! alive, so an address cannot be reused by other text while its entry exists.
class ParticipantLists {
public:
    QList<Participant> of(const QList<ImapAddress>& list) {
        if (list.size() != 1)
            return toParticipants(list);
        const ImapAddress& a = list.first();
        const Key key{a.name.constData(), a.name.size(), a.address.constData(), a.address.size()};
        const auto it = m_lists.find(key);
        if (it != m_lists.end())
            return it->second;
        QList<Participant> out = toParticipants(list);
        if (m_lists.size() < kMaxEntries)
            m_lists.emplace(key, out);
        return out;
    }

private:
    static constexpr size_t kMaxEntries = 4096;
    struct Key {
        const QChar* name;
        qsizetype nameSize;
        const QChar* address;
        qsizetype addressSize;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const noexcept {
            const std::hash<const void*> h;
            return h(k.name) ^ (h(k.address) * 0x9E3779B97F4A7C15ULL) ^ size_t(k.nameSize) ^
                   (size_t(k.addressSize) << 32);
        }
    };
    std::unordered_map<Key, QList<Participant>, KeyHash> m_lists;
};
} // namespace

ImapCommand uidSearchCommand(const ImapSession& session) {
    ImapCommand command("UID SEARCH");
    if (session.hasCapability("ESEARCH"))
        command.raw("RETURN (ALL)");
    return command;
}

namespace {
//! Messages that may arrive between SELECT and a SEARCH (their EXISTS counts too).
constexpr qsizetype kSearchSlack = 1000;
//! Bytes one UID takes at most in a result: "4294967295 " or, in a set, "a:b,".
constexpr qint64 kSearchBytesPerUid = 22;

//! A mailbox of N messages cannot match more than N UIDs (plus what arrives meanwhile).
qsizetype maxSearchResults(const ImapSession& session) {
    const auto& box = session.selected();
    return box ? std::min<qsizetype>(kMaxSequenceNumbers, qsizetype(box->exists) + kSearchSlack)
               : kMaxSequenceNumbers;
}
} // namespace

Result<QList<quint32>> searchUids(ImapSession& session, const ImapCommand& command, const QString& what) {
    QList<quint32> uids;
    bool answered = false;
    ImapCommand search = command;
    // Without ESEARCH a result is one line of every UID: as long as the folder is large.
    ImapByteBudget budget;
    budget.maxResponse = std::max<qint64>(budget.maxResponse, maxSearchResults(session) * kSearchBytesPerUid);
    search.expect(budget);
    auto r = session.executeOk(search, what, [&](const ImapResponse& response) {
        if (!response.isKeyword("SEARCH") && !response.isKeyword("ESEARCH"))
            return;
        answered = true;
        ImapReader::Failure failure = ImapReader::Failure::None;
        if (!parseSearch(response, uids, maxSearchResults(session), &failure))
            session.refuse(failure);
    });
    if (!r)
        return r.error();
    if (!answered) {
        // RFC 3501 and RFC 4731 require the untagged result even when nothing matched.
        return refusedResponse(session.settings().imap, ImapReader::Failure::Syntax, what);
    }
    std::sort(uids.begin(), uids.end());
    uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
    return uids;
}

bool readFetch(ImapSession& session, const ImapResponse& response, ImapFetchItem& out,
               const FetchOptions& options) {
    if (!response.hasNumber || !response.isKeyword("FETCH"))
        return false;
    ImapReader::Failure failure = ImapReader::Failure::None;
    if (parseFetch(response, out, options, &failure))
        return true;
    session.refuse(failure);
    return false;
}

namespace {

//! Every field of a listed message except its ids. `lists` shares participant lists between
//! the messages of one listing (may be null).
void fillEnvelope(const ImapFetchItem& item, const QString& accountId, const QString& channelId, Message& m,
                  ParticipantLists* lists = nullptr) {
    m.accountId = accountId;
    m.channelId = channelId;
    m.kind = ConversationKind::Email;
    const ImapEnvelope& e = item.envelope;
    m.messageIdHeader = e.messageId;
    m.inReplyTo = e.inReplyTo;
    m.references = item.references;
    if (!e.from.isEmpty())
        m.author = toParticipant(e.from.first());
    else if (!e.sender.isEmpty())
        m.author = toParticipant(e.sender.first());
    if (lists) {
        m.to = lists->of(e.to);
        m.cc = lists->of(e.cc);
        m.bcc = lists->of(e.bcc);
        m.replyTo = lists->of(e.replyTo);
    } else {
        m.to = toParticipants(e.to);
        m.cc = toParticipants(e.cc);
        m.bcc = toParticipants(e.bcc);
        m.replyTo = toParticipants(e.replyTo);
    }
    m.sentAt = e.date;
    m.receivedAt = item.internalDate;
    m.subject = e.subject;
    if (!item.preview.isEmpty())
        m.snippet = makeSnippet(item.preview);
    m.hasAttachments = item.hasAttachments;
    m.size = item.size;
    m.flags = item.flags;
}

//! The native and global ids of one folder's messages, built by appending the UID to
//! prefixes computed once: both ids end in the decimal UID (digits are never
//! percent-encoded). Checked against MessageRef on the first message; any difference
//! falls back to the general path.
class IdBuilder {
public:
    IdBuilder(const QString& accountId, const QString& folder, quint32 uidValidity)
        : m_accountId(accountId)
        , m_ref{folder, uidValidity, 0} {
        QString nativeId = m_ref.nativeId();
        QString globalId = m_ref.globalId(accountId);
        if (nativeId.endsWith(QLatin1Char('0')) && globalId.endsWith(QLatin1Char('0'))) {
            nativeId.chop(1);
            globalId.chop(1);
            m_nativePrefix = nativeId;
            m_globalPrefix = globalId;
        }
    }

    void assign(quint32 uid, Message& m) {
        if (!m_checked) {
            m_checked = true;
            MessageRef ref = m_ref;
            ref.uid = uid;
            m_fast = !m_nativePrefix.isEmpty() && build(m_nativePrefix, uid) == ref.nativeId() &&
                     build(m_globalPrefix, uid) == ref.globalId(m_accountId);
        }
        if (m_fast) {
            m.nativeId = build(m_nativePrefix, uid);
            m.id = build(m_globalPrefix, uid);
            return;
        }
        m_ref.uid = uid;
        m.nativeId = m_ref.nativeId();
        m.id = makeId(IdKind::Message, m_accountId, m.nativeId);
    }

private:
    static QString build(const QString& prefix, quint32 uid) {
        char digits[16];
        int n = 0;
        do {
            digits[n++] = char('0' + uid % 10);
            uid /= 10;
        } while (uid != 0);
        QString out;
        out.reserve(prefix.size() + n);
        out += prefix;
        while (n > 0)
            out += QLatin1Char(digits[--n]);
        return out;
    }

    QString m_accountId;
    MessageRef m_ref;
    QString m_nativePrefix;
    QString m_globalPrefix;
    bool m_checked = false;
    bool m_fast = false;
};

} // namespace

Message toMessage(const ImapFetchItem& item, const QString& accountId, const QString& channelId,
                  const MessageRef& ref) {
    Message m;
    m.nativeId = ref.nativeId();
    m.id = makeId(IdKind::Message, accountId, m.nativeId);
    fillEnvelope(item, accountId, channelId, m);
    return m;
}

Result<QList<Message>> fetchEnvelopes(ImapSession& session, const QString& accountId, const QString& folder,
                                      quint32 uidValidity, const QList<quint32>& ascendingUids) {
    QList<Message> messages;
    if (ascendingUids.isEmpty())
        return messages;
    messages.reserve(ascendingUids.size());
    const QString channelId = channelIdFor(accountId, folder);
    ImapCommand command("UID FETCH");
    command.raw(formatSequenceSet(ascendingUids)).raw(envelopeItemsFor(session, ascendingUids.size()));
    IdBuilder ids(accountId, folder, uidValidity);
    const OwnAddresses own(session.settings());
    // Names, addresses, subjects and Message-IDs repeat across a folder: decoded once,
    // shared by every message (less work here, one copy in memory).
    ImapStringCache strings;
    ParticipantLists lists;
    const FetchOptions options{false, &strings};
    ImapFetchItem item;
    QList<quint32> arrival;
    arrival.reserve(ascendingUids.size());
    auto r = session.executeOk(
        command, QObject::tr("Reading the messages of \"%1\"").arg(folder),
        [&](const ImapResponse& response) {
            if (!response.hasNumber || !response.isKeyword("FETCH"))
                return;
            item = ImapFetchItem();
            if (!readFetch(session, response, item, options) || item.uid == 0 || !item.hasEnvelope)
                return; // unsolicited flag updates carry no envelope
            if (!std::binary_search(ascendingUids.begin(), ascendingUids.end(), item.uid))
                return;
            arrival.append(item.uid);
            Message& m = messages.emplace_back();
            ids.assign(item.uid, m);
            fillEnvelope(item, accountId, channelId, m, &lists);
            own.mark(m);
        });
    if (!r)
        return r.error();
    // Servers answer in ascending order as a rule; reverse cheaply, sort only if not.
    if (std::is_sorted(arrival.begin(), arrival.end())) {
        std::reverse(messages.begin(), messages.end());
        return messages;
    }
    QList<qsizetype> order(arrival.size());
    for (qsizetype i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(),
              [&arrival](qsizetype a, qsizetype b) { return arrival[a] > arrival[b]; });
    QList<Message> sorted;
    sorted.reserve(messages.size());
    for (qsizetype i : order)
        sorted.append(std::move(messages[i]));
    return sorted;
}

QByteArray imapFlagList(MessageFlags flags) {
    QByteArrayList parts;
    if (flags.testFlag(MessageFlag::Read))
        parts << "\\Seen";
    if (flags.testFlag(MessageFlag::Flagged))
        parts << "\\Flagged";
    if (flags.testFlag(MessageFlag::Answered))
        parts << "\\Answered";
    if (flags.testFlag(MessageFlag::Draft))
        parts << "\\Draft";
    if (flags.testFlag(MessageFlag::Deleted))
        parts << "\\Deleted";
    if (flags.testFlag(MessageFlag::Forwarded))
        parts << "$Forwarded";
    return parts.join(' ');
}

} // namespace tributary::imap
