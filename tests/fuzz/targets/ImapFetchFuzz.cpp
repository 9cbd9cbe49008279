// imap_fetch: the byte stream of a connection through the framer, fed whole and in pieces
// split where the input's hash says; every response through the classifier and, when it is a
// FETCH, the FETCH parser with and without the listing's string cache.
// Properties: framing does not depend on read boundaries and loses no byte (up to a response
// that breaks the byte budget, where the stream stops); the string cache changes nothing but
// speed.

#include "FuzzSupport.h"
#include "FuzzTargets.h"
#include "imap/ImapFetchParser.h"
#include "imap/ImapResponseParser.h"

#include <QByteArrayList>

namespace tributary::fuzz {

using namespace tributary::imap;

namespace {

QByteArrayList frameWhole(QByteArrayView input, QByteArray* pending, bool* overflow) {
    ImapResponseParser parser;
    parser.feed(input);
    QByteArrayList out;
    while (const auto response = parser.next())
        out.append(response->toByteArray());
    *pending = input.sliced(input.size() - parser.pendingBytes()).toByteArray();
    *overflow = parser.overflow().has_value();
    return out;
}

QByteArrayList frameInPieces(QByteArrayView input, InputRandom& random) {
    ImapResponseParser parser;
    QByteArrayList out;
    qsizetype pos = 0;
    while (pos < input.size()) {
        const qsizetype piece = qMin<qsizetype>(1 + random.below(40), input.size() - pos);
        parser.feed(input.sliced(pos, piece));
        pos += piece;
        while (const auto response = parser.next())
            out.append(response->toByteArray());
    }
    return out;
}

QString describe(const QList<ImapAddress>& list) {
    QString out;
    for (const ImapAddress& a : list)
        out += a.name + QLatin1Char('<') + a.address + QLatin1String(">,");
    return out;
}

void checkFetch(const ImapResponse& response) {
    ImapFetchItem plain;
    const bool ok = parseFetch(response, plain, FetchOptions{true, nullptr});
    ImapStringCache cache;
    ImapFetchItem cached;
    const bool cachedOk = parseFetch(response, cached, FetchOptions{false, &cache});
    // Twice through the same cache: the second parse is served from it.
    ImapFetchItem again;
    (void)parseFetch(response, again, FetchOptions{false, &cache});
    TRIBUTARY_FUZZ_CHECK(ok == cachedOk, excerpt(QString::fromLatin1(response.raw)));
    if (!ok)
        return;
    for (const ImapFetchItem* item : {&cached, &again}) {
        TRIBUTARY_FUZZ_CHECK(item->envelope.subject == plain.envelope.subject, plain.envelope.subject);
        TRIBUTARY_FUZZ_CHECK(describe(item->envelope.from) == describe(plain.envelope.from),
                             describe(plain.envelope.from));
        TRIBUTARY_FUZZ_CHECK(describe(item->envelope.to) == describe(plain.envelope.to),
                             describe(plain.envelope.to));
        TRIBUTARY_FUZZ_CHECK(item->envelope.messageId == plain.envelope.messageId, plain.envelope.messageId);
        TRIBUTARY_FUZZ_CHECK(item->references == plain.references, plain.references.join(QLatin1Char(' ')));
        TRIBUTARY_FUZZ_CHECK(item->hasAttachments == plain.hasAttachments, QString());
    }
}

} // namespace

void imap_fetch(const uint8_t* data, size_t size) {
    const QByteArrayView input = bytesOf(data, size);
    QByteArray pending;
    bool overflow = false;
    const QByteArrayList responses = frameWhole(input, &pending, &overflow);
    InputRandom random(input);
    const QByteArrayList pieces = frameInPieces(input, random);
    TRIBUTARY_FUZZ_CHECK(
        pieces == responses,
        QStringLiteral("%1 responses whole, %2 in pieces").arg(responses.size()).arg(pieces.size()));
    // Past a response that breaks the byte budget the stream stops (the connection goes):
    // what came before is still whole.
    const QByteArray framed = responses.join();
    TRIBUTARY_FUZZ_CHECK(overflow ? input.startsWith(framed) : framed + pending == input.toByteArray(),
                         QStringLiteral("framing lost or repeated bytes"));

    for (const QByteArray& raw : responses) {
        const auto response = classifyResponse(raw);
        if (!response)
            continue;
        (void)response->codeName();
        (void)response->codeArgument();
        if (response->type == ImapResponse::Type::Untagged)
            checkFetch(*response);
    }
}

} // namespace tributary::fuzz
