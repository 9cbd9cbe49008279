#pragma once

#include "net/RateLimitHeaders.h"
#include "util/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QNetworkReply>
#include <QString>

namespace tributary::slack {

//! What came back for one Web API call, independent of QNetworkReply so the mapping can be
//! tested without a network.
struct SlackReplyData {
    QString method; //!< "conversations.history"
    QString host;   //!< for messages; never the URL (queries may carry tokens)
    int httpStatus = 0;
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    bool timedOut = false; //!< our transfer timeout fired
    qint64 oversized = 0;  //!< the reply broke the byte budget: the size seen (announced or received)
    qint64 byteBudget = 0; //!< what the budget allowed, with `oversized`
    RawHeaders headers;
    QByteArray body;
};

//! The typed error for a Slack `ok:false` answer: invalid_auth, token_revoked,
//! account_inactive, not_authed... -> Auth (the user must sign in again); ratelimited ->
//! RateLimited; channel_not_found, message_not_found... -> NotFound; not_in_channel,
//! is_archived, msg_too_long... -> Invalid with a sentence the UI can show; internal_error,
//! fatal_error, service_unavailable -> Network (retryable). `code` keeps Slack's error.
ProviderError slackApiError(const QString& error, const QString& method);

//! The JSON object of a successful call, or the error: transport failures, a body that is
//! not a JSON object -> Protocol, `ok:false` -> slackApiError() whatever the HTTP status
//! (Slack sends 200; a 429 keeps its Retry-After as RateLimited, a 5xx stays retryable),
//! another status >= 300 without an ok:false body -> the HTTP mapping.
Result<QJsonObject> interpretSlackReply(const SlackReplyData& reply, const QDateTime& nowUtc);

} // namespace tributary::slack
