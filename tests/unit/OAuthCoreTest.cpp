// The pieces of the OAuth sign-in that need no authorization server: configuration,
// token responses, error mapping and the loopback redirect listener.

#include "Await.h"
#include "FakeClock.h"
#include "auth/LoopbackRedirectServer.h"
#include "auth/OAuthConfig.h"
#include "auth/OAuthErrors.h"
#include "auth/OAuthTokens.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <gtest/gtest.h>
#include <memory>

using namespace std::chrono_literals;

namespace tributary {
namespace {

const QDateTime kNow(QDate(2024, 5, 1), QTime(12, 0, 0), Qt::UTC);

OAuthConfig validConfig() {
    OAuthConfig config;
    config.authorizationUrl = QUrl(QStringLiteral("https://auth.example.com/authorize"));
    config.tokenUrl = QUrl(QStringLiteral("https://auth.example.com/token"));
    config.clientId = QStringLiteral("tributary-desktop");
    return config;
}

void expectInvalid(const OAuthConfig& config, const char* why) {
    const Result<void> r = config.validate();
    ASSERT_FALSE(r.ok()) << why;
    EXPECT_EQ(r.error().kind, ErrorKind::Invalid) << why;
    EXPECT_EQ(r.error().code, OAuthErrorCode::InvalidConfig) << why;
}

TEST(OAuthConfig, ValidatesClientIdEndpointsAndParameters) {
    EXPECT_TRUE(validConfig().validate().ok());

    OAuthConfig c = validConfig();
    c.clientId.clear();
    expectInvalid(c, "the client id is a setting and must be there");
    EXPECT_TRUE(c.validate().error().message.contains(QStringLiteral("client id")));

    c = validConfig();
    c.tokenUrl = QUrl(QStringLiteral("http://auth.example.com/token"));
    expectInvalid(c, "plain http off the machine would expose the tokens");

    c = validConfig();
    c.authorizationUrl = QUrl();
    expectInvalid(c, "no authorization endpoint");

    c = validConfig();
    c.revocationUrl = QUrl(QStringLiteral("ftp://auth.example.com/revoke"));
    expectInvalid(c, "a revocation endpoint that is not https");

    c = validConfig();
    c.extraAuthorizeParams = {{QStringLiteral("state"), QStringLiteral("fixed")}};
    expectInvalid(c, "the flow's own parameters cannot be overridden");

    c = validConfig();
    c.callbackPath = QStringLiteral("callback");
    expectInvalid(c, "a relative callback path");

    c = validConfig();
    c.authorizationUrl = QUrl(QStringLiteral("http://127.0.0.1:8080/auth"));
    c.tokenUrl = QUrl(QStringLiteral("http://localhost:8080/token"));
    c.revocationUrl = QUrl(QStringLiteral("http://[::1]:8080/revoke"));
    EXPECT_TRUE(c.validate().ok()) << "plain http is fine on the loopback interface";
    EXPECT_FALSE(OAuthConfig::isAcceptableEndpoint(QUrl(QStringLiteral("http://10.0.0.1/token"))));
}

TEST(OAuthConfig, ReadsAccountSettings) {
    QVariantMap settings{
        {OAuthSettingsKey::AuthorizationUrl, QStringLiteral("https://a.example/auth")},
        {OAuthSettingsKey::TokenUrl, QStringLiteral(" https://a.example/token ")},
        {OAuthSettingsKey::RevocationUrl, QStringLiteral("https://a.example/revoke")},
        {OAuthSettingsKey::Issuer, QStringLiteral("https://a.example")},
        {OAuthSettingsKey::ClientId, QStringLiteral("id-1")},
        {OAuthSettingsKey::ClientSecretKind, QStringLiteral("oauth_client_secret")},
        {OAuthSettingsKey::Scopes, QStringLiteral("read  write offline_access")},
        {OAuthSettingsKey::AuthorizeParams,
         QVariantMap{{QStringLiteral("prompt"), QStringLiteral("consent")}}},
    };
    OAuthConfig c = OAuthConfig::fromSettings(settings);
    EXPECT_EQ(c.authorizationUrl, QUrl(QStringLiteral("https://a.example/auth")));
    EXPECT_EQ(c.tokenUrl, QUrl(QStringLiteral("https://a.example/token")));
    EXPECT_EQ(c.revocationUrl, QUrl(QStringLiteral("https://a.example/revoke")));
    EXPECT_EQ(c.issuer, QStringLiteral("https://a.example"));
    EXPECT_EQ(c.clientId, QStringLiteral("id-1"));
    EXPECT_EQ(c.clientSecretKind, QStringLiteral("oauth_client_secret"));
    EXPECT_EQ(c.scopes, (QStringList{QStringLiteral("read"), QStringLiteral("write"),
                                     QStringLiteral("offline_access")}));
    ASSERT_EQ(c.extraAuthorizeParams.size(), 1);
    EXPECT_EQ(c.extraAuthorizeParams[0].first, QStringLiteral("prompt"));
    EXPECT_TRUE(c.validate().ok());

    settings[OAuthSettingsKey::Scopes] = QStringList{QStringLiteral("a"), QStringLiteral("b")};
    EXPECT_EQ(OAuthConfig::fromSettings(settings).scopes,
              (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    EXPECT_FALSE(OAuthConfig::fromSettings({}).validate().ok()) << "no built-in client id";
}

TEST(OAuthTokenResponse, ParsesRfc6749Answer) {
    const auto r =
        OAuthTokenResponse::parse(R"({"access_token":"at-1","token_type":"Bearer","expires_in":3600,
        "refresh_token":"rt-1","scope":"read write","id_token":"header.payload.sig","team":{"id":"T1"}})",
                                  kNow);
    ASSERT_TRUE(r.ok()) << r.error().describe().toStdString();
    EXPECT_EQ(r->accessToken, QByteArray("at-1"));
    EXPECT_EQ(r->refreshToken, QByteArray("rt-1"));
    EXPECT_EQ(r->expiresAt, kNow.addSecs(3600));
    EXPECT_EQ(r->scopes, (QStringList{QStringLiteral("read"), QStringLiteral("write")}));
    EXPECT_EQ(r->extra.keys(), QStringList{QStringLiteral("team")}) << "tokens never end up in extra";
}

TEST(OAuthTokenResponse, ToleratesOptionalMembers) {
    const auto r =
        OAuthTokenResponse::parse(R"({"access_token":"at","token_type":"bearer","expires_in":"60"})", kNow);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->refreshToken.isEmpty());
    EXPECT_EQ(r->expiresAt, kNow.addSecs(60)) << "expires_in as a string";
    EXPECT_FALSE(r->scopes.has_value());

    const auto noExpiry = OAuthTokenResponse::parse(R"({"access_token":"at"})", kNow);
    ASSERT_TRUE(noExpiry.ok());
    EXPECT_FALSE(noExpiry->expiresAt.has_value());
}

TEST(OAuthTokenResponse, RejectsUnusableAnswers) {
    for (const char* body : {"", "not json", "[]", R"({"token_type":"Bearer"})",
                             R"({"access_token":"at","token_type":"DPoP"})"}) {
        const auto r = OAuthTokenResponse::parse(body, kNow);
        ASSERT_FALSE(r.ok()) << body;
        EXPECT_EQ(r.error().kind, ErrorKind::Protocol) << body;
        EXPECT_EQ(r.error().code, OAuthErrorCode::BadTokenResponse) << body;
    }
}

TEST(OAuthTokenResponse, ExpiryRoundTrips) {
    const QDateTime at = kNow.addMSecs(1234);
    EXPECT_EQ(decodeTokenExpiry(encodeTokenExpiry(at)), at);
    EXPECT_EQ(encodeTokenExpiry(std::nullopt), QByteArray("unknown"));
    EXPECT_FALSE(decodeTokenExpiry("unknown").has_value());
    EXPECT_FALSE(decodeTokenExpiry("garbage").has_value());
}

ProviderError tokenError(int status, const QByteArray& body,
                         OAuthGrantType grant = OAuthGrantType::RefreshToken, RawHeaders headers = {}) {
    return oauthTokenEndpointError(status, body, headers, grant, QStringLiteral("Work Slack"), kNow,
                                   QStringLiteral("auth.example.com"));
}

TEST(OAuthErrors, InvalidGrantWhileRefreshingMeansSignInAgain) {
    const ProviderError e =
        tokenError(400, R"({"error":"invalid_grant","error_description":"grant request is invalid"})");
    EXPECT_EQ(e.kind, ErrorKind::Auth);
    EXPECT_FALSE(e.retryable);
    EXPECT_EQ(e.code, OAuthErrorCode::SignInRequired);
    EXPECT_EQ(e.message,
              QStringLiteral("Your sign-in for Work Slack has expired or was revoked. Sign in again."));

    const ProviderError code =
        tokenError(400, R"({"error":"invalid_grant"})", OAuthGrantType::AuthorizationCode);
    EXPECT_EQ(code.kind, ErrorKind::Auth);
    EXPECT_EQ(code.code, OAuthErrorCode::CodeRejected);
}

TEST(OAuthErrors, TokenEndpointErrorsAreTyped) {
    EXPECT_EQ(tokenError(401, R"({"error":"invalid_client"})").code, OAuthErrorCode::InvalidClient);
    EXPECT_EQ(tokenError(401, R"({"error":"invalid_client"})").kind, ErrorKind::Invalid);
    EXPECT_EQ(tokenError(400, R"({"error":"unauthorized_client"})").code, OAuthErrorCode::InvalidClient);
    EXPECT_EQ(tokenError(400, R"({"error":"invalid_scope"})").code, OAuthErrorCode::InvalidScope);
    EXPECT_EQ(tokenError(400, R"({"error":"unsupported_grant_type"})").code, OAuthErrorCode::RequestRefused);

    const ProviderError busy = tokenError(400, R"({"error":"temporarily_unavailable"})");
    EXPECT_EQ(busy.kind, ErrorKind::Network);
    EXPECT_TRUE(busy.retryable);

    const ProviderError down = tokenError(503, "<html>maintenance</html>");
    EXPECT_EQ(down.kind, ErrorKind::Network);
    EXPECT_TRUE(down.retryable);
    EXPECT_FALSE(down.message.contains(QStringLiteral("maintenance"))) << "bodies are never shown";

    const ProviderError limited = tokenError(429, R"({"error":"slow_down"})", OAuthGrantType::RefreshToken,
                                             {{QByteArray("Retry-After"), QByteArray("7")}});
    EXPECT_EQ(limited.kind, ErrorKind::RateLimited);
    EXPECT_EQ(limited.retryAfter, std::optional<std::chrono::milliseconds>(7000ms));

    const ProviderError odd = tokenError(400, R"({"error":"<script>alert(1)</script>"})");
    EXPECT_FALSE(odd.message.contains(QStringLiteral("script"))) << "odd error codes are not echoed";
}

TEST(OAuthErrors, AuthorizationResponseErrors) {
    const ProviderError denied = oauthAuthorizationError(QStringLiteral("access_denied"));
    EXPECT_EQ(denied.kind, ErrorKind::Auth);
    EXPECT_EQ(denied.code, OAuthErrorCode::ConsentDenied);
    EXPECT_TRUE(oauthAuthorizationError(QStringLiteral("temporarily_unavailable")).retryable);
    EXPECT_EQ(oauthAuthorizationError(QStringLiteral("invalid_request")).code,
              OAuthErrorCode::AuthorizationRefused);
}

//! A GET through Qt's HTTP stack, as a browser would send it.
struct Fetched {
    int status = 0;
    QByteArray body;
    QByteArray contentType;
};

Fetched get(const QUrl& url) {
    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy);
    std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(url)));
    EXPECT_TRUE(test::waitUntil([&reply] { return reply->isFinished(); }, 10000))
        << url.toString().toStdString();
    Fetched f;
    f.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    f.body = reply->readAll();
    f.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    return f;
}

TEST(LoopbackRedirectServer, ServesOneCallbackOnLoopback) {
    LoopbackRedirectServer server;
    ASSERT_TRUE(server.listen(60s).ok());
    ASSERT_GT(server.port(), 0);
    EXPECT_EQ(server.redirectUri().toString(),
              QStringLiteral("http://127.0.0.1:%1/callback").arg(server.port()));
    QSignalSpy callbacks(&server, &LoopbackRedirectServer::callbackReceived);

    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(server.port());
    EXPECT_EQ(get(QUrl(base + QStringLiteral("/favicon.ico"))).status, 404);
    EXPECT_EQ(get(QUrl(base + QStringLiteral("/callbackx?code=1"))).status, 404);
    EXPECT_EQ(callbacks.count(), 0);
    EXPECT_TRUE(server.isListening()) << "stray requests leave the listener open";

    const Fetched page = get(
        QUrl(base + QStringLiteral("/callback?code=abc%2Bdef&state=s+1%20x&iss=http%3A%2F%2Fx&code=second")));
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(page.contentType.startsWith("text/html"));
    EXPECT_TRUE(page.body.contains("You can close this window and return to Tributary."));
    ASSERT_EQ(callbacks.count(), 1);
    const auto params = callbacks.at(0).at(0).value<LoopbackRedirectServer::Params>();
    EXPECT_EQ(params.value(QStringLiteral("code")), QStringLiteral("abc+def")) << "first value wins";
    EXPECT_EQ(params.value(QStringLiteral("state")), QStringLiteral("s 1 x"));
    EXPECT_EQ(params.value(QStringLiteral("iss")), QStringLiteral("http://x"));

    EXPECT_FALSE(server.isListening()) << "one callback, then the port closes";
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, server.port());
    EXPECT_FALSE(probe.waitForConnected(2000));
}

TEST(LoopbackRedirectServer, ErrorCallbackGetsItsOwnPage) {
    LoopbackRedirectServer server(QStringLiteral("/oauth/done"));
    ASSERT_TRUE(server.listen(60s).ok());
    QSignalSpy callbacks(&server, &LoopbackRedirectServer::callbackReceived);
    const Fetched page = get(QUrl(
        QStringLiteral("http://127.0.0.1:%1/oauth/done?error=access_denied&state=x").arg(server.port())));
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(page.body.contains("not completed"));
    EXPECT_TRUE(page.body.contains("You can close this window and return to Tributary."));
    ASSERT_EQ(callbacks.count(), 1);
}

TEST(LoopbackRedirectServer, RefusesOtherMethodsAndHugeRequests) {
    LoopbackRedirectServer server;
    ASSERT_TRUE(server.listen(60s).ok());
    QSignalSpy callbacks(&server, &LoopbackRedirectServer::callbackReceived);

    QTcpSocket post;
    post.connectToHost(QHostAddress::LocalHost, server.port());
    ASSERT_TRUE(post.waitForConnected(5000));
    post.write("POST /callback?code=x&state=y HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
    ASSERT_TRUE(test::waitUntil(
        [&post] { return post.bytesAvailable() > 0 || post.state() != QAbstractSocket::ConnectedState; }));
    EXPECT_TRUE(post.readAll().startsWith("HTTP/1.1 405"));

    QTcpSocket huge;
    huge.connectToHost(QHostAddress::LocalHost, server.port());
    ASSERT_TRUE(huge.waitForConnected(5000));
    huge.write("GET /callback?" + QByteArray(20000, 'a'));
    ASSERT_TRUE(test::waitUntil(
        [&huge] { return huge.bytesAvailable() > 0 || huge.state() != QAbstractSocket::ConnectedState; }));
    EXPECT_TRUE(huge.readAll().startsWith("HTTP/1.1 431"));
    EXPECT_EQ(callbacks.count(), 0);
    EXPECT_TRUE(server.isListening());
}

TEST(LoopbackRedirectServer, ReadsRequestsWithoutASocket) {
    using Outcome = LoopbackRedirectServer::Request::Outcome;
    const QString path = QStringLiteral("/callback");
    EXPECT_EQ(LoopbackRedirectServer::parseRequest("GET /callback?code=1 HTTP/1.1\r\nHost: x", path).outcome,
              Outcome::Incomplete);
    EXPECT_EQ(LoopbackRedirectServer::parseRequest("GET /callback?" + QByteArray(20000, 'a'), path).outcome,
              Outcome::TooLarge);
    EXPECT_EQ(
        LoopbackRedirectServer::parseRequest("GET /c?" + QByteArray(20000, 'a') + " HTTP/1.1\r\n\r\n", path)
            .outcome,
        Outcome::TooLarge);
    EXPECT_EQ(LoopbackRedirectServer::parseRequest("GET /callback\r\n\r\n", path).outcome,
              Outcome::BadRequest);
    EXPECT_EQ(LoopbackRedirectServer::parseRequest("GET /favicon.ico HTTP/1.1\r\n\r\n", path).outcome,
              Outcome::NotFound);
    EXPECT_EQ(LoopbackRedirectServer::parseRequest("POST /callback HTTP/1.1\r\n\r\n", path).outcome,
              Outcome::MethodNotAllowed);
    const auto callback = LoopbackRedirectServer::parseRequest(
        "GET /callback?code=a%2Bb&state=x+y&code=2 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path);
    EXPECT_EQ(callback.outcome, Outcome::Callback);
    EXPECT_EQ(callback.path, QByteArray("/callback"));
    EXPECT_EQ(callback.params.value(QStringLiteral("code")), QStringLiteral("a+b"));
    EXPECT_EQ(callback.params.value(QStringLiteral("state")), QStringLiteral("x y"));
}

TEST(LoopbackRedirectServer, TimesOutAndCloses) {
    auto clock = std::make_shared<test::FakeClock>();
    LoopbackRedirectServer server(QStringLiteral("/callback"), clock);
    ASSERT_TRUE(server.listen(120s).ok());
    QSignalSpy timeouts(&server, &LoopbackRedirectServer::timedOut);

    // A browser's spare connection that never sends anything must not keep it open.
    QTcpSocket idle;
    idle.connectToHost(QHostAddress::LocalHost, server.port());
    ASSERT_TRUE(idle.waitForConnected(5000));
    test::drainEvents(); // the server accepts it

    clock->advance(119s);
    EXPECT_EQ(timeouts.count(), 0);
    EXPECT_TRUE(server.isListening());
    clock->advance(1s);
    EXPECT_EQ(timeouts.count(), 1);
    EXPECT_FALSE(server.isListening());
    EXPECT_TRUE(test::waitUntil([&idle] { return idle.state() == QAbstractSocket::UnconnectedState; }, 5000))
        << "open connections are dropped with the listener";
}

TEST(LoopbackRedirectServer, ParsesFormEncodedQueries) {
    const auto p = LoopbackRedirectServer::parseQuery("a=1&b=x+y%26z&c&=v&d=%C3%A9&&a=2");
    EXPECT_EQ(p.value(QStringLiteral("a")), QStringLiteral("1"));
    EXPECT_EQ(p.value(QStringLiteral("b")), QStringLiteral("x y&z"));
    EXPECT_TRUE(p.contains(QStringLiteral("c")));
    EXPECT_EQ(p.value(QStringLiteral("d")), QStringLiteral("é"));
}

} // namespace
} // namespace tributary
