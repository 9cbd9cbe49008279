// imap_data: untagged data responses other than FETCH (LIST, LSUB, STATUS, SEARCH, ESEARCH,
// NAMESPACE, CAPABILITY) and sequence sets.
// Property: a sequence set we accept, written back by formatSequenceSet(), reads the same.

#include "FuzzSupport.h"
#include "FuzzTargets.h"
#include "imap/ImapDataParser.h"
#include "imap/ImapResponseParser.h"

#include <algorithm>

namespace tributary::fuzz {

using namespace tributary::imap;

namespace {

void checkSequenceSet(QByteArrayView set) {
    QList<quint32> numbers;
    if (!parseSequenceSet(set, numbers) || numbers.size() > 100'000)
        return;
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    const QByteArray formatted = formatSequenceSet(numbers);
    QList<quint32> again;
    TRIBUTARY_FUZZ_CHECK(parseSequenceSet(formatted, again), QString::fromLatin1(formatted));
    TRIBUTARY_FUZZ_CHECK(again == numbers, excerpt(QString::fromLatin1(formatted)));
}

void parseData(const ImapResponse& response) {
    if (const auto entry = parseList(response)) {
        (void)entry->hasAttribute("\\Noselect");
        TRIBUTARY_FUZZ_CHECK(!entry->name.isEmpty(), QString::fromLatin1(response.raw));
    }
    (void)parseStatus(response);
    QList<quint32> uids;
    (void)parseSearch(response, uids);
    (void)parseNamespace(response);
    (void)parseCapabilities(response.payload);
    if (!response.code.isEmpty())
        (void)parseCapabilities(response.codeArgument());
}

} // namespace

void imap_data(const uint8_t* data, size_t size) {
    const QByteArrayView input = bytesOf(data, size);
    ImapResponseParser parser;
    parser.feed(input);
    while (const auto raw = parser.next()) {
        if (const auto response = classifyResponse(*raw))
            parseData(*response);
    }
    // The input itself as a sequence set (the first line, as ESEARCH's ALL carries one).
    const qsizetype eol = input.indexOf('\n');
    checkSequenceSet((eol < 0 ? input : input.first(eol)).trimmed());
}

} // namespace tributary::fuzz
