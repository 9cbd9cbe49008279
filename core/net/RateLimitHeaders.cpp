#include "net/RateLimitHeaders.h"

#include <QNetworkReply>
#include <cmath>
#include <initializer_list>
#include <limits>

namespace tributary {

namespace {

using std::chrono::milliseconds;

std::optional<QByteArray> header(const RawHeaders& headers, std::initializer_list<const char*> names) {
    for (const char* name : names) {
        for (const auto& [key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value.trimmed();
        }
    }
    return std::nullopt;
}

//! A non-negative decimal number ("120", "1.5"); nothing else, not even a sign.
std::optional<double> parseNumber(const QByteArray& text) {
    if (text.isEmpty())
        return std::nullopt;
    int dots = 0;
    for (char c : text) {
        if (c == '.')
            ++dots;
        else if (c < '0' || c > '9')
            return std::nullopt;
    }
    if (dots > 1 || text.startsWith('.') || text.endsWith('.'))
        return std::nullopt;
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}

//! A count of milliseconds from a double, rounded up and saturated: a header may carry any
//! number of digits, and converting one beyond qint64 would be undefined (the scheduler caps
//! every wait anyway, RetryPolicy::clampServerWait).
qint64 saturatedMs(double ms) {
    constexpr double kLimit = 9.2e18; // just below 2^63
    const double up = std::ceil(ms);
    if (!(up < kLimit))
        return std::numeric_limits<qint64>::max();
    return static_cast<qint64>(up);
}

//! Seconds to milliseconds, rounded up: coming back a fraction early earns another 429.
milliseconds secondsToMs(double seconds) {
    return milliseconds(saturatedMs(seconds * 1000.0));
}

milliseconds untilTime(const QDateTime& then, const QDateTime& nowUtc) {
    return milliseconds(std::max<qint64>(0, nowUtc.msecsTo(then)));
}

//! The leading integer of a limit header; the IETF draft allows "100, 100;w=60".
std::optional<qint64> parseCount(const QByteArray& text) {
    QByteArray digits;
    for (char c : text) {
        if (c < '0' || c > '9')
            break;
        digits.append(c);
    }
    if (digits.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 value = digits.toLongLong(&ok);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

int monthFromName(const QByteArray& name) {
    static const char* const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    if (name.size() != 3)
        return 0;
    for (int i = 0; i < 12; ++i) {
        if (name.compare(months[i], Qt::CaseInsensitive) == 0)
            return i + 1;
    }
    return 0;
}

bool isWeekday(const QByteArray& name) {
    static const char* const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    const QByteArray lower = name.toLower();
    for (const char* day : days) {
        if (lower.startsWith(day))
            return true;
    }
    return false;
}

std::optional<QTime> parseClock(const QByteArray& text) {
    const QList<QByteArray> parts = text.split(':');
    if (parts.size() != 3)
        return std::nullopt;
    int values[3] = {};
    for (int i = 0; i < 3; ++i) {
        bool ok = false;
        values[i] = parts[i].toInt(&ok);
        if (!ok || parts[i].size() != 2)
            return std::nullopt;
    }
    const QTime time(values[0], values[1], values[2]);
    return time.isValid() ? std::optional<QTime>(time) : std::nullopt;
}

bool isUtcZone(const QByteArray& zone) {
    return zone.compare("GMT", Qt::CaseInsensitive) == 0 || zone.compare("UTC", Qt::CaseInsensitive) == 0 ||
           zone.compare("UT", Qt::CaseInsensitive) == 0 || zone == "Z" || zone == "+0000";
}

} // namespace

std::optional<QDateTime> parseHttpDate(const QByteArray& value) {
    QByteArray text = value.trimmed();
    // Commas and the RFC 850 dashes only separate fields; the time keeps its colons.
    text.replace(',', ' ');
    text.replace('-', ' ');
    QList<QByteArray> tokens;
    for (const QByteArray& t : text.split(' ')) {
        if (!t.isEmpty())
            tokens.append(t);
    }
    if (!tokens.isEmpty() && isWeekday(tokens.first()) && monthFromName(tokens.first()) == 0)
        tokens.removeFirst();
    if (tokens.size() < 4)
        return std::nullopt;

    int day = 0, month = 0, year = 0;
    std::optional<QTime> time;
    QByteArray zone;
    bool ok = true;
    if (monthFromName(tokens[0]) != 0) {
        // asctime: "Nov 6 08:49:37 1994" (always UTC, no zone field)
        month = monthFromName(tokens[0]);
        day = tokens[1].toInt(&ok);
        time = parseClock(tokens[2]);
        if (ok)
            year = tokens[3].toInt(&ok);
        if (tokens.size() > 4)
            return std::nullopt;
    } else {
        // IMF-fixdate "06 Nov 1994 08:49:37 GMT" and RFC 850 "06 Nov 94 08:49:37 GMT"
        if (tokens.size() != 5)
            return std::nullopt;
        day = tokens[0].toInt(&ok);
        month = monthFromName(tokens[1]);
        if (ok)
            year = tokens[2].toInt(&ok);
        if (ok && tokens[2].size() == 2)
            year += year < 70 ? 2000 : 1900; // RFC 850 two-digit years
        time = parseClock(tokens[3]);
        zone = tokens[4];
        if (!isUtcZone(zone))
            return std::nullopt;
    }
    const QDate date(year, month, day);
    if (!ok || month == 0 || !time || !date.isValid())
        return std::nullopt;
    return QDateTime(date, *time, Qt::UTC);
}

std::optional<milliseconds> parseRetryAfter(const QByteArray& value, const QDateTime& nowUtc) {
    const QByteArray text = value.trimmed();
    if (const auto seconds = parseNumber(text))
        return secondsToMs(*seconds);
    if (const auto date = parseHttpDate(text))
        return untilTime(*date, nowUtc);
    return std::nullopt;
}

std::optional<milliseconds> parseRateLimitReset(const QByteArray& value, const QDateTime& nowUtc) {
    const auto number = parseNumber(value.trimmed());
    if (!number)
        return std::nullopt;
    if (*number >= 1e12)
        return untilTime(QDateTime::fromMSecsSinceEpoch(saturatedMs(*number), Qt::UTC), nowUtc);
    if (*number >= 1e9)
        return untilTime(QDateTime::fromMSecsSinceEpoch(saturatedMs(*number * 1000.0), Qt::UTC), nowUtc);
    return secondsToMs(*number);
}

RateLimitInfo parseRateLimitHeaders(const RawHeaders& headers, const QDateTime& nowUtc) {
    RateLimitInfo info;
    if (const auto v = header(headers, {"Retry-After"}))
        info.retryAfter = parseRetryAfter(*v, nowUtc);
    if (const auto v = header(headers, {"X-RateLimit-Reset-After"})) {
        if (const auto seconds = parseNumber(*v))
            info.resetIn = secondsToMs(*seconds);
    }
    if (!info.resetIn) {
        if (const auto v = header(headers, {"X-RateLimit-Reset", "X-Rate-Limit-Reset", "RateLimit-Reset"}))
            info.resetIn = parseRateLimitReset(*v, nowUtc);
    }
    if (const auto v =
            header(headers, {"X-RateLimit-Remaining", "X-Rate-Limit-Remaining", "RateLimit-Remaining"}))
        info.remaining = parseCount(*v);
    if (const auto v = header(headers, {"X-RateLimit-Limit", "X-Rate-Limit-Limit", "RateLimit-Limit"}))
        info.limit = parseCount(*v);
    return info;
}

std::optional<milliseconds> retryAfterFromHeaders(const RawHeaders& headers, const QDateTime& nowUtc) {
    const RateLimitInfo info = parseRateLimitHeaders(headers, nowUtc);
    if (info.retryAfter)
        return info.retryAfter;
    if (info.resetIn && (!info.remaining || info.exhausted()))
        return info.resetIn;
    return std::nullopt;
}

std::optional<milliseconds> retryAfterFromHeaders(const QNetworkReply* reply, const QDateTime& nowUtc) {
    if (!reply)
        return std::nullopt;
    return retryAfterFromHeaders(reply->rawHeaderPairs(), nowUtc);
}

} // namespace tributary
