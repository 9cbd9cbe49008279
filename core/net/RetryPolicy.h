#pragma once

#include "provider/ProviderError.h"

#include <QString>
#include <chrono>
#include <functional>

namespace tributary {

//! Codes (ProviderError::code) for network failures that happen before a request
//! reaches the server. Providers that open their own connections (IMAP, SMTP,
//! websockets) use them too, so the scheduler can safely retry even a send.
namespace NetworkErrorCode {
inline const QString ConnectionRefused = QStringLiteral("connection_refused");
inline const QString HostNotFound = QStringLiteral("host_not_found");
inline const QString Offline = QStringLiteral("offline");
inline const QString ProxyUnreachable = QStringLiteral("proxy_unreachable");
//! The request was never written to the connection (e.g. the connection broke while
//! it was still waiting in a local queue).
inline const QString NotSent = QStringLiteral("not_sent");
} // namespace NetworkErrorCode

//! True when the error proves the server never processed the request, so
//! retrying cannot duplicate a side effect: a rate limit refusal (the server
//! refused it before acting) or a connect-phase network failure (codes above).
bool requestNeverReachedServer(const ProviderError& error);

//! Exponential back-off with "full jitter" (AWS Architecture Blog, "Exponential
//! Backoff And Jitter"): the n-th retry waits a uniformly random time in
//! [0, min(maxDelay, baseDelay * 2^(n-1))]. Full jitter spreads the retries of many
//! clients (and of the many requests of one account) instead of synchronising them.
struct RetryPolicy {
    std::chrono::milliseconds baseDelay{1000};
    std::chrono::milliseconds maxDelay{std::chrono::minutes(5)};
    //! The longest wait a server's Retry-After / X-RateLimit-Reset may impose; a
    //! larger value (a broken header, a day-long ban) is clamped so that an account
    //! is never frozen for longer than this in one go.
    std::chrono::milliseconds maxServerWait{std::chrono::hours(1)};
    //! Uniform random numbers in [0, 1]; empty means QRandomGenerator::global().
    //! Tests inject a fixed sequence.
    std::function<double()> random;

    //! The jitter ceiling after `failedAttempts` failures (1 = the first retry).
    std::chrono::milliseconds backoffCeiling(int failedAttempts) const;
    //! A random delay in [0, backoffCeiling(failedAttempts)].
    std::chrono::milliseconds backoffDelay(int failedAttempts) const;
    //! A server-requested wait, clamped to [0, maxServerWait].
    std::chrono::milliseconds clampServerWait(std::chrono::milliseconds wait) const;
};

} // namespace tributary
