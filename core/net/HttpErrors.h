#pragma once

#include "net/RateLimitHeaders.h"
#include "provider/ProviderError.h"

#include <QNetworkReply>
#include <QString>
#include <optional>

namespace tributary {

//! The typed error for a finished REST reply, or nothing when it succeeded (2xx and
//! no network error). Provider-specific failures inside a 200 (Slack's ok:false) are
//! the provider's to map. Messages name the host only, never the URL (queries can
//! carry tokens) nor the body.
//!  - 401, 403 -> Auth (a 403 carrying Retry-After or X-RateLimit-Remaining: 0 is
//!    GitHub-style rate limiting -> RateLimited)
//!  - 404, 410 -> NotFound;  429 -> RateLimited with retryAfter from the headers
//!  - 408, 5xx (except 501/505) -> Network, retryable (503 keeps its Retry-After)
//!  - 400, 422 and other 4xx, 501, 505 -> Invalid;  3xx -> Protocol
//!  - no HTTP status: see providerErrorFromNetworkError
//! Note: Qt reports an abort() and a transfer timeout alike as OperationCanceledError,
//! which maps to Cancelled; a provider using setTransferTimeout() should map its
//! own timeout to Network (code "timeout") before this is called.
std::optional<ProviderError>
providerErrorFromReply(const QNetworkReply* reply, const QDateTime& nowUtc = QDateTime::currentDateTimeUtc());

//! The error for an HTTP status >= 300 (see providerErrorFromReply). code is "http_<status>".
ProviderError providerErrorFromHttpStatus(int status, const RawHeaders& headers, const QDateTime& nowUtc,
                                          const QString& host = {});

//! The error for a failure without an HTTP response. Connect-phase failures carry a
//! NetworkErrorCode (RetryPolicy.h) so even non-idempotent requests may be retried;
//! TLS failures are not retryable (a bad certificate does not fix itself).
ProviderError providerErrorFromNetworkError(QNetworkReply::NetworkError error, const QString& host = {});

} // namespace tributary
