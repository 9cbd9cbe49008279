#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <chrono>
#include <optional>

class QNetworkReply;

namespace tributary {

//! Response headers as QNetworkReply::rawHeaderPairs() gives them.
using RawHeaders = QList<QPair<QByteArray, QByteArray>>;

//! What a response says about the account's rate limit. Every wait is relative to
//! the `nowUtc` given to the parser and never negative (a reset in the past is 0).
struct RateLimitInfo {
    //! Retry-After (RFC 9110 §10.2.3): delta-seconds or an HTTP-date.
    std::optional<std::chrono::milliseconds> retryAfter;
    //! When the window resets: X-RateLimit-Reset-After (Discord, delta seconds),
    //! X-RateLimit-Reset / X-Rate-Limit-Reset (epoch seconds for Intercom, GitHub,
    //! Discord; delta seconds elsewhere: see parseRateLimitReset) or RateLimit-Reset.
    std::optional<std::chrono::milliseconds> resetIn;
    //! X-RateLimit-Remaining / X-Rate-Limit-Remaining / RateLimit-Remaining.
    std::optional<qint64> remaining;
    //! X-RateLimit-Limit / X-Rate-Limit-Limit / RateLimit-Limit.
    std::optional<qint64> limit;

    //! The window is used up: the next request would be refused.
    bool exhausted() const { return remaining.has_value() && *remaining <= 0; }
};

//! Reads every rate-limit header this project knows. Header names are case-insensitive.
RateLimitInfo parseRateLimitHeaders(const RawHeaders& headers, const QDateTime& nowUtc);

//! How long the server asks us to wait before the next request, or nothing:
//! Retry-After if present; otherwise the reset time when the window is exhausted
//! (X-RateLimit-Remaining: 0) or when a reset is given without a remaining count
//! (Intercom's 429). A reset next to a positive remaining count is no request to wait.
std::optional<std::chrono::milliseconds> retryAfterFromHeaders(const RawHeaders& headers,
                                                               const QDateTime& nowUtc);
//! The same for a finished reply.
std::optional<std::chrono::milliseconds>
retryAfterFromHeaders(const QNetworkReply* reply, const QDateTime& nowUtc = QDateTime::currentDateTimeUtc());

//! A Retry-After value: delta-seconds ("120", leniently "1.5") or an HTTP-date.
std::optional<std::chrono::milliseconds> parseRetryAfter(const QByteArray& value, const QDateTime& nowUtc);

//! An X-RateLimit-Reset value, told apart by magnitude: >= 10^12 is epoch
//! milliseconds, >= 10^9 (September 2001) epoch seconds, anything smaller a delay in
//! seconds (no window lasts 31 years). Fractions are allowed (Discord "1470173023.123").
std::optional<std::chrono::milliseconds> parseRateLimitReset(const QByteArray& value,
                                                             const QDateTime& nowUtc);

//! An HTTP-date in any of the three forms RFC 9110 §5.6.7 requires recipients to
//! accept: IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), RFC 850
//! ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun Nov  6 08:49:37 1994").
std::optional<QDateTime> parseHttpDate(const QByteArray& value);

} // namespace tributary
