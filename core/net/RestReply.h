#pragma once

#include "net/CredentialRequests.h"
#include "net/RateLimitHeaders.h"
#include "net/RequestScheduler.h"
#include "util/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonDocument>
#include <QList>
#include <QNetworkReply>
#include <QPair>
#include <QString>
#include <QUrl>

namespace tributary {

//! One REST request, as a provider describes it to RestClient.
struct RestRequest {
    HttpVerb verb = HttpVerb::Get;
    //! What the limiter and the log know it by: a Web API method ("conversations.history")
    //! or a route template ("GET /users/{id}/messages"). Never an id, a query or a secret.
    QString route;
    //! Appended to the base URL's path ("/conversations.history", "/users/me/messages/17").
    QString path;
    //! Sent percent-encoded (every byte outside [A-Za-z0-9-._~]); never a credential.
    QList<QPair<QString, QString>> query;
    QByteArray body;
    QByteArray contentType; //!< with a body
    //! The rate-limit scope for routes kept per scope (a channel, a mailbox).
    QString scope;
    QUrl baseUrl;     //!< empty: the client's
    QByteArray token; //!< empty: the account's credential (AccountCredentials)
    RequestOptions options;
    //! How long the transfer may take; 0: the client's default.
    int transferTimeoutMs = 0;
    //! Extra headers (Prefer, If-Match ...); never Authorization, which the client sets.
    QList<QPair<QByteArray, QByteArray>> headers;

    RestRequest& arg(const QString& key, const QString& value) {
        query.append({key, value});
        return *this;
    }
    //! A JSON body (Content-Type: application/json).
    RestRequest& json(const QJsonDocument& document);
    //! An application/x-www-form-urlencoded body.
    RestRequest& form(const QList<QPair<QString, QString>>& fields);
};

//! What came back for one request, independent of QNetworkReply so that reading it can be
//! tested without a network.
struct RestReply {
    QString route; //!< the request's route template
    QString host;  //!< for messages; never the URL (queries may carry tokens)
    int httpStatus = 0;
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    bool timedOut = false; //!< the transfer timeout fired
    qint64 oversized = 0;  //!< the reply broke the byte budget: the size seen (announced or received)
    qint64 byteBudget = 0; //!< what the budget allowed, with `oversized`
    RawHeaders headers;
    QByteArray body;
};

//! The usual reading of a JSON REST reply, the typed errors every REST provider shares:
//! a byte budget broken -> Network "oversized_response" (not retried: the same request
//! brings the same answer); the transfer timeout -> Network "timeout" (retryable); no HTTP
//! status -> providerErrorFromNetworkError (connect failures retryable even for a POST);
//! status >= 300 -> providerErrorFromHttpStatus (401/403 Auth, 429 RateLimited with the
//! Retry-After / X-RateLimit-Reset wait, 5xx Network retryable, 404 NotFound ...); a 2xx whose
//! body is not JSON -> Protocol "invalid_response". An empty body (204) is an empty document.
Result<QJsonDocument> interpretJsonReply(const RestReply& reply, const QDateTime& nowUtc);

} // namespace tributary
