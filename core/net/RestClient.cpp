#include "net/RestClient.h"

#include "auth/OAuthEndpoint.h"
#include "net/HttpErrors.h"
#include "net/NetLogging.h"
#include "net/SystemClock.h"

#include <QCoreApplication>
#include <QJsonParseError>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace tributary {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("tributary::RestClient", text);
}

//! "GET conversations.history", or the route as it is when its template names the method.
QString describe(const RestRequest& request) {
    const QString verb = request.verb == HttpVerb::Post ? QStringLiteral("POST") : QStringLiteral("GET");
    if (request.route.startsWith(verb + QLatin1Char(' ')))
        return request.route;
    return verb + QLatin1Char(' ') + request.route;
}

//! What became of a request without an HTTP status, for the log.
QString outcome(const RestReply& reply, bool refusedRedirect, bool abandoned) {
    if (reply.httpStatus)
        return QString::number(reply.httpStatus);
    if (reply.oversized)
        return QStringLiteral("oversized");
    if (refusedRedirect)
        return QStringLiteral("redirect refused");
    if (abandoned)
        return QStringLiteral("cancelled");
    if (reply.timedOut)
        return QStringLiteral("timeout");
    return QStringLiteral("network error %1").arg(int(reply.networkError));
}

QByteArray serverBucketOf(const RawHeaders& headers) {
    for (const auto& [key, value] : headers)
        if (key.compare("X-RateLimit-Bucket", Qt::CaseInsensitive) == 0)
            return value.trimmed();
    return {};
}

} // namespace

RestRequest& RestRequest::json(const QJsonDocument& document) {
    body = document.toJson(QJsonDocument::Compact);
    contentType = QByteArrayLiteral("application/json");
    return *this;
}

RestRequest& RestRequest::form(const QList<QPair<QString, QString>>& fields) {
    body = formEncode(fields);
    contentType = QByteArrayLiteral("application/x-www-form-urlencoded");
    return *this;
}

Result<QJsonDocument> interpretJsonReply(const RestReply& reply, const QDateTime& nowUtc) {
    const QString who = reply.host.isEmpty() ? tr("The server") : reply.host;
    if (reply.oversized > 0) {
        const QLocale locale;
        ProviderError e = ProviderError::network(
            tr("%1 sent an oversized response to %2 (%3 where at most %4 was expected), so it was dropped.")
                .arg(who, reply.route, locale.formattedDataSize(reply.oversized),
                     locale.formattedDataSize(reply.byteBudget)),
            QStringLiteral("oversized_response"));
        e.retryable = false;
        return e;
    }
    if (reply.timedOut) {
        ProviderError e = ProviderError::network(tr("%1 did not answer %2 in time.").arg(who, reply.route),
                                                 QStringLiteral("timeout"));
        e.retryable = true;
        return e;
    }
    if (reply.httpStatus == 0 && reply.networkError != QNetworkReply::NoError)
        return providerErrorFromNetworkError(reply.networkError, reply.host);
    if (reply.httpStatus >= 300)
        return providerErrorFromHttpStatus(reply.httpStatus, reply.headers, nowUtc, reply.host);
    if (reply.httpStatus == 0)
        return ProviderError::protocol(tr("%1 sent no HTTP status.").arg(who), QStringLiteral("no_status"));
    if (reply.body.trimmed().isEmpty())
        return QJsonDocument();
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(reply.body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return ProviderError::protocol(tr("%1 answered %2 with something that is not JSON (%3).")
                                           .arg(who, reply.route, parseError.errorString()),
                                       QStringLiteral("invalid_response"));
    return doc;
}

RestClient::RestClient(RestClientConfig config, std::shared_ptr<Clock> clock, QNetworkAccessManager* nam,
                       QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_clock(clock ? std::move(clock) : SystemClock::shared())
    , m_nam(nam ? nam : new QNetworkAccessManager(this)) {
    if (!m_config.authorization)
        m_config.authorization = [](const QByteArray& secret) {
            return "Bearer " + secret;
        };
    SchedulerConfig scheduler;
    scheduler.maxConcurrent = m_config.schedulerConcurrency;
    scheduler.retry = m_config.retry;
    scheduler.name = m_config.name;
    m_scheduler = new RequestScheduler(scheduler, m_clock, this);
    m_limiter = new RateLimiter(m_config.limits, m_clock, this);
}

RestClient::~RestClient() = default;

ProviderError RestClient::missingCredentialError() const {
    return ProviderError::auth(tr("No token or password is available for this account: sign in again."),
                               QStringLiteral("secret_missing"));
}

void RestClient::exchange(const RestRequest& request, const QByteArray& secret,
                          std::function<bool()> cancelled, std::shared_ptr<QPointer<QNetworkReply>> inFlight,
                          Done done) {
    m_limiter->admit(request.route, request.scope, this,
                     [this, request, secret, cancelled = std::move(cancelled), inFlight = std::move(inFlight),
                      done = std::move(done)](std::shared_ptr<RateLimitPermit> permit) mutable {
                         if (cancelled()) {
                             permit.reset();
                             done(nullptr, std::nullopt);
                             return;
                         }
                         send(request, secret, std::move(permit), std::move(cancelled), std::move(inFlight),
                              std::move(done));
                     });
}

void RestClient::send(const RestRequest& request, const QByteArray& secret,
                      std::shared_ptr<RateLimitPermit> permit, std::function<bool()> cancelled,
                      std::shared_ptr<QPointer<QNetworkReply>> inFlight, Done done) {
    QUrl url = request.baseUrl.isEmpty() ? m_config.baseUrl : request.baseUrl;
    url.setPath(url.path() + request.path);
    if (!request.query.isEmpty())
        url.setQuery(QString::fromLatin1(formEncode(request.query)), QUrl::TolerantMode);
    QNetworkRequest out(url);
    for (const auto& [name, value] : request.headers)
        out.setRawHeader(name, value);
    out.setRawHeader("Authorization", m_config.authorization(secret));
    out.setRawHeader("Accept", "application/json");
    out.setTransferTimeout(request.transferTimeoutMs > 0 ? request.transferTimeoutMs
                                                         : m_config.transferTimeoutMs);
    if (!request.contentType.isEmpty())
        out.setHeader(QNetworkRequest::ContentTypeHeader, request.contentType);
    // The credential goes in every request: a redirect to another origin is refused. A POST
    // is never repeated by Qt on its own (a post must not happen twice).
    QNetworkReply* reply = sendWithCredentials(*m_nam, out, request.verb, request.body);
    *inFlight = reply;
    const std::chrono::milliseconds started = m_clock->now();

    // The byte budget: unless told otherwise QNetworkAccessManager buffers a whole reply,
    // whatever size the server announces or streams. Here it holds at most a read chunk; the
    // body is collected as it comes and the reply aborted once it (or its announced length)
    // passes the budget.
    const qint64 budget = m_config.maxReplyBytes;
    reply->setReadBufferSize(kReadChunkBytes);
    auto body = std::make_shared<QByteArray>();
    auto oversized = std::make_shared<qint64>(0);
    auto overBudget = [reply, oversized, budget](qint64 size) {
        if (size <= budget || *oversized > 0)
            return false;
        *oversized = size;
        reply->abort();
        return true;
    };
    connect(reply, &QNetworkReply::metaDataChanged, this, [reply, overBudget] {
        overBudget(reply->header(QNetworkRequest::ContentLengthHeader).toLongLong());
    });
    connect(reply, &QNetworkReply::readyRead, this, [reply, body, oversized, overBudget] {
        if (*oversized > 0)
            return;
        if (!overBudget(body->size() + reply->bytesAvailable()))
            body->append(reply->readAll());
    });
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, request, started, budget, body, oversized, permit = std::move(permit),
             cancelled = std::move(cancelled), done = std::move(done)]() mutable {
                reply->deleteLater();
                RestReply data;
                data.route = request.route;
                data.host = reply->url().host();
                data.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                data.networkError = reply->error();
                // Our other aborts are the byte budget's (`oversized`, which wins), a refused
                // redirect's (refusedRedirectError) and the caller's; any other is the timeout.
                const bool abandoned = cancelled();
                data.timedOut = data.networkError == QNetworkReply::OperationCanceledError &&
                                data.httpStatus == 0 && !abandoned;
                data.headers = reply->rawHeaderPairs();
                data.oversized = *oversized;
                data.byteBudget = budget;
                if (data.oversized == 0) {
                    body->append(reply->readAll());
                    data.body = std::move(*body);
                }
                const std::optional<ProviderError> refused = refusedRedirectError(reply);

                const RateLimitInfo limits = parseRateLimitHeaders(data.headers, m_clock->wallNow());
                if (limits.retryAfter || limits.resetIn || limits.remaining)
                    m_limiter->learn(request.route, request.scope, limits, serverBucketOf(data.headers));
                // The place goes to the next request before this one's continuations run.
                permit.reset();

                const qint64 ms = (m_clock->now() - started).count();
                const bool failed = data.httpStatus >= 400 || data.httpStatus == 0;
                if (failed)
                    qCInfo(lcRest).noquote()
                        << m_config.name << describe(request) << "->"
                        << outcome(data, refused.has_value(), abandoned) << "in" << ms << "ms";
                else
                    qCDebug(lcRest).noquote() << m_config.name << describe(request) << "->" << data.httpStatus
                                              << "in" << ms << "ms";
                done(&data, refused);
            });
}

} // namespace tributary
