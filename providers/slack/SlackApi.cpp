#include "slack/SlackApi.h"

#include "auth/OAuthEndpoint.h"
#include "slack/SlackErrors.h"
#include "slack/SlackLogging.h"

namespace tributary::slack {

namespace {

//! A Slack answer as RestClient read it, mapped the way Slack means it (ok:false in a 200).
Result<QJsonObject> interpret(const RestReply& reply, const QDateTime& nowUtc) {
    SlackReplyData data;
    data.method = reply.route;
    data.host = reply.host;
    data.httpStatus = reply.httpStatus;
    data.networkError = reply.networkError;
    data.timedOut = reply.timedOut;
    data.oversized = reply.oversized;
    data.byteBudget = reply.byteBudget;
    data.headers = reply.headers;
    data.body = reply.body;
    Result<QJsonObject> result = interpretSlackReply(data, nowUtc);
    if (!result.ok())
        qCInfo(lcSlack) << reply.route << "failed:" << toString(result.error().kind) << result.error().code;
    return result;
}

RestRequest restRequest(const SlackCall& call) {
    RestRequest r;
    r.verb = call.verb == SlackVerb::Post ? HttpVerb::Post : HttpVerb::Get;
    r.route = call.method;
    r.path = QLatin1Char('/') + call.method;
    if (call.verb == SlackVerb::Post)
        r.form(call.params);
    else
        r.query = call.params;
    r.baseUrl = call.baseUrl;
    r.token = call.token;
    r.options = call.options;
    r.transferTimeoutMs = call.transferTimeoutMs;
    // chat.postMessage is limited per channel (the table keeps it per scope).
    for (const auto& [key, value] : call.params)
        if (key == QLatin1String("channel"))
            r.scope = value;
    return r;
}

} // namespace

QByteArray slackFormEncode(const QList<QPair<QString, QString>>& params) {
    return formEncode(params);
}

SlackApi::SlackApi(QUrl baseUrl, std::shared_ptr<Clock> clock, QNetworkAccessManager* nam, QObject* parent)
    : QObject(parent) {
    RestClientConfig config;
    config.baseUrl = std::move(baseUrl);
    config.name = QStringLiteral("slack");
    config.limits = slackRateLimitTable();
    // A few calls at once; the tier windows, not this cap, keep us within Slack's limits.
    config.schedulerConcurrency = 4;
    config.transferTimeoutMs = kTransferTimeoutMs;
    config.maxReplyBytes = kMaxReplyBytes;
    m_rest = new RestClient(std::move(config), std::move(clock), nam, this);
    connect(m_rest, &RestClient::authFailed, this, &SlackApi::authFailed);
}

SlackApi::~SlackApi() = default;

QNetworkAccessManager* SlackApi::networkAccessManager() const {
    return m_rest->networkAccessManager();
}

RequestScheduler* SlackApi::scheduler() const {
    return m_rest->scheduler();
}

Clock& SlackApi::clock() const {
    return m_rest->clock();
}

const std::shared_ptr<Clock>& SlackApi::sharedClock() const {
    return m_rest->sharedClock();
}

QUrl SlackApi::baseUrl() const {
    return m_rest->baseUrl();
}

void SlackApi::setCredentials(AccountCredentials* credentials) {
    m_rest->setCredentials(credentials);
}

void SlackApi::setTransferTimeout(int ms) {
    m_rest->setTransferTimeout(ms);
}

QFuture<Result<QJsonObject>> SlackApi::call(SlackCall call) {
    if (call.options.label.isEmpty())
        call.options.label = call.method;
    return m_rest->call<QJsonObject>(restRequest(call), &interpret);
}

QFuture<Result<QJsonObject>> SlackApi::attempt(const SlackCall& call) {
    return m_rest->attempt<QJsonObject>(restRequest(call), &interpret);
}

std::chrono::milliseconds SlackApi::rateLimitWait(const QString& method) const {
    return m_rest->rateLimitWait(method);
}

} // namespace tributary::slack
