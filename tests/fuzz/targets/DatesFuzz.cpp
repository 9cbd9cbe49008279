// dates: every date and wait the app reads from a peer: IMAP INTERNALDATE and RFC 5322 Date
// (envelopes), HTTP-dates and Retry-After, X-RateLimit-* headers. The input is one value, and
// also a block of "Name: value" header lines.
// Properties: a parsed date is valid and in UTC; a wait is never negative.

#include "FuzzSupport.h"
#include "FuzzTargets.h"
#include "imap/ImapDates.h"
#include "net/RateLimitHeaders.h"

namespace tributary::fuzz {

using namespace std::chrono;

namespace {
void checkDate(const QDateTime& date, const char* what) {
    if (date.isValid())
        TRIBUTARY_FUZZ_CHECK(date.timeSpec() == Qt::UTC, QString::fromLatin1(what));
}

void checkWait(const std::optional<milliseconds>& wait, const char* what) {
    if (wait)
        TRIBUTARY_FUZZ_CHECK(wait->count() >= 0,
                             QStringLiteral("%1: %2 ms").arg(QLatin1String(what)).arg(wait->count()));
}
} // namespace

void dates(const uint8_t* data, size_t size) {
    const QByteArrayView input = bytesOf(data, size);
    const QByteArray value = input.toByteArray();
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);

    checkDate(imap::parseInternalDate(input), "INTERNALDATE");
    checkDate(imap::parseRfc5322Date(input), "RFC 5322 date");
    if (const auto date = parseHttpDate(value))
        checkDate(*date, "HTTP-date");
    checkWait(parseRetryAfter(value, now), "Retry-After");
    checkWait(parseRateLimitReset(value, now), "X-RateLimit-Reset");

    RawHeaders headers;
    for (const QByteArray& line : value.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    const RateLimitInfo info = parseRateLimitHeaders(headers, now);
    checkWait(info.retryAfter, "retryAfter");
    checkWait(info.resetIn, "resetIn");
    checkWait(retryAfterFromHeaders(headers, now), "retryAfterFromHeaders");
}

} // namespace tributary::fuzz
