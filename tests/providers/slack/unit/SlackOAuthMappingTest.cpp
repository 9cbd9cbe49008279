// The token-answer mapping hook (core/auth/OAuthResponseMapping) and Slack's use of it
// (providers/slack/SlackOAuth): nested tokens, errors inside HTTP 200, the authorization
// URL with user_scope, and the form's declared sign-in.

#include "auth/OAuthEndpoint.h"
#include "auth/OAuthErrors.h"
#include "auth/OAuthFlow.h"
#include "auth/OAuthResponseMapping.h"
#include "slack/SlackAccountForm.h"
#include "slack/SlackOAuth.h"
#include "slack/SlackSettings.h"

#include <QJsonDocument>
#include <QUrlQuery>
#include <gtest/gtest.h>

namespace tributary {
namespace {

const QDateTime kNow(QDate(2025, 3, 1), QTime(9, 0, 0), Qt::UTC);
const QString kHost = QStringLiteral("slack.com");

QByteArray slackSuccess(bool withRefresh) {
    QJsonObject user{{QStringLiteral("id"), QStringLiteral("U0ALICE001")},
                     {QStringLiteral("scope"), QStringLiteral("channels:history,chat:write,users:read")},
                     {QStringLiteral("access_token"), QStringLiteral("xoxp-user-token")},
                     {QStringLiteral("token_type"), QStringLiteral("user")}};
    if (withRefresh) {
        user.insert(QStringLiteral("refresh_token"), QStringLiteral("xoxe-1-refresh"));
        user.insert(QStringLiteral("expires_in"), 43200);
    }
    const QJsonObject body{
        {QStringLiteral("ok"), true},
        {QStringLiteral("app_id"), QStringLiteral("A0TRIBAPP1")},
        {QStringLiteral("authed_user"), user},
        {QStringLiteral("team"), QJsonObject{{QStringLiteral("id"), QStringLiteral("T0TRIBTEST")},
                                             {QStringLiteral("name"), QStringLiteral("Acme")}}}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QByteArray slackError(const char* error) {
    return QJsonDocument(QJsonObject{{QStringLiteral("ok"), false},
                                     {QStringLiteral("error"), QString::fromLatin1(error)}})
        .toJson(QJsonDocument::Compact);
}

Result<OAuthTokenResponse> parseSlack(const QByteArray& body,
                                      OAuthGrantType grant = OAuthGrantType::AuthorizationCode) {
    return OAuthEndpoint::parseTokenAnswer(body, slack::SlackOAuth::slackTokenResponseMapper(), grant,
                                           QStringLiteral("Acme"), kNow, kHost);
}

TEST(OAuthResponseMappingTest, SlackUserTokenIsReadFromAuthedUser) {
    const Result<OAuthTokenResponse> r = parseSlack(slackSuccess(false));
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    EXPECT_EQ(r->accessToken, QByteArray("xoxp-user-token"));
    EXPECT_TRUE(r->refreshToken.isEmpty());
    EXPECT_FALSE(r->expiresAt.has_value());
    ASSERT_TRUE(r->scopes.has_value());
    EXPECT_EQ(*r->scopes, (QStringList{QStringLiteral("channels:history"), QStringLiteral("chat:write"),
                                       QStringLiteral("users:read")}));
    // The identity stays for the dialog; the nested token object does not linger in extra.
    EXPECT_EQ(r->extra.value(QLatin1String("id")).toString(), QStringLiteral("U0ALICE001"));
    EXPECT_EQ(r->extra.value(QLatin1String("team")).toObject().value(QLatin1String("name")).toString(),
              QStringLiteral("Acme"));
    EXPECT_FALSE(r->extra.contains(QLatin1String("authed_user")));
    EXPECT_FALSE(r->extra.contains(QLatin1String("ok")));
    EXPECT_EQ(slack::SlackOAuth::describeGrant(r->extra), QStringLiteral("U0ALICE001 in Acme"));
}

TEST(OAuthResponseMappingTest, RotatingSlackTokenCarriesRefreshTokenAndExpiry) {
    const Result<OAuthTokenResponse> r = parseSlack(slackSuccess(true));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->refreshToken, QByteArray("xoxe-1-refresh"));
    ASSERT_TRUE(r->expiresAt.has_value());
    EXPECT_EQ(*r->expiresAt, kNow.addSecs(43200));
}

TEST(OAuthResponseMappingTest, SlackErrorsAtHttp200AreTyped) {
    const Result<OAuthTokenResponse> code = parseSlack(slackError("invalid_code"));
    ASSERT_FALSE(code.ok());
    EXPECT_EQ(code.error().kind, ErrorKind::Auth);
    EXPECT_EQ(code.error().code, OAuthErrorCode::CodeRejected);

    const Result<OAuthTokenResponse> refresh =
        parseSlack(slackError("invalid_refresh_token"), OAuthGrantType::RefreshToken);
    ASSERT_FALSE(refresh.ok());
    EXPECT_EQ(refresh.error().code, OAuthErrorCode::SignInRequired);

    const Result<OAuthTokenResponse> client = parseSlack(slackError("invalid_client_id"));
    ASSERT_FALSE(client.ok());
    EXPECT_EQ(client.error().kind, ErrorKind::Invalid);
    EXPECT_EQ(client.error().code, OAuthErrorCode::InvalidClient);

    const Result<OAuthTokenResponse> busy = parseSlack(slackError("ratelimited"));
    ASSERT_FALSE(busy.ok());
    EXPECT_EQ(busy.error().kind, ErrorKind::Network);
    EXPECT_TRUE(busy.error().retryable);

    const Result<OAuthTokenResponse> other = parseSlack(slackError("no_user_scopes"));
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().code, OAuthErrorCode::RequestRefused);
    EXPECT_TRUE(other.error().message.contains(QLatin1String("no_user_scopes")));

    // ok:false without a reason is still a refusal, not a success.
    const Result<OAuthTokenResponse> bare = parseSlack(QByteArrayLiteral("{\"ok\":false}"));
    ASSERT_FALSE(bare.ok());
    EXPECT_EQ(bare.error().code, OAuthErrorCode::RequestRefused);
}

TEST(OAuthResponseMappingTest, UnusableSlackAnswersAreProtocolErrors) {
    // A bot-only answer: no authed_user token, and the top-level bot token is not taken.
    const QByteArray botOnly = QByteArrayLiteral(
        "{\"ok\":true,\"access_token\":\"xoxb-bot\",\"token_type\":\"bot\",\"authed_user\":{\"id\":\"U1\"}}");
    const Result<OAuthTokenResponse> r = parseSlack(botOnly);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::Protocol);
    EXPECT_EQ(r.error().code, OAuthErrorCode::BadTokenResponse);

    const Result<OAuthTokenResponse> notJson = parseSlack(QByteArrayLiteral("<html>"));
    ASSERT_FALSE(notJson.ok());
    EXPECT_EQ(notJson.error().code, OAuthErrorCode::BadTokenResponse);
}

TEST(OAuthResponseMappingTest, TopLevelTokenWithoutMappingLayoutStaysStandard) {
    NestedTokenResponse layout; // no ok member, no nesting: a standard answer passes through
    const OAuthResponseMapper mapper = nestedTokenResponse(layout);
    const QByteArray body = QByteArrayLiteral(
        "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":60,\"scope\":\"a b\"}");
    const Result<OAuthTokenResponse> mapped = OAuthEndpoint::parseTokenAnswer(
        body, mapper, OAuthGrantType::AuthorizationCode, QStringLiteral("x"), kNow, kHost);
    const Result<OAuthTokenResponse> plain = OAuthEndpoint::parseTokenAnswer(
        body, {}, OAuthGrantType::AuthorizationCode, QStringLiteral("x"), kNow, kHost);
    ASSERT_TRUE(mapped.ok());
    ASSERT_TRUE(plain.ok());
    EXPECT_EQ(mapped->accessToken, plain->accessToken);
    EXPECT_EQ(mapped->expiresAt, plain->expiresAt);
    EXPECT_EQ(mapped->scopes, plain->scopes);

    // An RFC 6749 error object the mapper passes on is typed as an HTTP 400 answer would be.
    const Result<OAuthTokenResponse> refused =
        OAuthEndpoint::parseTokenAnswer(QByteArrayLiteral("{\"error\":\"invalid_grant\"}"), mapper,
                                        OAuthGrantType::RefreshToken, QStringLiteral("x"), kNow, kHost);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, OAuthErrorCode::SignInRequired);
}

TEST(SlackOAuthConfigTest, UsesSlackEndpointsAndUserScope) {
    const QVariantMap settings{{slack::SlackSettingKey::ClientId, QStringLiteral("123.456")}};
    const Result<OAuthConfig> config = slack::SlackOAuth::oauthConfig(settings);
    ASSERT_TRUE(config.ok()) << config.error().message.toStdString();
    EXPECT_EQ(config->authorizationUrl, QUrl(QStringLiteral("https://slack.com/oauth/v2/authorize")));
    EXPECT_EQ(config->tokenUrl, QUrl(QStringLiteral("https://slack.com/api/oauth.v2.access")));
    EXPECT_EQ(config->clientId, QStringLiteral("123.456"));
    EXPECT_TRUE(config->clientSecretKind.isEmpty()); // a PKCE public client
    EXPECT_TRUE(config->responseMapper);

    const Pkce pkce = Pkce::generate();
    const QUrl url = OAuthFlow::buildAuthorizationUrl(
        *config, QUrl(QStringLiteral("http://127.0.0.1:5000/callback")), QByteArrayLiteral("st"), pkce);
    const QUrlQuery query(url);
    EXPECT_FALSE(query.hasQueryItem(QStringLiteral("scope"))); // bot scopes: none
    const QString userScope = query.queryItemValue(QStringLiteral("user_scope"), QUrl::FullyDecoded);
    EXPECT_EQ(userScope, slack::SlackOAuth::userScopes().join(QLatin1Char(',')));
    for (const char* needed : {"channels:history", "groups:read", "im:history", "mpim:read", "chat:write",
                               "users:read", "channels:write", "im:write"})
        EXPECT_TRUE(userScope.split(QLatin1Char(',')).contains(QLatin1String(needed))) << needed;
    EXPECT_EQ(query.queryItemValue(QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
}

TEST(SlackOAuthConfigTest, BaseUrlIsASettingAndClientIdIsRequired) {
    const QVariantMap local{{slack::SlackSettingKey::ClientId, QStringLiteral("c")},
                            {slack::SlackSettingKey::OAuthBaseUrl, QStringLiteral("http://127.0.0.1:4010/")}};
    const Result<OAuthConfig> config = slack::SlackOAuth::oauthConfig(local);
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->authorizationUrl, QUrl(QStringLiteral("http://127.0.0.1:4010/oauth/v2/authorize")));
    EXPECT_EQ(config->tokenUrl, QUrl(QStringLiteral("http://127.0.0.1:4010/api/oauth.v2.access")));

    const Result<OAuthConfig> noClient = slack::SlackOAuth::oauthConfig({});
    ASSERT_FALSE(noClient.ok());
    EXPECT_EQ(noClient.error().kind, ErrorKind::Invalid);
    EXPECT_EQ(noClient.error().code, OAuthErrorCode::InvalidConfig);
    EXPECT_TRUE(noClient.error().message.contains(QLatin1String("client id")));

    const QVariantMap remotePlain{
        {slack::SlackSettingKey::ClientId, QStringLiteral("c")},
        {slack::SlackSettingKey::OAuthBaseUrl, QStringLiteral("http://example.com")}};
    EXPECT_FALSE(slack::SlackOAuth::oauthConfig(remotePlain).ok());
}

TEST(SlackOAuthConfigTest, FormDeclaresTheSignInAndBothSecrets) {
    const AccountForm form = slack::slackAccountForm();
    ASSERT_TRUE(form.oauthSignIn.has_value());
    EXPECT_EQ(form.oauthSignIn->tokenSecretKind, SecretKind::AccessToken);
    EXPECT_TRUE(form.oauthSignIn->label.contains(QLatin1String("Slack")));
    ASSERT_EQ(form.secretFields().size(), 2);
    EXPECT_EQ(form.secretFields()[0]->key, SecretKind::AccessToken);
    EXPECT_EQ(form.secretFields()[1]->key, SecretKind::AppToken);
    ASSERT_NE(form.field(slack::SlackSettingKey::OAuthBaseUrl), nullptr);
    EXPECT_TRUE(slack::SlackSettings::keys().contains(slack::SlackSettingKey::OAuthBaseUrl));
}

} // namespace
} // namespace tributary
