#include "slack/SlackApi.h"

#include "auth/WithCredential.h"
#include "net/CredentialRequests.h"
#include "net/SystemClock.h"
#include "slack/SlackErrors.h"
#include "slack/SlackLogging.h"
#include "util/ReadyFuture.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPromise>

namespace tributary::slack {

QByteArray slackFormEncode(const QList<QPair<QString, QString>>& params) {
    QByteArray out;
    for (const auto& [key, value] : params) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    }
    return out;
}

SlackApi::SlackApi(QUrl baseUrl, std::shared_ptr<Clock> clock, QNetworkAccessManager* nam, QObject* parent)
    : QObject(parent)
    , m_baseUrl(std::move(baseUrl))
    , m_clock(clock ? std::move(clock) : SystemClock::shared())
    , m_nam(nam ? nam : new QNetworkAccessManager(this)) {
    SchedulerConfig config;
    // A few calls at once; the tier limiter, not this cap, keeps us within Slack's limits.
    config.maxConcurrent = 4;
    config.name = QStringLiteral("slack");
    m_scheduler = new RequestScheduler(config, m_clock, this);
}

SlackApi::~SlackApi() = default;

QFuture<Result<QJsonObject>> SlackApi::call(SlackCall call) {
    if (call.options.label.isEmpty())
        call.options.label = call.method;
    return m_scheduler->run([this, call] { return attempt(call); }, call.options);
}

QFuture<Result<QJsonObject>> SlackApi::attempt(const SlackCall& call) {
    if (!call.token.isEmpty())
        return attemptWith(call, call.token);
    if (!m_credentials)
        return readyResult<QJsonObject>(ProviderError::auth(
            tr("No Slack token is available for this account."), QStringLiteral("secret_missing")));
    return withCredential<QJsonObject>(m_credentials, this,
                                       [this, call](const Credential& credential) {
                                           return attemptWith(call, credential.secret.trimmed());
                                       })
        .then(this, [this](Result<QJsonObject> result) {
            if (!result.ok() && result.error().kind == ErrorKind::Auth)
                Q_EMIT authFailed(result.error());
            return result;
        });
}

std::chrono::milliseconds SlackApi::rateLimitWait(const QString& method) const {
    return m_limiter.wait(method, slackRateLimit(slackTierOf(method)), m_clock->now());
}

QFuture<Result<QJsonObject>> SlackApi::attemptWith(const SlackCall& call, const QByteArray& token) {
    auto promise = std::make_shared<QPromise<Result<QJsonObject>>>();
    promise->start();
    QFuture<Result<QJsonObject>> future = promise->future();
    // chat.postMessage is limited per channel, everything else per method.
    QString key = call.method;
    if (call.method == QLatin1String("chat.postMessage"))
        for (const auto& [k, v] : call.params)
            if (k == QLatin1String("channel"))
                key += QLatin1Char(':') + v;
    const std::chrono::milliseconds wait =
        m_limiter.reserve(key, slackRateLimit(slackTierOf(call.method)), m_clock->now());
    if (wait.count() > 0) {
        qCDebug(lcSlack) << call.method << "waits" << wait.count() << "ms for its rate limit tier";
        m_clock->callAfter(wait, this, [this, call, token, promise] { start(call, token, promise); });
    } else {
        start(call, token, promise);
    }
    return future;
}

void SlackApi::start(const SlackCall& call, const QByteArray& token,
                     const std::shared_ptr<QPromise<Result<QJsonObject>>>& promise) {
    if (promise->isCanceled()) {
        promise->finish();
        return;
    }
    QUrl url = call.baseUrl.isEmpty() ? m_baseUrl : call.baseUrl;
    url.setPath(url.path() + QLatin1Char('/') + call.method);
    const QByteArray form = slackFormEncode(call.params);
    if (call.verb == SlackVerb::Get && !form.isEmpty())
        url.setQuery(QString::fromLatin1(form), QUrl::TolerantMode);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + token);
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(call.transferTimeoutMs > 0 ? call.transferTimeoutMs : m_transferTimeoutMs);
    if (call.verb == SlackVerb::Post)
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/x-www-form-urlencoded"));
    // The token goes in every request: a redirect to another origin is refused. A POST is
    // never repeated by Qt on its own: chat.postMessage must not post twice.
    QNetworkReply* reply = sendWithCredentials(
        *m_nam, request, call.verb == SlackVerb::Post ? HttpVerb::Post : HttpVerb::Get, form);
    const QString method = call.method;
    // The byte budget: unless told otherwise QNetworkAccessManager buffers a whole reply,
    // whatever size the server announces or streams. Here it holds at most a read chunk; the
    // body is collected as it comes and the reply aborted once it (or its announced length)
    // passes the budget.
    reply->setReadBufferSize(kReadChunkBytes);
    auto body = std::make_shared<QByteArray>();
    auto oversized = std::make_shared<qint64>(0);
    auto overBudget = [reply, oversized](qint64 size) {
        if (size <= kMaxReplyBytes || *oversized > 0)
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
    connect(reply, &QNetworkReply::finished, this, [this, reply, promise, method, oversized, body] {
        reply->deleteLater();
        SlackReplyData data;
        data.method = method;
        data.host = reply->url().host();
        data.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        data.networkError = reply->error();
        // Our only other abort is the byte budget's (`oversized`, which wins), so a
        // cancellation is the transfer timeout.
        data.timedOut = data.networkError == QNetworkReply::OperationCanceledError && data.httpStatus == 0;
        data.headers = reply->rawHeaderPairs();
        data.oversized = *oversized;
        data.byteBudget = kMaxReplyBytes;
        if (data.oversized == 0) {
            body->append(reply->readAll());
            data.body = std::move(*body);
        }
        const std::optional<ProviderError> refused = refusedRedirectError(reply);
        Result<QJsonObject> result =
            refused ? Result<QJsonObject>(*refused) : interpretSlackReply(data, m_clock->wallNow());
        if (!result.ok())
            qCInfo(lcSlack) << method << "failed:" << toString(result.error().kind) << result.error().code;
        promise->addResult(std::move(result));
        promise->finish();
    });
}

} // namespace tributary::slack
