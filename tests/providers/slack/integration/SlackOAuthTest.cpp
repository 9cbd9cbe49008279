// "Sign in with Slack" end to end against the Slack emulator's OAuth stand-in
// (tests/emulators/slack/oauth.mjs, called directly: oauth.* is not in Slack's API
// description, so not through Prism): OAuthFlow with SlackOAuth's config and response
// mapping, a scripted "browser" following the authorize redirect to the loopback callback,
// the token in the real (private) keyring through TokenStore, and auth.test with it.

#include "slack/SlackOAuth.h"

#include "Await.h"
#include "ScriptedBrowser.h"
#include "TestEnv.h"
#include "auth/OAuthEndpoint.h"
#include "auth/OAuthErrors.h"
#include "auth/OAuthFlow.h"
#include "auth/OAuthTokens.h"
#include "auth/Pkce.h"
#include "auth/TokenStore.h"
#include "provider/ProviderRegistry.h"
#include "slack/SlackProvider.h"
#include "slack/SlackSettings.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QUrlQuery>
#include <QUuid>
#include <gtest/gtest.h>

namespace tributary {
namespace {

using test::await;
using test::ScriptedBrowser;
using test::waitUntil;

constexpr int kBoundMs = 60000;
const QString kClientId = QStringLiteral("1000000001.2000000002");

QString emulator() {
    return qEnvironmentVariable("TRIBUTARY_TEST_SLACK_EMULATOR");
}

class SlackOAuthTest : public ::testing::Test {
protected:
    void SetUp() override {
        TRIBUTARY_REQUIRE_SERVERS();
        TRIBUTARY_REQUIRE_SLACK_EMULATOR();
        TRIBUTARY_REQUIRE_KEYRING();
        m_network.setProxy(QNetworkProxy::NoProxy);
        control({{QStringLiteral("reset"), true}, {QStringLiteral("client_id"), kClientId}});
    }

    void TearDown() override {
        if (IsSkipped())
            return;
        control({{QStringLiteral("reset"), true}});
        for (const QString& id : m_accounts)
            (void)await(m_store.removeAccount(id), kBoundMs);
    }

    //! POST /_emulator/oauth: the stand-in's switches (deny, client_id, reset).
    void control(const QJsonObject& body) {
        QNetworkRequest request(QUrl(emulator() + QStringLiteral("/_emulator/oauth")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply* reply = m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
        ASSERT_TRUE(waitUntil([reply] { return reply->isFinished(); }, kBoundMs));
        EXPECT_EQ(reply->error(), QNetworkReply::NoError) << reply->errorString().toStdString();
        reply->deleteLater();
    }

    QString newAccount() {
        const QString id =
            QStringLiteral("slack-oauth-") + QUuid::createUuid().toString(QUuid::Id128).left(10);
        m_accounts.append(id);
        return id;
    }

    static QVariantMap settings() {
        return {{slack::SlackSettingKey::ClientId, kClientId},
                {slack::SlackSettingKey::OAuthBaseUrl, emulator()},
                {slack::SlackSettingKey::ApiBaseUrl, emulator()}};
    }

    static OAuthConfig config() {
        Result<OAuthConfig> c = slack::SlackOAuth::oauthConfig(settings());
        EXPECT_TRUE(c.ok()) << (c.ok() ? std::string() : c.error().message.toStdString());
        return c.valueOr(OAuthConfig{});
    }

    std::optional<Result<OAuthGrant>> signIn(const QString& account, ScriptedBrowser& browser) {
        OAuthFlow flow(config(), account, QStringLiteral("Tributary Test"), &m_store, &m_network,
                       browser.opener());
        return await(flow.start(), kBoundMs);
    }

    TokenStore m_store{[] {
                           TokenStore::Options o;
                           o.service = QStringLiteral("TributarySlackOAuthTest");
                           return o;
                       }(),
                       nullptr};
    QNetworkAccessManager m_network;
    QStringList m_accounts;
};

TEST_F(SlackOAuthTest, SignsInThroughTheBrowserAndAuthTestWorks) {
    const QString account = newAccount();
    ScriptedBrowser browser;
    const auto r = signIn(account, browser);
    ASSERT_TRUE(r.has_value());
    ASSERT_TRUE(r->ok()) << r->error().code.toStdString() << ": " << r->error().message.toStdString();

    // The browser went to Slack's authorize path with user_scope (no bot scope), then back.
    ASSERT_GE(browser.visited().size(), 2);
    const QUrl authorize = browser.visited().first();
    EXPECT_EQ(authorize.path(), QStringLiteral("/oauth/v2/authorize"));
    const QUrlQuery query(authorize);
    EXPECT_TRUE(query.hasQueryItem(QStringLiteral("user_scope")));
    EXPECT_FALSE(query.hasQueryItem(QStringLiteral("scope")));
    EXPECT_EQ(browser.visited().last().host(), QStringLiteral("127.0.0.1"));
    ASSERT_TRUE(browser.waitDone());
    EXPECT_EQ(browser.status(), 200);

    // What the token answer said about who signed in, without the token itself.
    const OAuthGrant& grant = r->value();
    EXPECT_EQ(grant.extra.value(QLatin1String("id")).toString(), QStringLiteral("U0ALICE001"));
    EXPECT_EQ(slack::SlackOAuth::describeGrant(grant.extra), QStringLiteral("U0ALICE001 in Tributary Test"));
    EXPECT_FALSE(grant.hasRefreshToken);
    ASSERT_TRUE(grant.scopes.has_value());
    EXPECT_TRUE(grant.scopes->contains(QStringLiteral("chat:write")));
    EXPECT_FALSE(QJsonDocument(grant.extra).toJson().contains(qgetenv("TRIBUTARY_TEST_SLACK_USER_TOKEN")));

    // The token is in the keyring, where SlackProvider reads it.
    const auto stored = await(m_store.readSecret(account, SecretKind::AccessToken), kBoundMs);
    ASSERT_TRUE(stored && stored->ok());
    EXPECT_EQ(stored->value(), qgetenv("TRIBUTARY_TEST_SLACK_USER_TOKEN"));
    const auto expiry = await(m_store.readSecret(account, OAuthSecretKind::AccessTokenExpiry), kBoundMs);
    ASSERT_TRUE(expiry && expiry->ok());
    EXPECT_FALSE(decodeTokenExpiry(expiry->value()).has_value()); // Slack's user tokens do not expire

    // auth.test on connect, with the token from the keyring.
    Account a;
    a.id = account;
    a.providerId = QStringLiteral("slack");
    a.displayName = QStringLiteral("Tributary Test");
    a.settings = settings();
    SlackProvider provider(a, ProviderContext{&m_store});
    const auto connected = await(provider.connectAccount(), kBoundMs);
    ASSERT_TRUE(connected.has_value());
    EXPECT_TRUE(connected->ok()) << connected->error().message.toStdString();
}

TEST_F(SlackOAuthTest, DeclinedConsentSaysSoAndStoresNothing) {
    control({{QStringLiteral("deny"), true}});
    const QString account = newAccount();
    ScriptedBrowser browser;
    const auto r = signIn(account, browser);
    ASSERT_TRUE(r.has_value());
    ASSERT_FALSE(r->ok());
    EXPECT_EQ(r->error().kind, ErrorKind::Auth);
    EXPECT_EQ(r->error().code, OAuthErrorCode::ConsentDenied);
    EXPECT_FALSE(r->error().message.isEmpty());
    const auto stored = await(m_store.readSecret(account, SecretKind::AccessToken), kBoundMs);
    ASSERT_TRUE(stored.has_value());
    ASSERT_FALSE(stored->ok());
    EXPECT_EQ(stored->error().code, KeychainErrorCode::SecretMissing);
}

TEST_F(SlackOAuthTest, ExchangeChecksTheCodeVerifierAndUsesCodesOnce) {
    // The authorization step by hand, so the exchange can present a wrong verifier.
    const OAuthConfig c = config();
    const Pkce pkce = Pkce::generate();
    const QUrl redirect(QStringLiteral("http://127.0.0.1:9/callback")); // never contacted
    QNetworkRequest request(OAuthFlow::buildAuthorizationUrl(c, redirect, QByteArrayLiteral("s1"), pkce));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply* reply = m_network.get(request);
    ASSERT_TRUE(waitUntil([reply] { return reply->isFinished(); }, kBoundMs));
    reply->deleteLater();
    const QUrl back = QUrl::fromEncoded(reply->rawHeader("Location"));
    const QString code = QUrlQuery(back).queryItemValue(QStringLiteral("code"));
    ASSERT_FALSE(code.isEmpty()) << back.toString().toStdString();
    EXPECT_EQ(QUrlQuery(back).queryItemValue(QStringLiteral("state")), QStringLiteral("s1"));

    OAuthEndpoint endpoint(c, newAccount(), QStringLiteral("Tributary Test"), &m_store, &m_network, nullptr);
    QObject context;
    const Pkce other = Pkce::generate();
    const auto wrong = await(endpoint.requestTokens(OAuthFlow::codeExchangeFields(code, redirect, other), {},
                                                    OAuthGrantType::AuthorizationCode, &context),
                             kBoundMs);
    ASSERT_TRUE(wrong.has_value());
    ASSERT_FALSE(wrong->ok());
    EXPECT_EQ(wrong->error().code, OAuthErrorCode::CodeRejected);

    // The code was spent by the failed attempt: the right verifier comes too late.
    const auto again = await(endpoint.requestTokens(OAuthFlow::codeExchangeFields(code, redirect, pkce), {},
                                                    OAuthGrantType::AuthorizationCode, &context),
                             kBoundMs);
    ASSERT_TRUE(again.has_value());
    ASSERT_FALSE(again->ok());
    EXPECT_EQ(again->error().code, OAuthErrorCode::CodeRejected);
}

TEST_F(SlackOAuthTest, UnknownClientIdIsRefusedBeforeAnyRedirect) {
    Result<OAuthConfig> c =
        slack::SlackOAuth::oauthConfig({{slack::SlackSettingKey::ClientId, QStringLiteral("someone-else")},
                                        {slack::SlackSettingKey::OAuthBaseUrl, emulator()}});
    ASSERT_TRUE(c.ok());
    OAuthConfig config = c.value();
    config.signInTimeout = std::chrono::seconds(3);
    ScriptedBrowser browser;
    OAuthFlow flow(config, newAccount(), QStringLiteral("Tributary Test"), &m_store, &m_network,
                   browser.opener());
    const auto r = await(flow.start(), kBoundMs);
    ASSERT_TRUE(r.has_value());
    ASSERT_FALSE(r->ok());
    // Slack shows its own error page; the browser never comes back, so the flow times out.
    EXPECT_EQ(r->error().code, OAuthErrorCode::SignInTimeout);
    ASSERT_TRUE(browser.waitDone());
    EXPECT_EQ(browser.status(), 400);
}

} // namespace
} // namespace tributary
