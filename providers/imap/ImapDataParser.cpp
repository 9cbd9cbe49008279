#include "imap/ImapDataParser.h"

#include <QVarLengthArray>
#include <algorithm>

namespace tributary::imap {

bool ImapListEntry::hasAttribute(QByteArrayView attribute) const {
    for (const QByteArray& a : attributes) {
        if (equalsIgnoreCase(a, attribute))
            return true;
    }
    return false;
}

std::optional<ImapListEntry> parseList(const ImapResponse& response) {
    if (!response.isKeyword("LIST") && !response.isKeyword("LSUB"))
        return std::nullopt;
    ImapReader r(response.payload);
    ImapListEntry entry;
    r.expect('(');
    while (r.ok() && !r.consume(')')) {
        if (r.atEnd())
            return std::nullopt;
        entry.attributes.append(r.atom().toByteArray());
    }
    QByteArray scratch;
    const auto delimiter = r.nstring(scratch);
    if (delimiter && !delimiter->isEmpty())
        entry.delimiter = delimiter->at(0);
    entry.name = r.astring(scratch).toByteArray();
    // Extended data (CHILDINFO ...) may follow; it does not matter here.
    if (!r.ok() || entry.name.isEmpty())
        return std::nullopt;
    return entry;
}

std::optional<ImapStatus> parseStatus(const ImapResponse& response) {
    if (!response.isKeyword("STATUS"))
        return std::nullopt;
    ImapReader r(response.payload);
    QByteArray scratch;
    ImapStatus status;
    status.mailbox = r.astring(scratch).toByteArray();
    r.expect('(');
    while (r.ok() && !r.consume(')')) {
        if (r.atEnd())
            return std::nullopt;
        const QByteArrayView item = r.atom();
        const quint64 value = r.number();
        if (equalsIgnoreCase(item, "MESSAGES"))
            status.messages = static_cast<qint64>(value);
        else if (equalsIgnoreCase(item, "UNSEEN"))
            status.unseen = static_cast<qint64>(value);
        else if (equalsIgnoreCase(item, "UIDNEXT"))
            status.uidNext = static_cast<qint64>(value);
        else if (equalsIgnoreCase(item, "UIDVALIDITY"))
            status.uidValidity = static_cast<qint64>(value);
        else if (equalsIgnoreCase(item, "HIGHESTMODSEQ"))
            status.highestModSeq = value;
    }
    if (!r.ok())
        return std::nullopt;
    return status;
}

bool parseSearch(const ImapResponse& response, QList<quint32>& out, qsizetype maxCount,
                 ImapReader::Failure* failure) {
    ImapReader r(response.payload);
    auto done = [&r, failure] {
        if (failure)
            *failure = r.failure();
        return r.ok();
    };
    if (response.isKeyword("SEARCH")) {
        while (r.ok() && !r.atEnd()) {
            if (r.peek() == '(') {
                r.skipValue(); // (MODSEQ n) of a CONDSTORE search
                continue;
            }
            const quint32 number = r.number32();
            if (r.ok() && (number == 0 || out.size() >= maxCount))
                r.fail();
            if (r.ok())
                out.append(number);
        }
        return done();
    }
    if (!response.isKeyword("ESEARCH")) {
        r.fail();
        return done();
    }
    if (r.peek() == '(')
        r.skipValue(); // (TAG "x")
    r.consumeWord("UID");
    while (r.ok() && !r.atEnd()) {
        const QByteArrayView name = r.atom();
        if (equalsIgnoreCase(name, "ALL")) {
            if (!parseSequenceSet(r.atom(), out, maxCount))
                r.fail();
        } else {
            r.skipValue(); // MIN, MAX, COUNT, MODSEQ values
        }
    }
    return done();
}

namespace {
QList<ImapNamespace> readNamespaceList(ImapReader& r) {
    QList<ImapNamespace> list;
    if (r.nil() || !r.consume('('))
        return list;
    QByteArray scratch;
    while (r.ok() && !r.consume(')')) {
        if (r.atEnd()) {
            r.fail();
            break;
        }
        r.expect('(');
        ImapNamespace ns;
        ns.prefix = r.nstring(scratch).value_or(QByteArrayView()).toByteArray();
        const auto delimiter = r.nstring(scratch);
        if (delimiter && !delimiter->isEmpty())
            ns.delimiter = delimiter->at(0);
        // Namespace response extensions.
        while (r.ok() && !r.consume(')')) {
            if (r.atEnd()) {
                r.fail();
                break;
            }
            r.skipValue();
        }
        list.append(ns);
    }
    return list;
}
} // namespace

std::optional<ImapNamespaces> parseNamespace(const ImapResponse& response) {
    if (!response.isKeyword("NAMESPACE"))
        return std::nullopt;
    ImapReader r(response.payload);
    ImapNamespaces ns;
    ns.personal = readNamespaceList(r);
    ns.otherUsers = readNamespaceList(r);
    ns.shared = readNamespaceList(r);
    if (!r.ok())
        return std::nullopt;
    return ns;
}

QSet<QByteArray> parseCapabilities(QByteArrayView text) {
    QSet<QByteArray> caps;
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype end = text.indexOf(' ', pos);
        if (end < 0)
            end = text.size();
        const QByteArrayView atom = text.sliced(pos, end - pos).trimmed();
        if (!atom.isEmpty())
            caps.insert(atom.toByteArray().toUpper());
        pos = end + 1;
    }
    return caps;
}

bool parseSequenceSet(QByteArrayView set, QList<quint32>& out, qsizetype maxCount) {
    struct Range {
        quint32 lo;
        quint32 hi;
    };
    // Read and count every range first: "1:4294967295" or a million copies of "1:9999999"
    // are refused before a single number is stored.
    QVarLengthArray<Range, 16> ranges;
    qsizetype total = out.size();
    qsizetype pos = 0;
    while (pos < set.size()) {
        qsizetype end = set.indexOf(',', pos);
        if (end < 0)
            end = set.size();
        const QByteArrayView range = set.sliced(pos, end - pos);
        pos = end + 1;
        const qsizetype colon = range.indexOf(':');
        const auto a = toNumber(colon < 0 ? range : range.first(colon));
        const auto b = colon < 0 ? a : toNumber(range.sliced(colon + 1));
        if (!a || !b || *a == 0 || *b == 0 || *a > 0xffffffffu || *b > 0xffffffffu)
            return false;
        const Range r{static_cast<quint32>(std::min(*a, *b)), static_cast<quint32>(std::max(*a, *b))};
        total += qsizetype(r.hi - r.lo) + 1;
        if (total > maxCount)
            return false;
        ranges.append(r);
    }
    out.reserve(total);
    for (const Range& r : ranges) {
        for (quint32 v = r.lo;; ++v) {
            out.append(v);
            if (v == r.hi)
                break;
        }
    }
    return true;
}

QByteArray formatSequenceSet(const QList<quint32>& ascending) {
    QByteArray out;
    qsizetype i = 0;
    while (i < ascending.size()) {
        qsizetype j = i;
        while (j + 1 < ascending.size() && ascending[j + 1] == ascending[j] + 1)
            ++j;
        if (!out.isEmpty())
            out += ',';
        out += QByteArray::number(ascending[i]);
        if (j > i) {
            out += ':';
            out += QByteArray::number(ascending[j]);
        }
        i = j + 1;
    }
    return out;
}

} // namespace tributary::imap
