#pragma once

// The test OpenID provider (tools/lib/oidc/oidc-server.mjs on npm oidc-provider, started by
// tools/lib/servers.sh) as the tests that refresh tokens use it: its clients, signing an
// account in through a scripted browser, revoking tokens, and counting its token endpoint
// calls. Its access tokens are accepted by the local Dovecot and Postfix for XOAUTH2: the
// mail servers' token service introspects them there (tools/lib/oauth-introspect.py).

#include "Await.h"
#include "ScriptedBrowser.h"
#include "TestEnv.h"
#include "auth/OAuthConfig.h"
#include "auth/OAuthEndpoint.h"
#include "auth/OAuthFlow.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <gtest/gtest.h>

namespace tributary::test::oidc {

inline QString issuer() {
    return qEnvironmentVariable("TRIBUTARY_TEST_OIDC_ISSUER");
}

//! Why the provider cannot be used, or empty.
inline QString unavailableReason() {
    if (issuer().isEmpty())
        return QStringLiteral(
            "The test servers run without the OIDC provider (no TRIBUTARY_TEST_OIDC_ISSUER): "
            "restart them with ./tools/test or tools/sandbox (logs: oidc.log).");
    if (qEnvironmentVariableIsEmpty("TRIBUTARY_TEST_OIDC_SHORT_CLIENT_ID"))
        return QStringLiteral("The test servers predate the short-lived OIDC client: restart them.");
    return {};
}

//! The public native client whose access tokens live TRIBUTARY_TEST_OIDC_SHORT_ACCESS_TOKEN_TTL
//! seconds (30), for watching many expiries in a few minutes; `loginHint` is the user the
//! provider signs in (its subject is the mail user name Dovecot sees).
inline QVariantMap shortLivedSettings(const QString& loginHint) {
    return {
        {OAuthSettingsKey::AuthorizationUrl, issuer() + QStringLiteral("/auth")},
        {OAuthSettingsKey::TokenUrl, issuer() + QStringLiteral("/token")},
        {OAuthSettingsKey::RevocationUrl, issuer() + QStringLiteral("/token/revocation")},
        {OAuthSettingsKey::Issuer, issuer()},
        {OAuthSettingsKey::ClientId, qEnvironmentVariable("TRIBUTARY_TEST_OIDC_SHORT_CLIENT_ID")},
        {OAuthSettingsKey::Scopes, QStringLiteral("inbox.read offline_access")},
        {OAuthSettingsKey::AuthorizeParams, QVariantMap{{QStringLiteral("login_hint"), loginHint}}},
    };
}

inline int shortTokenSeconds() {
    return qEnvironmentVariableIntValue("TRIBUTARY_TEST_OIDC_SHORT_ACCESS_TOKEN_TTL");
}

//! Token endpoint calls of a client so far, as the provider counted them.
struct TokenCalls {
    int authorizationCode = 0;
    int refreshToken = 0;
    int errors = 0;
    int total = 0;
};

inline QJsonObject getJson(const QUrl& url) {
    QNetworkAccessManager nam;
    nam.setProxy(QNetworkProxy::NoProxy);
    std::unique_ptr<QNetworkReply> reply(nam.get(QNetworkRequest(url)));
    if (!waitUntil([&reply] { return reply->isFinished(); }, 15000)) {
        ADD_FAILURE() << "no answer from " << url.toString().toStdString();
        return {};
    }
    return QJsonDocument::fromJson(reply->readAll()).object();
}

inline TokenCalls tokenCalls(const QString& clientId) {
    const QJsonObject o =
        getJson(QUrl(issuer() + QStringLiteral("/_test/token-calls?client_id=") + clientId));
    return {o.value(QLatin1String("authorization_code")).toInt(),
            o.value(QLatin1String("refresh_token")).toInt(), o.value(QLatin1String("errors")).toInt(),
            o.value(QLatin1String("total")).toInt()};
}

//! RFC 7009 revocation by the public client that owns the token. A refresh token takes its
//! whole grant with it (the provider's revokeGrantPolicy); an access token goes alone.
inline bool revoke(const QByteArray& token, const QString& hint, const QString& clientId) {
    QNetworkAccessManager nam;
    nam.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(QUrl(issuer() + QStringLiteral("/token/revocation")));
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QStringLiteral("application/x-www-form-urlencoded"));
    std::unique_ptr<QNetworkReply> reply(
        nam.post(request, formEncode({{QStringLiteral("token"), QString::fromUtf8(token)},
                                      {QStringLiteral("token_type_hint"), hint},
                                      {QStringLiteral("client_id"), clientId}})));
    if (!waitUntil([&reply] { return reply->isFinished(); }, 15000))
        return false;
    return reply->error() == QNetworkReply::NoError;
}

//! Signs `accountId` in with `config` through a scripted browser; the tokens land in
//! `secrets` (the keyring), as "Sign in" does.
inline Result<OAuthGrant> signIn(const OAuthConfig& config, const QString& accountId, SecretSource* secrets) {
    ScriptedBrowser browser;
    QNetworkAccessManager nam;
    nam.setProxy(QNetworkProxy::NoProxy);
    OAuthFlow flow(config, accountId, accountId, secrets, &nam, browser.opener());
    const auto r = await(flow.start(), 60000);
    if (!r)
        return ProviderError::network(QStringLiteral("the sign-in did not finish"),
                                      QStringLiteral("timeout"));
    return *r;
}

} // namespace tributary::test::oidc
