// The shared REST client (core/net/RestClient) against a loopback HTTP server: the credential
// in the Authorization header only, refused credentials renewed once through the account's
// refresh, typed errors, the byte budget and timeout, rate-limit headers taught to the
// limiter and Retry-After pausing the account, redirects kept within the origin, and log
// lines that carry the method, route, status and duration and nothing secret.

#include "net/RestClient.h"

#include "Await.h"
#include "FakeClock.h"
#include "RecordingHttpServer.h"
#include "accounts/MemorySecretSource.h"
#include "auth/AccountCredentials.h"
#include "net/SystemClock.h"

#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QStringList>
#include <gtest/gtest.h>

using namespace tributary;
using namespace std::chrono_literals;
using tributary::test::await;
using tributary::test::FakeClock;
using Recorded = tributary::test::RecordedRequest;
using RecordingServer = tributary::test::RecordingHttpServer;

namespace {

QByteArray http(int status, const QByteArray& body, const QByteArray& extraHeaders = {}) {
    return "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: application/json\r\n" +
           extraHeaders + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

const QString kAccount = QStringLiteral("acct");

//! An account whose stored token is `token` (not renewable).
struct PlainAccount {
    explicit PlainAccount(const QByteArray& token)
        : secrets(kAccount, SecretKind::AccessToken, token)
        , credentials(kAccount, QStringLiteral("Test"), SecretKind::AccessToken, std::nullopt, &secrets) {}
    MemorySecretSource secrets;
    AccountCredentials credentials;
};

RestClientConfig config(const RecordingServer& server) {
    RestClientConfig c;
    c.baseUrl = QUrl(server.url(QStringLiteral("/api")));
    c.name = QStringLiteral("test");
    return c;
}

RestRequest get(const QString& route, const QString& path) {
    RestRequest r;
    r.route = route;
    r.path = path;
    return r;
}

//! Captures what is logged on "tributary.net" (debug included) while it lives.
class NetLogCapture {
public:
    NetLogCapture() {
        QLoggingCategory::setFilterRules(QStringLiteral("tributary.net.debug=true"));
        s_lines = &m_lines;
        m_previous = qInstallMessageHandler(&NetLogCapture::handle);
    }
    ~NetLogCapture() {
        qInstallMessageHandler(m_previous);
        s_lines = nullptr;
        QLoggingCategory::setFilterRules(QString());
    }
    QString all() const { return m_lines.join(QLatin1Char('\n')); }
    QStringList lines() const { return m_lines; }

private:
    static void handle(QtMsgType, const QMessageLogContext& context, const QString& message) {
        if (s_lines && QByteArray(context.category ? context.category : "") == "tributary.net")
            s_lines->append(message);
    }
    static inline QStringList* s_lines = nullptr;
    QStringList m_lines;
    QtMessageHandler m_previous = nullptr;
};

} // namespace

TEST(RestClient, SendsTheCredentialInTheHeaderAndReadsJson) {
    RecordingServer server([](const Recorded&) { return http(200, "{\"id\":7,\"name\":\"x\"}"); });
    PlainAccount account("token-123");
    RestClient client(config(server));
    client.setCredentials(&account.credentials);
    RestRequest r = get(QStringLiteral("GET /users/{id}"), QStringLiteral("/users/42"));
    r.arg(QStringLiteral("fields"), QStringLiteral("a+b c"));
    const auto result = await(client.call(r));
    ASSERT_TRUE(result && result->ok()) << (result ? result->error().describe().toStdString() : "timeout");
    EXPECT_EQ(result->value().object().value(QStringLiteral("id")).toInt(), 7);
    ASSERT_EQ(server.requests.size(), 1);
    EXPECT_EQ(server.requests[0].path, QByteArray("/api/users/42?fields=a%2Bb%20c"));
    EXPECT_TRUE(server.requests[0].head.contains("Authorization: Bearer token-123"));
    EXPECT_TRUE(server.requests[0].head.contains("Accept: application/json"));

    RestRequest post;
    post.verb = HttpVerb::Post;
    post.route = QStringLiteral("POST /things");
    post.path = QStringLiteral("/things");
    post.json(QJsonDocument(QJsonObject{{QStringLiteral("a"), 1}}));
    ASSERT_TRUE(await(client.call(post))->ok());
    EXPECT_EQ(server.requests[1].body, QByteArray("{\"a\":1}"));
    EXPECT_TRUE(server.requests[1].head.contains("Content-Type: application/json"));
    EXPECT_FALSE(server.requests[1].path.contains("token"));
}

TEST(RestClient, ATypedErrorForEveryFailure) {
    int status = 0;
    QByteArray headers;
    QByteArray body = "{}";
    RecordingServer server([&](const Recorded&) { return http(status, body, headers); });
    RestClient client(config(server));
    const auto attempt = [&] {
        // A route per status: the 429's Retry-After holds its own route back.
        RestRequest r = get(QStringLiteral("GET /x%1").arg(status), QStringLiteral("/x"));
        r.token = "t";
        return await(client.attempt<QJsonDocument>(r, &interpretJsonReply));
    };
    status = 401;
    EXPECT_EQ(attempt()->error().kind, ErrorKind::Auth);
    status = 404;
    EXPECT_EQ(attempt()->error().kind, ErrorKind::NotFound);
    status = 429;
    headers = "Retry-After: 7\r\n";
    auto limited = attempt();
    EXPECT_EQ(limited->error().kind, ErrorKind::RateLimited);
    EXPECT_EQ(limited->error().retryAfter, std::optional<std::chrono::milliseconds>(7000ms));
    headers.clear();
    status = 503;
    EXPECT_EQ(attempt()->error().kind, ErrorKind::Network);
    EXPECT_TRUE(attempt()->error().retryable);
    status = 400;
    EXPECT_EQ(attempt()->error().kind, ErrorKind::Invalid);
    status = 200;
    body = "<html>not json</html>";
    auto bad = attempt();
    EXPECT_EQ(bad->error().kind, ErrorKind::Protocol);
    EXPECT_EQ(bad->error().code, QStringLiteral("invalid_response"));
    EXPECT_FALSE(bad->error().message.contains(QStringLiteral("not json"))) << "never the body";
    status = 204;
    body.clear();
    EXPECT_TRUE(attempt()->ok()) << "no content is an empty document";
}

TEST(RestClient, NoServerIsANetworkErrorAndNoCredentialAnAuthError) {
    QTcpServer closed;
    ASSERT_TRUE(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close();
    RestClientConfig c;
    c.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    RestClient client(c);
    RestRequest r = get(QStringLiteral("GET /x"), QStringLiteral("/x"));
    r.token = "t";
    auto refused = await(client.attempt<QJsonDocument>(r, &interpretJsonReply));
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->error().kind, ErrorKind::Network);
    EXPECT_TRUE(refused->error().retryable);

    r.token.clear();
    auto none = await(client.attempt<QJsonDocument>(r, &interpretJsonReply));
    EXPECT_EQ(none->error().kind, ErrorKind::Auth);
    EXPECT_EQ(none->error().code, QStringLiteral("secret_missing"));
}

TEST(RestClient, ARefusedTokenIsRefreshedOnceAndTheCallMadeAgain) {
    RecordingServer tokens([](const Recorded&) {
        return http(200, "{\"access_token\":\"fresh-token\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                         "\"refresh_token\":\"refresh-2\"}");
    });
    RecordingServer api([](const Recorded& r) {
        return r.head.contains("Bearer fresh-token") ? http(200, "{\"ok\":1}") : http(401, "{}");
    });
    MemorySecretSource secrets(kAccount, SecretKind::AccessToken, "stale-token");
    ASSERT_TRUE(await(secrets.writeSecret(kAccount, SecretKind::RefreshToken, "refresh-1"))->ok());
    OAuthConfig oauth;
    oauth.authorizationUrl = QUrl(QStringLiteral("http://127.0.0.1:1/authorize"));
    oauth.tokenUrl = QUrl(tokens.url(QStringLiteral("/token")));
    oauth.clientId = QStringLiteral("client-id");
    AccountCredentials credentials(kAccount, QStringLiteral("Test"), SecretKind::AccessToken, oauth,
                                   &secrets);
    RestClient client(config(api));
    client.setCredentials(&credentials);
    const auto result = await(client.call(get(QStringLiteral("GET /me"), QStringLiteral("/me"))));
    ASSERT_TRUE(result && result->ok()) << (result ? result->error().describe().toStdString() : "timeout");
    ASSERT_EQ(api.requests.size(), 2);
    EXPECT_TRUE(api.requests[0].head.contains("Bearer stale-token"));
    EXPECT_TRUE(api.requests[1].head.contains("Bearer fresh-token"));
    EXPECT_EQ(tokens.requests.size(), 1) << "one refresh";
    EXPECT_EQ(await(secrets.readSecret(kAccount, SecretKind::RefreshToken))->value(),
              QByteArray("refresh-2"));
}

TEST(RestClient, ARefusalThatCannotBeRenewedAsksForSignIn) {
    RecordingServer api([](const Recorded&) { return http(401, "{}"); });
    PlainAccount account("revoked");
    RestClient client(config(api));
    client.setCredentials(&account.credentials);
    int refusals = 0;
    QObject::connect(&client, &RestClient::authFailed, [&](const ProviderError&) { ++refusals; });
    const auto result = await(client.call(get(QStringLiteral("GET /me"), QStringLiteral("/me"))));
    ASSERT_TRUE(result);
    EXPECT_EQ(result->error().kind, ErrorKind::Auth);
    EXPECT_FALSE(result->error().retryable);
    EXPECT_EQ(api.requests.size(), 1) << "no retry with the same token";
    EXPECT_EQ(refusals, 1);
}

TEST(RestClient, TheByteBudgetAndTheTimeout) {
    RecordingServer big([](const Recorded&) { return http(200, "[" + QByteArray(5000, ' ') + "]"); });
    RestClientConfig c = config(big);
    c.maxReplyBytes = 1000;
    RestClient client(c);
    RestRequest r = get(QStringLiteral("GET /big"), QStringLiteral("/big"));
    r.token = "t";
    auto oversized = await(client.attempt<QJsonDocument>(r, &interpretJsonReply));
    ASSERT_TRUE(oversized);
    EXPECT_EQ(oversized->error().code, QStringLiteral("oversized_response"));
    EXPECT_FALSE(oversized->error().retryable);

    RecordingServer silent([](const Recorded&) { return QByteArray(); });
    RestClient slow(config(silent));
    RestRequest s = get(QStringLiteral("GET /slow"), QStringLiteral("/slow"));
    s.token = "t";
    s.transferTimeoutMs = 300;
    auto timedOut = await(slow.attempt<QJsonDocument>(s, &interpretJsonReply));
    ASSERT_TRUE(timedOut);
    EXPECT_EQ(timedOut->error().kind, ErrorKind::Network);
    EXPECT_EQ(timedOut->error().code, QStringLiteral("timeout"));
    EXPECT_TRUE(timedOut->error().retryable);
}

TEST(RestClient, RateLimitHeadersTeachTheLimiterAndRetryAfterPausesTheAccount) {
    auto clock = std::make_shared<FakeClock>();
    int calls = 0;
    RecordingServer server([&](const Recorded& r) {
        ++calls;
        if (r.path.endsWith("/tickets"))
            return http(200, "[]", "X-RateLimit-Remaining: 0\r\nX-RateLimit-Reset-After: 30\r\n");
        if (calls == 2)
            return http(429, "{}", "Retry-After: 5\r\nX-RateLimit-Reset-After: 1\r\n");
        return http(200, "{}");
    });
    RestClient client(config(server), clock);
    RestRequest tickets = get(QStringLiteral("GET /tickets"), QStringLiteral("/tickets"));
    tickets.token = "t";
    ASSERT_TRUE(await(client.call(tickets))->ok());
    EXPECT_EQ(client.rateLimitWait(QStringLiteral("GET /tickets")), 30000ms)
        << "Remaining: 0 until the reset";
    EXPECT_EQ(client.rateLimitWait(QStringLiteral("GET /contacts")), 0ms);

    RestRequest contacts = get(QStringLiteral("GET /contacts"), QStringLiteral("/contacts"));
    contacts.token = "t";
    QFuture<Result<QJsonDocument>> pending = client.call(contacts);
    ASSERT_TRUE(test::waitUntil([&] { return client.scheduler()->isPaused(); }, 20000));
    EXPECT_EQ(client.scheduler()->pausedUntil() - clock->now(), 5000ms) << "Retry-After, not the reset";
    EXPECT_EQ(calls, 2);
    clock->advance(4999ms);
    EXPECT_EQ(calls, 2) << "nothing before the server's time";
    clock->advance(1ms);
    const auto result = await(pending);
    ASSERT_TRUE(result && result->ok());
    EXPECT_EQ(calls, 3);
}

TEST(RestClient, ACrossOriginRedirectNeverCarriesTheCredential) {
    for (int status : {302, 307}) {
        for (HttpVerb verb : {HttpVerb::Get, HttpVerb::Post}) {
            RecordingServer other([](const Recorded&) { return http(200, "{}"); });
            RecordingServer origin([&](const Recorded&) {
                return "HTTP/1.1 " + QByteArray::number(status) +
                       " Moved\r\nLocation: " + other.url(QStringLiteral("/x")).toUtf8() +
                       "\r\nContent-Length: 0\r\n\r\n";
            });
            RestClient client(config(origin));
            RestRequest r = get(QStringLiteral("GET /x"), QStringLiteral("/x"));
            r.verb = verb;
            r.token = "secret-token";
            auto result = await(client.attempt<QJsonDocument>(r, &interpretJsonReply));
            ASSERT_TRUE(result);
            EXPECT_EQ(result->error().code, QStringLiteral("redirect_refused"));
            EXPECT_EQ(other.connections, 0) << status;
        }
    }
}

TEST(RestClient, LogsMethodRouteStatusAndDurationNeverSecrets) {
    RecordingServer server([](const Recorded& r) {
        return r.path.contains("/fail") ? http(500, "{\"secret\":\"server-body-secret\"}") : http(200, "{}");
    });
    NetLogCapture log;
    RestClient client(config(server));
    RestRequest ok = get(QStringLiteral("GET /users/{id}"), QStringLiteral("/users/u-private-id"));
    ok.arg(QStringLiteral("api_key"), QStringLiteral("query-secret"));
    ok.token = "token-secret";
    ASSERT_TRUE(await(client.attempt<QJsonDocument>(ok, &interpretJsonReply))->ok());
    RestRequest fail;
    fail.verb = HttpVerb::Post;
    fail.route = QStringLiteral("POST /fail");
    fail.path = QStringLiteral("/fail");
    fail.token = "token-secret";
    fail.form({{QStringLiteral("password"), QStringLiteral("body-secret")}});
    ASSERT_FALSE(await(client.attempt<QJsonDocument>(fail, &interpretJsonReply))->ok());

    ASSERT_EQ(log.lines().size(), 2) << log.all().toStdString();
    EXPECT_TRUE(log.lines()[0].contains(QStringLiteral("GET /users/{id} -> 200 in")));
    EXPECT_TRUE(log.lines()[0].endsWith(QStringLiteral("ms")));
    EXPECT_TRUE(log.lines()[1].contains(QStringLiteral("POST /fail -> 500 in")));
    for (const char* secret : {"token-secret", "query-secret", "body-secret", "server-body-secret",
                               "u-private-id", "127.0.0.1", "api_key"})
        EXPECT_FALSE(log.all().contains(QLatin1String(secret))) << secret;
}

TEST(RestClient, ACancelledRequestLeavesTheWireAndGivesUpItsPlace) {
    RecordingServer server([](const Recorded& r) {
        return r.path.endsWith("/hang") ? QByteArray() : http(200, "{}"); // /hang never answers
    });
    PlainAccount account("token");
    RestClientConfig c = config(server);
    c.limits.maxConcurrent = 1;
    RestClient client(c);
    client.setCredentials(&account.credentials);
    NetLogCapture log;
    QFuture<Result<QJsonDocument>> hanging = client.attempt<QJsonDocument>(
        get(QStringLiteral("GET /hang"), QStringLiteral("/hang")), &interpretJsonReply);
    ASSERT_TRUE(test::waitUntil([&] { return server.requests.size() == 1; }, 20000));
    EXPECT_EQ(client.limiter()->inFlight(), 1);
    hanging.cancel();
    ASSERT_TRUE(test::waitUntil([&] { return client.limiter()->inFlight() == 0; }, 20000))
        << "the transfer was aborted, not left to its 30 s timeout";
    EXPECT_TRUE(hanging.isCanceled());
    EXPECT_TRUE(log.all().contains(QStringLiteral("GET /hang -> cancelled"))) << log.all().toStdString();
    const auto next = await(client.call(get(QStringLiteral("GET /next"), QStringLiteral("/next"))));
    ASSERT_TRUE(next && next->ok()) << "the place is free again";
}
