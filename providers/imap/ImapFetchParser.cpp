#include "imap/ImapFetchParser.h"

#include "imap/ImapDates.h"
#include "mail/MimeText.h"

#include <QVarLengthArray>
#include <array>
#include <cstring>
#include <limits>
#include <map>
#include <string_view>
#include <vector>

namespace tributary::imap {

namespace {

inline char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
}

//! A size a server claims (RFC822.SIZE, a body part's octets), or -1 when it is beyond anything
//! real (a petabyte): later arithmetic (base64 ratios, byte budgets) then cannot overflow.
qint64 plausibleSize(quint64 claimed) {
    constexpr quint64 kMaxPlausible = quint64(1) << 50;
    return claimed <= kMaxPlausible ? static_cast<qint64>(claimed) : -1;
}

QByteArray lowered(QByteArrayView v) {
    QByteArray out(v.data(), v.size());
    for (char& c : out)
        c = lower(c);
    return out;
}

//! Keeps strings that ImapReader had to unescape into its scratch buffer alive for
//! the rest of the parse (the common unescaped case stays a view into the response,
//! and then nothing is allocated). Views stay valid when the vector grows, because
//! they point at each QByteArray's heap data, which moving does not relocate.
class Arena {
public:
    QByteArrayView keep(QByteArrayView value, const QByteArray& scratch) {
        if (!scratch.isEmpty() && value.data() == scratch.constData()) {
            m_store.push_back(scratch);
            return QByteArrayView(m_store.back());
        }
        return value;
    }

private:
    std::vector<QByteArray> m_store;
};

struct Param {
    QByteArrayView key;
    QByteArrayView value;
};
using ParamList = QVarLengthArray<Param, 8>;

void readParams(ImapReader& r, ParamList& out, Arena& arena) {
    if (r.nil() || !r.consume('('))
        return;
    QByteArray scratch;
    while (r.ok() && !r.consume(')')) {
        if (r.atEnd()) {
            r.fail();
            return;
        }
        Param p;
        p.key = arena.keep(r.nstring(scratch).value_or(QByteArrayView()), scratch);
        scratch.clear();
        p.value = arena.keep(r.nstring(scratch).value_or(QByteArrayView()), scratch);
        scratch.clear();
        out.append(p);
    }
}

QByteArrayView paramValue(const ParamList& params, QByteArrayView key) {
    for (const Param& p : params) {
        if (equalsIgnoreCase(p.key, key))
            return p.value;
    }
    return {};
}

bool hasFileNameParam(const ParamList& params, QByteArrayView base) {
    for (const Param& p : params) {
        if (p.key.size() >= base.size() && equalsIgnoreCase(p.key.first(base.size()), base) &&
            (p.key.size() == base.size() || p.key[base.size()] == '*'))
            return true;
    }
    return false;
}

//! The decoded value of a file name parameter: plain (with RFC 2047 words, which many
//! mailers use), RFC 2231 extended ("name*"), or RFC 2231 continuations ("name*0*").
QString fileNameParam(const ParamList& params, QByteArrayView base) {
    std::map<int, std::pair<QByteArrayView, bool>> segments; // index -> (value, extended)
    for (const Param& p : params) {
        if (p.key.size() < base.size() || !equalsIgnoreCase(p.key.first(base.size()), base))
            continue;
        const QByteArrayView suffix = p.key.sliced(base.size());
        if (suffix.isEmpty())
            return mail::decodeHeader(p.value);
        if (suffix == "*")
            return mail::decodeRfc2231(p.value);
        if (!suffix.startsWith('*'))
            continue;
        QByteArrayView digits = suffix.sliced(1);
        const bool extended = digits.endsWith('*');
        if (extended)
            digits.chop(1);
        bool ok = false;
        const int index = QByteArray(digits.data(), digits.size()).toInt(&ok);
        if (ok)
            segments[index] = {p.value, extended};
    }
    if (segments.empty())
        return QString();
    QByteArray charset;
    QByteArray bytes;
    for (const auto& [index, segment] : segments) {
        QByteArrayView value = segment.first;
        if (!segment.second) {
            bytes += value.toByteArray();
            continue;
        }
        if (index == 0) {
            const qsizetype q1 = value.indexOf('\'');
            const qsizetype q2 = q1 < 0 ? -1 : value.indexOf('\'', q1 + 1);
            if (q2 >= 0) {
                charset = value.first(q1).toByteArray();
                value = value.sliced(q2 + 1);
            }
        }
        // Percent-decoding through the RFC 2231 decoder with no charset keeps the bytes.
        for (qsizetype i = 0; i < value.size(); ++i) {
            if (value[i] == '%' && i + 2 < value.size()) {
                bool ok = false;
                const int byte = QByteArray(value.data() + i + 1, 2).toInt(&ok, 16);
                if (ok) {
                    bytes.append(static_cast<char>(byte));
                    i += 2;
                    continue;
                }
            }
            bytes.append(value[i]);
        }
    }
    return mail::decodeCharset(bytes, charset);
}

//! Folds a MIME token to one of the few lowercase values the attachment rule uses,
//! without allocating (listing parses thousands of these).
QByteArrayView ruleToken(QByteArrayView v) {
    static constexpr const char* known[] = {"text",   "message",    "plain", "html",
                                            "inline", "attachment", "rfc822"};
    for (const char* k : known) {
        if (equalsIgnoreCase(v, QByteArrayView(k)))
            return QByteArrayView(k);
    }
    return QByteArrayView("other");
}

struct Leaf {
    QByteArrayView type;
    QByteArrayView subtype;
    QByteArrayView disposition;
    bool hasFileName = false;
    bool inAlternative = false;
    bool inRelated = false;
    int collectedIndex = -1; //!< index in ImapFetchItem::parts when collecting
};

//! Multipart levels a BODYSTRUCTURE may have (the same bound as the MIME walk of a whole message).
constexpr int kMaxBodyDepth = 50;

class BodyStructureParser {
public:
    BodyStructureParser(ImapReader& reader, ImapFetchItem& out, bool collect)
        : m_r(reader)
        , m_out(out)
        , m_collect(collect) {}

    void run() {
        parsePart(0);
        if (!m_r.ok())
            return;
        bool any = false;
        for (const Leaf& leaf : m_leaves) {
            const bool attachment = mail::isAttachmentPart(ruleToken(leaf.type), ruleToken(leaf.subtype),
                                                           ruleToken(leaf.disposition), leaf.hasFileName,
                                                           leaf.inAlternative, leaf.inRelated);
            any = any || attachment;
            if (leaf.collectedIndex >= 0) {
                ImapBodyPart& part = m_out.parts[leaf.collectedIndex];
                part.attachment = attachment;
                part.inAlternative = leaf.inAlternative;
                part.inRelated = leaf.inRelated;
            }
        }
        m_out.hasAttachments = any;
        m_out.hasBodyStructure = true;
    }

private:
    QByteArray pathString() const {
        if (m_path.isEmpty())
            return QByteArrayLiteral("1"); // a single-part message's body is part 1
        QByteArray path;
        for (qsizetype i = 0; i < m_path.size(); ++i) {
            if (i > 0)
                path += '.';
            path += QByteArray::number(m_path[i]);
        }
        return path;
    }

    void parsePart(int depth) {
        if (depth > kMaxBodyDepth) {
            m_r.fail(ImapReader::Failure::TooDeep); // hostile nesting
            return;
        }
        m_r.expect('(');
        if (!m_r.ok())
            return;
        if (m_r.peek() == '(') {
            parseMultipart(depth);
            return;
        }
        parseLeaf();
    }

    void parseMultipart(int depth) {
        const qsizetype firstLeaf = m_leaves.size();
        int index = 1;
        while (m_r.ok() && m_r.peek() == '(') {
            m_path.append(index++);
            parsePart(depth + 1);
            m_path.removeLast();
        }
        QByteArray scratch;
        const QByteArrayView subtype = m_r.nstring(scratch).value_or(QByteArrayView());
        const bool alternative = equalsIgnoreCase(subtype, "alternative");
        const bool related = equalsIgnoreCase(subtype, "related");
        for (qsizetype i = firstLeaf; i < m_leaves.size(); ++i) {
            m_leaves[i].inAlternative = m_leaves[i].inAlternative || alternative;
            m_leaves[i].inRelated = m_leaves[i].inRelated || related;
        }
        skipToClose();
    }

    void parseLeaf() {
        QByteArray scratch;
        Leaf leaf;
        leaf.type = m_arena.keep(m_r.nstring(scratch).value_or("text"), scratch);
        scratch.clear();
        leaf.subtype = m_arena.keep(m_r.nstring(scratch).value_or("plain"), scratch);
        scratch.clear();
        ParamList typeParams;
        readParams(m_r, typeParams, m_arena);
        const QByteArrayView id = m_arena.keep(m_r.nstring(scratch).value_or(QByteArrayView()), scratch);
        scratch.clear();
        (void)m_r.nstring(scratch); // description
        scratch.clear();
        const QByteArrayView encoding = m_arena.keep(m_r.nstring(scratch).value_or("7bit"), scratch);
        scratch.clear();
        const qint64 size = plausibleSize(m_r.number());
        if (!m_r.ok())
            return;

        const bool isMessage =
            equalsIgnoreCase(leaf.type, "message") &&
            (equalsIgnoreCase(leaf.subtype, "rfc822") || equalsIgnoreCase(leaf.subtype, "global"));
        if (isMessage && m_r.peek() == '(') {
            m_r.skipValue(); // envelope
            m_r.skipValue(); // body
            if (m_r.peek() >= '0' && m_r.peek() <= '9')
                (void)m_r.number(); // lines
        } else if (equalsIgnoreCase(leaf.type, "text") && m_r.peek() >= '0' && m_r.peek() <= '9') {
            (void)m_r.number(); // lines
        }
        // Extension data: md5, disposition, language, location, extensions.
        ParamList dispositionParams;
        if (!m_r.atEnd() && m_r.peek() != ')') {
            m_r.skipValue(); // md5
            if (!m_r.atEnd() && m_r.peek() != ')') {
                if (!m_r.nil() && m_r.consume('(')) {
                    leaf.disposition = m_arena.keep(m_r.nstring(scratch).value_or(QByteArrayView()), scratch);
                    scratch.clear();
                    readParams(m_r, dispositionParams, m_arena);
                    skipToClose();
                }
            }
        }
        skipToClose();
        if (!m_r.ok())
            return;

        leaf.hasFileName =
            hasFileNameParam(dispositionParams, "filename") || hasFileNameParam(typeParams, "name");
        if (m_collect) {
            ImapBodyPart part;
            part.path = pathString();
            part.type = lowered(leaf.type);
            part.subtype = lowered(leaf.subtype);
            part.charset = paramValue(typeParams, "charset").toByteArray();
            part.encoding = lowered(encoding);
            QByteArrayView cid = id.trimmed();
            if (cid.startsWith('<') && cid.endsWith('>'))
                cid = cid.sliced(1, cid.size() - 2);
            part.contentId = cid.toByteArray();
            part.disposition = lowered(leaf.disposition);
            part.fileName = fileNameParam(dispositionParams, "filename");
            if (part.fileName.isEmpty())
                part.fileName = fileNameParam(typeParams, "name");
            part.size = size;
            part.formatFlowed = equalsIgnoreCase(paramValue(typeParams, "format"), "flowed");
            part.delSp = equalsIgnoreCase(paramValue(typeParams, "delsp"), "yes");
            leaf.collectedIndex = static_cast<int>(m_out.parts.size());
            m_out.parts.append(std::move(part));
        }
        m_leaves.append(leaf);
    }

    //! Skips whatever extension values remain and the closing parenthesis.
    void skipToClose() {
        while (m_r.ok() && !m_r.consume(')')) {
            if (m_r.atEnd()) {
                m_r.fail();
                return;
            }
            m_r.skipValue();
        }
    }

    ImapReader& m_r;
    ImapFetchItem& m_out;
    bool m_collect;
    Arena m_arena;
    QVarLengthArray<int, 8> m_path;
    QVarLengthArray<Leaf, 16> m_leaves;
};

QString decodedHeader(QByteArrayView raw, ImapStringCache* cache) {
    return cache ? cache->header(raw) : mail::decodeHeader(raw);
}

//! mail::parseMessageIds, appending at most `limit` ids, shared through the cache when
//! there is one.
void appendMessageIds(QByteArrayView value, QStringList& ids, ImapStringCache* cache,
                      qsizetype limit = std::numeric_limits<qsizetype>::max()) {
    qsizetype added = 0;
    if (limit <= 0)
        return;
    mail::forEachMessageId(value, [&](QByteArrayView id) {
        ids.append(cache ? cache->utf8(id) : QString::fromUtf8(id));
        return ++added < limit;
    });
}

//! The Message-IDs of the References field in a HEADER.FIELDS block: what
//! appendMessageIds(mail::headerValue(block, "References")) gives. With a cache, the ids
//! are read straight from the folded lines (no joined copy) unless one is split by a fold.
void appendReferences(QByteArrayView block, QStringList& out, ImapStringCache* cache) {
    qsizetype valueStart = -1;
    qsizetype valueEnd = -1;
    if (cache) {
        qsizetype pos = 0;
        while (pos < block.size()) {
            qsizetype eol = block.indexOf('\n', pos);
            if (eol < 0)
                eol = block.size();
            const qsizetype lineStart = pos;
            QByteArrayView line = block.sliced(pos, eol - pos);
            if (line.endsWith('\r'))
                line.chop(1);
            pos = eol + 1;
            if (line.isEmpty())
                break; // the end of the header block
            if (line.startsWith(' ') || line.startsWith('\t')) {
                if (valueStart >= 0)
                    valueEnd = lineStart + line.size();
                continue;
            }
            if (valueStart >= 0)
                break;
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && equalsIgnoreCase(line.first(colon).trimmed(), "References")) {
                valueStart = lineStart + colon + 1;
                valueEnd = lineStart + line.size();
            }
        }
    }
    if (valueStart < 0) {
        appendMessageIds(mail::headerValue(block, "References"), out, cache);
        return;
    }
    const QByteArrayView value = block.sliced(valueStart, valueEnd - valueStart);
    const qsizetype before = out.size();
    qsizetype pos = 0;
    bool clean = true;
    while (pos < value.size()) {
        const qsizetype open = value.indexOf('<', pos);
        if (open < 0)
            break;
        const qsizetype close = value.indexOf('>', open + 1);
        if (close < 0)
            break;
        const QByteArrayView id = value.sliced(open + 1, close - open - 1).trimmed();
        if (id.contains('\n') || id.contains('\r')) {
            clean = false;
            break;
        }
        if (!id.isEmpty())
            out.append(cache->utf8(id));
        pos = close + 1;
    }
    if (!clean || out.size() == before) {
        // An id folded across lines, or a bare id: the general path.
        out.resize(before);
        appendMessageIds(mail::headerValue(block, "References"), out, cache);
    }
}

//! Servers fill the parts of an address the header lacks with placeholders of their own
//! (Dovecot: MISSING_MAILBOX, MISSING_DOMAIN, SYNTAX_ERROR; UW-IMAP and Cyrus:
//! .MISSING-HOST-NAME., .SYNTAX-ERROR.). None of them may reach a person: a missing part is
//! simply absent, so "From: foo" shows as foo and "From: <>" as no sender at all.
bool isPlaceholderMailbox(QByteArrayView mailbox) {
    return mailbox == "MISSING_MAILBOX" || mailbox == "UNEXPECTED_DATA_AFTER_ADDRESS";
}

bool isPlaceholderHost(QByteArrayView host) {
    return host == "MISSING_DOMAIN" || host == "SYNTAX_ERROR" || host == ".MISSING-HOST-NAME." ||
           host == ".SYNTAX-ERROR.";
}

//! A local part as it is written in an address: quoted when it needs quotes ("john smith").
void appendLocalPart(QVarLengthArray<char, 128>& out, QByteArrayView mailbox) {
    static constexpr auto atext = [] {
        std::array<bool, 256> t{};
        for (int c = 0; c < 256; ++c)
            t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
        for (const char c : std::string_view("!#$%&'*+-/=?^_`{|}~."))
            t[static_cast<unsigned char>(c)] = true;
        return t;
    }();
    if (mailbox.isEmpty())
        return;
    bool plain = !mailbox.startsWith('.') && !mailbox.endsWith('.') && !mailbox.contains("..");
    for (const char c : mailbox)
        plain = plain && atext[static_cast<unsigned char>(c)];
    if (plain) {
        out.append(mailbox.data(), mailbox.size());
        return;
    }
    out.append('"');
    for (const char c : mailbox) {
        if (c == '"' || c == '\\')
            out.append('\\');
        out.append(c);
    }
    out.append('"');
}

void readAddresses(ImapReader& r, QList<ImapAddress>& out, ImapStringCache* cache) {
    if (r.nil() || !r.consume('('))
        return;
    QByteArray scratch;
    QByteArray mailboxScratch; // the mailbox view must survive reading the host
    QVarLengthArray<char, 128> joined;
    while (r.ok() && !r.consume(')')) {
        if (r.atEnd()) {
            r.fail();
            return;
        }
        r.expect('(');
        const auto name = r.nstring(scratch);
        ImapAddress a;
        if (name)
            a.name = decodedHeader(*name, cache);
        (void)r.nstring(scratch); // source route (adl)
        const auto mailbox = r.nstring(mailboxScratch);
        const auto host = r.nstring(scratch);
        r.expect(')');
        if (!host || !mailbox)
            continue; // group start ("mailbox" is the group name) or group end (both NIL)
        const QByteArrayView local = isPlaceholderMailbox(*mailbox) ? QByteArrayView() : *mailbox;
        const QByteArrayView domain = isPlaceholderHost(*host) ? QByteArrayView() : *host;
        if (local.isEmpty() && domain.isEmpty() && a.name.isEmpty())
            continue; // "<>", the null sender of bounces, or an empty list element
        joined.clear();
        appendLocalPart(joined, local);
        if (!domain.isEmpty()) {
            joined.append('@');
            joined.append(domain.data(), domain.size());
        }
        const QByteArrayView address(joined.constData(), joined.size());
        a.address = cache ? cache->utf8(address) : QString::fromUtf8(address);
        out.append(std::move(a));
    }
}

QString stripAngles(const QString& id) {
    return id.size() >= 2 && id.startsWith(QLatin1Char('<')) && id.endsWith(QLatin1Char('>'))
               ? id.mid(1, id.size() - 2)
               : id;
}

void readEnvelope(ImapReader& r, ImapEnvelope& env, ImapStringCache* cache) {
    r.expect('(');
    QByteArray scratch;
    if (const auto date = r.nstring(scratch))
        env.date = parseRfc5322Date(*date);
    if (const auto subject = r.nstring(scratch))
        env.subject = decodedHeader(*subject, cache);
    readAddresses(r, env.from, cache);
    readAddresses(r, env.sender, cache);
    readAddresses(r, env.replyTo, cache);
    readAddresses(r, env.to, cache);
    readAddresses(r, env.cc, cache);
    readAddresses(r, env.bcc, cache);
    QStringList ids;
    if (const auto inReplyTo = r.nstring(scratch)) {
        appendMessageIds(*inReplyTo, ids, cache, 1);
        if (!ids.isEmpty())
            env.inReplyTo = ids.first();
    }
    if (const auto messageId = r.nstring(scratch)) {
        ids.clear();
        appendMessageIds(*messageId, ids, cache, 1);
        env.messageId = ids.isEmpty() ? stripAngles(QString::fromUtf8(messageId->trimmed())) : ids.first();
    }
    while (r.ok() && !r.consume(')')) {
        if (r.atEnd()) {
            r.fail();
            return;
        }
        r.skipValue();
    }
}

void readFlags(ImapReader& r, ImapFetchItem& out) {
    out.hasFlags = true;
    out.flags = {};
    if (r.nil())
        return;
    r.expect('(');
    while (r.ok() && !r.consume(')')) {
        if (r.atEnd()) {
            r.fail();
            return;
        }
        out.flags |= flagFromImap(r.atom());
    }
}

//! True for "BODY[HEADER.FIELDS (... REFERENCES ...)]" in any case, without allocating
//! (every listed message has one).
bool isReferencesSection(QByteArrayView name) {
    const qsizetype open = name.indexOf('[');
    const qsizetype close = name.lastIndexOf(']');
    if (open < 0 || close < open)
        return false;
    const QByteArrayView spec = name.sliced(open + 1, close - open - 1);
    constexpr QByteArrayView prefix("HEADER.FIELDS (");
    constexpr QByteArrayView field("REFERENCES");
    if (spec.size() < prefix.size() || !equalsIgnoreCase(spec.first(prefix.size()), prefix))
        return false;
    for (qsizetype i = prefix.size(); i + field.size() <= spec.size(); ++i) {
        if (equalsIgnoreCase(spec.sliced(i, field.size()), field))
            return true;
    }
    return false;
}

//! Splits "BODY[1.2]<0>" into the section spec and origin.
bool sectionOf(QByteArrayView name, ImapSection& section) {
    const qsizetype open = name.indexOf('[');
    const qsizetype close = name.lastIndexOf(']');
    if (open < 0 || close < open)
        return false;
    section.spec = name.sliced(open + 1, close - open - 1).toByteArray();
    const QByteArrayView tail = name.sliced(close + 1);
    if (tail.startsWith('<') && tail.endsWith('>')) {
        bool ok = false;
        const qint64 origin = QByteArray(tail.data() + 1, tail.size() - 2).toLongLong(&ok);
        if (ok)
            section.origin = origin;
    }
    return true;
}

} // namespace

namespace {
//! A fast hash of short byte strings, eight bytes per step (enough for a cache of header text).
quint64 hashBytes(QByteArrayView bytes) {
    constexpr quint64 kMul = 0x9E3779B97F4A7C15ULL;
    quint64 h = quint64(bytes.size()) * kMul;
    const char* p = bytes.data();
    qsizetype left = bytes.size();
    while (left >= 8) {
        quint64 w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * kMul;
        h ^= h >> 29;
        p += 8;
        left -= 8;
    }
    if (left > 0) {
        quint64 w = 0;
        std::memcpy(&w, p, size_t(left));
        h = (h ^ w) * kMul;
        h ^= h >> 29;
    }
    return h ^ (h >> 32);
}
} // namespace

void ImapStringCache::grow(Table& table) {
    std::vector<Slot> old;
    old.swap(table.buckets);
    table.buckets.resize(old.empty() ? 1024 : old.size() * 2);
    const size_t mask = table.buckets.size() - 1;
    for (Slot& slot : old) {
        if (slot.keyOffset < 0)
            continue;
        size_t i = size_t(slot.hash) & mask;
        while (table.buckets[i].keyOffset >= 0)
            i = (i + 1) & mask;
        table.buckets[i] = std::move(slot);
    }
}

template <typename Decode>
QString ImapStringCache::lookup(Table& table, QByteArrayView raw, Decode decode) {
    // Long values (a subject of a whole paragraph) rarely repeat; a bound keeps a hostile
    // server from growing the cache without limit.
    constexpr qsizetype kMaxKey = 512;
    constexpr size_t kMaxEntries = 1 << 18;
    if (raw.size() > kMaxKey || raw.isEmpty())
        return decode(raw); // an empty view may have no data pointer to compare
    if (table.buckets.empty())
        grow(table);
    const quint64 hash = hashBytes(raw);
    const size_t mask = table.buckets.size() - 1;
    size_t i = size_t(hash) & mask;
    for (;; i = (i + 1) & mask) {
        const Slot& slot = table.buckets[i];
        if (slot.keyOffset < 0)
            break;
        if (slot.hash == hash && slot.keySize == raw.size() &&
            std::memcmp(table.keys.constData() + slot.keyOffset, raw.data(), size_t(raw.size())) == 0)
            return slot.value;
    }
    QString value = decode(raw);
    if (table.used >= kMaxEntries)
        return value;
    Slot& slot = table.buckets[i];
    slot.hash = hash;
    slot.keyOffset = table.keys.size();
    slot.keySize = raw.size();
    slot.value = value;
    table.keys.append(raw.data(), raw.size());
    if (++table.used * 2 > table.buckets.size())
        grow(table);
    return value;
}

QString ImapStringCache::header(QByteArrayView raw) {
    return lookup(m_headers, raw, [](QByteArrayView v) { return mail::decodeHeader(v); });
}

QString ImapStringCache::utf8(QByteArrayView raw) {
    return lookup(m_utf8, raw, [](QByteArrayView v) { return QString::fromUtf8(v); });
}

MessageFlag flagFromImap(QByteArrayView flag) {
    if (flag.isEmpty())
        return MessageFlag::NoFlags;
    if (flag[0] == '\\') {
        const QByteArrayView name = flag.sliced(1);
        if (equalsIgnoreCase(name, "Seen"))
            return MessageFlag::Read;
        if (equalsIgnoreCase(name, "Flagged"))
            return MessageFlag::Flagged;
        if (equalsIgnoreCase(name, "Answered"))
            return MessageFlag::Answered;
        if (equalsIgnoreCase(name, "Draft"))
            return MessageFlag::Draft;
        if (equalsIgnoreCase(name, "Deleted"))
            return MessageFlag::Deleted;
        return MessageFlag::NoFlags;
    }
    if (equalsIgnoreCase(flag, "$Forwarded"))
        return MessageFlag::Forwarded;
    return MessageFlag::NoFlags;
}

void parseBodyStructure(ImapReader& reader, ImapFetchItem& out, bool collectParts) {
    BodyStructureParser(reader, out, collectParts).run();
}

bool parseFetch(const ImapResponse& response, ImapFetchItem& out, const FetchOptions& options,
                ImapReader::Failure* failure) {
    if (failure)
        *failure = ImapReader::Failure::None;
    if (!response.hasNumber || !response.isKeyword("FETCH"))
        return false;
    out.seq = response.number;
    ImapReader r(response.payload);
    r.expect('(');
    QByteArray scratch;
    while (r.ok() && !r.consume(')')) {
        if (r.atEnd()) {
            r.fail();
            break;
        }
        const QByteArrayView name = r.atom();
        if (!r.ok())
            break;
        if (equalsIgnoreCase(name, "UID")) {
            out.uid = r.number32();
        } else if (equalsIgnoreCase(name, "FLAGS")) {
            readFlags(r, out);
        } else if (equalsIgnoreCase(name, "INTERNALDATE")) {
            if (const auto date = r.nstring(scratch))
                out.internalDate = parseInternalDate(*date);
        } else if (equalsIgnoreCase(name, "RFC822.SIZE")) {
            out.size = plausibleSize(r.number());
        } else if (equalsIgnoreCase(name, "ENVELOPE")) {
            out.hasEnvelope = true;
            readEnvelope(r, out.envelope, options.strings);
        } else if (equalsIgnoreCase(name, "BODYSTRUCTURE") || equalsIgnoreCase(name, "BODY")) {
            parseBodyStructure(r, out, options.collectParts);
        } else if (equalsIgnoreCase(name, "MODSEQ")) {
            r.expect('(');
            out.modseq = r.number();
            r.expect(')');
        } else if (equalsIgnoreCase(name, "PREVIEW")) {
            if (const auto text = r.nstring(scratch))
                out.preview = mail::decodeCharset(*text, "utf-8");
        } else if (equalsIgnoreCase(name, "SNIPPET")) {
            r.expect('(');
            (void)r.atom(); // algorithm
            if (const auto text = r.nstring(scratch))
                out.preview = mail::decodeCharset(*text, "utf-8");
            r.expect(')');
        } else if (name.size() > 4 && (name.startsWith("BODY[") || name.startsWith("body[") ||
                                       name.startsWith("BINARY[") || name.startsWith("binary["))) {
            const auto data = r.nstring(scratch);
            if (isReferencesSection(name)) {
                if (data)
                    appendReferences(*data, out.references, options.strings);
                continue;
            }
            ImapSection section;
            sectionOf(name, section);
            section.nil = !data.has_value();
            if (data)
                section.data = data->toByteArray();
            out.sections.append(std::move(section));
        } else {
            r.skipValue(); // an attribute we did not ask for (X-GM-*, EMAILID ...)
        }
    }
    if (failure)
        *failure = r.failure();
    return r.ok();
}

} // namespace tributary::imap
