// PKCE (RFC 7636) and the authorization request URL of the native-app sign-in.

#include "auth/Pkce.h"

#include "auth/OAuthFlow.h"

#include <QSet>
#include <QUrlQuery>
#include <gtest/gtest.h>

namespace tributary {
namespace {

TEST(Pkce, ChallengeMatchesRfc7636AppendixB) {
    EXPECT_EQ(Pkce::challengeFor("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
              QByteArray("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    EXPECT_EQ(Pkce::method(), QByteArray("S256"));
}

TEST(Pkce, GeneratedVerifiersAreValidAndDistinct) {
    QSet<QByteArray> seen;
    for (int i = 0; i < 200; ++i) {
        const Pkce pkce = Pkce::generate();
        EXPECT_EQ(pkce.verifier.size(), 64);
        EXPECT_TRUE(Pkce::isValidVerifier(pkce.verifier)) << pkce.verifier.constData();
        EXPECT_EQ(pkce.challenge, Pkce::challengeFor(pkce.verifier));
        EXPECT_EQ(pkce.challenge.size(), 43) << "SHA-256 in base64url without padding";
        EXPECT_FALSE(pkce.challenge.contains('=') || pkce.challenge.contains('+') ||
                     pkce.challenge.contains('/'));
        seen.insert(pkce.verifier);
    }
    EXPECT_EQ(seen.size(), 200);
}

TEST(Pkce, LengthIsClampedToTheRfcRange) {
    EXPECT_EQ(Pkce::generate(10).verifier.size(), Pkce::MinLength);
    EXPECT_EQ(Pkce::generate(43).verifier.size(), 43);
    EXPECT_EQ(Pkce::generate(128).verifier.size(), 128);
    EXPECT_EQ(Pkce::generate(500).verifier.size(), Pkce::MaxLength);
}

TEST(Pkce, VerifierValidation) {
    EXPECT_TRUE(Pkce::isValidVerifier(QByteArray(43, 'a')));
    EXPECT_FALSE(Pkce::isValidVerifier(QByteArray(42, 'a'))) << "too short";
    EXPECT_FALSE(Pkce::isValidVerifier(QByteArray(129, 'a'))) << "too long";
    EXPECT_TRUE(Pkce::isValidVerifier(QByteArray(40, 'Z') + "-._~"));
    EXPECT_FALSE(Pkce::isValidVerifier(QByteArray(43, 'a') + "+")) << "'+' is not unreserved";
    EXPECT_FALSE(Pkce::isValidVerifier(QByteArray(43, 'a') + "="));
}

TEST(Pkce, RandomStringsUseTheWholeAlphabet) {
    const QByteArray text = randomUrlSafeString(20000);
    ASSERT_EQ(text.size(), 20000);
    QSet<char> used(text.begin(), text.end());
    EXPECT_EQ(used.size(), 66) << "every unreserved character appears in 20,000 draws";
    EXPECT_TRUE(randomUrlSafeString(0).isEmpty());
}

OAuthConfig sampleConfig() {
    OAuthConfig config;
    config.authorizationUrl =
        QUrl(QStringLiteral("https://login.example.com/oauth2/authorize?tenant=common"));
    config.tokenUrl = QUrl(QStringLiteral("https://login.example.com/oauth2/token"));
    config.clientId = QStringLiteral("client-123");
    config.scopes = {QStringLiteral("mail.read"), QStringLiteral("offline_access")};
    config.extraAuthorizeParams = {{QStringLiteral("prompt"), QStringLiteral("consent")},
                                   {QStringLiteral("login_hint"), QStringLiteral("a+b&c=d é")}};
    return config;
}

TEST(OAuthAuthorizationUrl, CarriesEveryParameter) {
    Pkce pkce;
    pkce.verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    pkce.challenge = Pkce::challengeFor(pkce.verifier);
    const QUrl redirect(QStringLiteral("http://127.0.0.1:49152/callback"));
    const QUrl url = OAuthFlow::buildAuthorizationUrl(sampleConfig(), redirect, "st4te-value", pkce);

    EXPECT_EQ(url.scheme(), QStringLiteral("https"));
    EXPECT_EQ(url.host(), QStringLiteral("login.example.com"));
    EXPECT_EQ(url.path(), QStringLiteral("/oauth2/authorize"));
    const QString encoded = url.toString(QUrl::FullyEncoded);
    EXPECT_TRUE(
        encoded.startsWith(QStringLiteral("https://login.example.com/oauth2/authorize?tenant=common&")))
        << "the endpoint's own query is kept: " << encoded.toStdString();
    EXPECT_TRUE(encoded.contains(QStringLiteral("&response_type=code&")));
    EXPECT_TRUE(encoded.contains(QStringLiteral("&client_id=client-123&")));
    EXPECT_TRUE(encoded.contains(QStringLiteral("&redirect_uri=http%3A%2F%2F127.0.0.1%3A49152%2Fcallback&")));
    EXPECT_TRUE(encoded.contains(QStringLiteral("&scope=mail.read%20offline_access&")));
    EXPECT_TRUE(encoded.contains(QStringLiteral("&state=st4te-value&")));
    EXPECT_TRUE(
        encoded.contains(QStringLiteral("&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&")));
    EXPECT_TRUE(encoded.contains(QStringLiteral("&code_challenge_method=S256&")));
    EXPECT_TRUE(encoded.contains(QStringLiteral("&prompt=consent&")));
    EXPECT_TRUE(encoded.endsWith(QStringLiteral("&login_hint=a%2Bb%26c%3Dd%20%C3%A9")))
        << "'+', '&' and '=' inside a value stay encoded: " << encoded.toStdString();
    EXPECT_FALSE(encoded.contains(QString::fromLatin1(pkce.verifier))) << "the verifier never leaves the app";

    const QUrlQuery query(url);
    EXPECT_EQ(query.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded), redirect.toString());
}

TEST(OAuthAuthorizationUrl, EmptyScopeIsLeftOut) {
    OAuthConfig config = sampleConfig();
    config.scopes.clear();
    const QUrl url = OAuthFlow::buildAuthorizationUrl(
        config, QUrl(QStringLiteral("http://127.0.0.1:1/callback")), "s", Pkce::generate());
    EXPECT_FALSE(QUrlQuery(url).hasQueryItem(QStringLiteral("scope")));
}

TEST(OAuthAuthorizationUrl, CodeExchangeFields) {
    Pkce pkce = Pkce::generate();
    const FormFields fields = OAuthFlow::codeExchangeFields(
        QStringLiteral("the-code"), QUrl(QStringLiteral("http://127.0.0.1:5/callback")), pkce);
    const FormFields expected{{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                              {QStringLiteral("code"), QStringLiteral("the-code")},
                              {QStringLiteral("redirect_uri"), QStringLiteral("http://127.0.0.1:5/callback")},
                              {QStringLiteral("code_verifier"), QString::fromLatin1(pkce.verifier)}};
    EXPECT_EQ(fields, expected);
    EXPECT_EQ(
        formEncode({{QStringLiteral("a b"), QStringLiteral("x+y&z=/é")}, {QStringLiteral("k"), QString()}}),
        QByteArray("a%20b=x%2By%26z%3D%2F%C3%A9&k="));
}

} // namespace
} // namespace tributary
