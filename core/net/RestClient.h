#pragma once

#include "auth/WithCredential.h"
#include "net/Clock.h"
#include "net/RateLimiter.h"
#include "net/RequestScheduler.h"
#include "net/RestReply.h"
#include "util/ReadyFuture.h"
#include "util/Result.h"

#include <QByteArray>
#include <QFuture>
#include <QFutureWatcher>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QPromise>
#include <QString>
#include <QUrl>
#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace tributary {

class AccountCredentials;

//! What a REST provider chooses for its account's client.
struct RestClientConfig {
    QUrl baseUrl;
    //! For logs and the scheduler: the provider and account ("slack", "gmail:work").
    QString name;
    //! The provider's own table (providers/<id>/...RateLimits).
    RateLimitTable limits;
    //! Attempts in flight in the account's scheduler; the table's maxConcurrent caps the
    //! requests on the wire.
    int schedulerConcurrency = 4;
    RetryPolicy retry;
    int transferTimeoutMs = 30000;
    //! The largest reply taken; a larger one (announced or received) is dropped, not buffered.
    qint64 maxReplyBytes = 16 * 1024 * 1024;
    //! The Authorization header for a secret; default "Bearer <secret>" (Freshdesk: Basic).
    std::function<QByteArray(const QByteArray& secret)> authorization;
};

//! A reading of a RestReply into a value or a typed error (interpretJsonReply, or a
//! provider's own: Slack's ok:false inside an HTTP 200).
template <typename T>
using RestInterpreter = std::function<Result<T>(const RestReply& reply, const QDateTime& nowUtc)>;

//! One account's REST API. Every call:
//!  - runs under the account's RequestScheduler (retries with back-off; a 429's Retry-After
//!    pauses the whole account), and within each attempt waits for the RateLimiter (the
//!    provider's windows, quota units and concurrency cap, and what the server's
//!    X-RateLimit-* / Retry-After headers taught it);
//!  - carries the account's credential from AccountCredentials (or the request's own token)
//!    in the Authorization header, never in a URL; a refused one is renewed once through
//!    withCredential() (the TokenRefresher's refresh, shared by every caller) and the call
//!    made again;
//!  - goes out through sendWithCredentials(): a redirect to another origin is never followed,
//!    a POST never repeated by Qt on its own;
//!  - holds at most maxReplyBytes, and counts as a (retryable) timeout after its transfer
//!    timeout;
//!  - is logged on "tributary.net" as method, route template, status and duration, nothing
//!    else (no URL, query, header or body).
//! Lives on the GUI thread.
class RestClient : public QObject {
    Q_OBJECT
public:
    //! `clock` null: the system clock. `nam` null: the client makes its own (not owned).
    RestClient(RestClientConfig config, std::shared_ptr<Clock> clock = nullptr,
               QNetworkAccessManager* nam = nullptr, QObject* parent = nullptr);
    ~RestClient() override;

    //! Where requests without a token of their own get the account's (not owned).
    void setCredentials(AccountCredentials* credentials) { m_credentials = credentials; }

    //! The request under the scheduler: rate limited, retried as its options allow.
    template <typename T>
    QFuture<Result<T>> call(RestRequest request, RestInterpreter<T> interpret) {
        if (request.options.label.isEmpty())
            request.options.label = request.route;
        const RequestOptions options = request.options;
        return m_scheduler->run([this, request = std::move(request),
                                 interpret = std::move(interpret)] { return attempt<T>(request, interpret); },
                                options);
    }
    QFuture<Result<QJsonDocument>> call(RestRequest request) {
        return call<QJsonDocument>(std::move(request), &interpretJsonReply);
    }

    //! One attempt (rate limited, not retried but for a refused credential, which is renewed
    //! once), for use inside another scheduled attempt.
    template <typename T>
    QFuture<Result<T>> attempt(const RestRequest& request, RestInterpreter<T> interpret) {
        if (!request.token.isEmpty())
            return attemptWith<T>(request, request.token, std::move(interpret));
        if (!m_credentials)
            return readyResult<T>(missingCredentialError());
        // The caller's future is ours, so that cancelling it reaches the request on the wire
        // (through the credential's continuations it would not).
        auto outer = std::make_shared<QPromise<Result<T>>>();
        outer->start();
        auto current = std::make_shared<QFuture<Result<T>>>();
        auto* watcher = new QFutureWatcher<Result<T>>(this);
        connect(watcher, &QFutureWatcherBase::canceled, this, [current] { current->cancel(); });
        connect(watcher, &QFutureWatcherBase::finished, watcher, &QObject::deleteLater);
        watcher->setFuture(outer->future());
        withCredential<T>(m_credentials, this,
                          [this, request, interpret, outer, current](const Credential& credential) {
                              *current = attemptWith<T>(request, credential.secret.trimmed(), interpret);
                              if (outer->isCanceled())
                                  current->cancel();
                              return *current;
                          })
            .then(this, [this, outer](Result<T> result) {
                if (!result.ok() && result.error().kind == ErrorKind::Auth)
                    Q_EMIT authFailed(result.error());
                outer->addResult(std::move(result));
                outer->finish();
            });
        return outer->future();
    }

    //! One attempt with the given secret: no renewal.
    template <typename T>
    QFuture<Result<T>> attemptWith(const RestRequest& request, const QByteArray& secret,
                                   RestInterpreter<T> interpret) {
        auto promise = std::make_shared<QPromise<Result<T>>>();
        promise->start();
        QFuture<Result<T>> future = promise->future();
        // A caller that cancels stops the transfer too, not only its own wait for it.
        auto inFlight = std::make_shared<QPointer<QNetworkReply>>();
        auto* watcher = new QFutureWatcher<Result<T>>(this);
        connect(watcher, &QFutureWatcherBase::canceled, this, [inFlight] {
            if (*inFlight)
                (*inFlight)->abort();
        });
        connect(watcher, &QFutureWatcherBase::finished, watcher, &QObject::deleteLater);
        watcher->setFuture(future);
        exchange(
            request, secret, [promise] { return promise->isCanceled(); }, inFlight,
            [this, promise, interpret = std::move(interpret)](const RestReply* reply,
                                                              const std::optional<ProviderError>& error) {
                if (reply || error)
                    promise->addResult(error ? Result<T>(*error) : interpret(*reply, m_clock->wallNow()));
                promise->finish();
            });
        return future;
    }

    //! How long a request of `route` started now would wait for its limits.
    std::chrono::milliseconds rateLimitWait(const QString& route, const QString& scope = {}) const {
        return m_limiter->wait(route, scope);
    }

    void setTransferTimeout(int ms) { m_config.transferTimeoutMs = ms; }
    int transferTimeout() const { return m_config.transferTimeoutMs; }
    QUrl baseUrl() const { return m_config.baseUrl; }
    QNetworkAccessManager* networkAccessManager() const { return m_nam; }
    RequestScheduler* scheduler() const { return m_scheduler; }
    RateLimiter* limiter() const { return m_limiter; }
    Clock& clock() const { return *m_clock; }
    const std::shared_ptr<Clock>& sharedClock() const { return m_clock; }

    //! What QNetworkAccessManager may hold of a reply before the client takes it.
    static constexpr qint64 kReadChunkBytes = 256 * 1024;

Q_SIGNALS:
    //! The account's credential was refused and could not be renewed: it needs sign-in.
    void authFailed(const tributary::ProviderError& error);

private:
    //! Waits for the limiter, sends, collects the reply within the byte budget, learns from
    //! its rate-limit headers and logs it; then `done` with the reply, or with an error that
    //! comes before any reading (a refused redirect), or with neither when the caller
    //! cancelled (`cancelled()`) while the request waited its turn.
    //! The reply on the wire is put in `inFlight`, so that a cancelling caller can abort it.
    using Done = std::function<void(const RestReply*, const std::optional<ProviderError>&)>;
    void exchange(const RestRequest& request, const QByteArray& secret, std::function<bool()> cancelled,
                  std::shared_ptr<QPointer<QNetworkReply>> inFlight, Done done);
    void send(const RestRequest& request, const QByteArray& secret, std::shared_ptr<RateLimitPermit> permit,
              std::function<bool()> cancelled, std::shared_ptr<QPointer<QNetworkReply>> inFlight, Done done);
    ProviderError missingCredentialError() const;

    RestClientConfig m_config;
    std::shared_ptr<Clock> m_clock;
    QNetworkAccessManager* m_nam = nullptr;
    RequestScheduler* m_scheduler = nullptr;
    RateLimiter* m_limiter = nullptr;
    AccountCredentials* m_credentials = nullptr;
};

} // namespace tributary
