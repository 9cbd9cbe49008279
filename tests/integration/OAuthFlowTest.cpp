// OAuth 2.0 for native apps end to end: OAuthFlow and TokenRefresher against a real
// authorization server (npm oidc-provider, tools/lib/oidc/oidc-server.mjs, started by
// tools/test on loopback), with the tokens in the real gnome-keyring on the private
// D-Bus session. The "browser" is a scripted HTTP client with a cookie jar that follows
// the redirects of the authorization URL as a browser would; the server approves at
// once, or declines consent for login_hint=deny@... .
//
// Covered: authorization code + PKCE (S256) with a loopback redirect on a random port,
// forged callbacks (wrong state, wrong issuer), declined consent, refresh with rotation
// (the new refresh token is stored), reuse of a rotated refresh token and a revoked grant
// (both: sign in again), refresh near expiry shared by concurrent callers, network
// failures (retryable, tokens kept), a confidential client's secret read from the
// keyring, the sign-in timeout, and that no token is ever logged.

#include "auth/OAuthFlow.h"

#include "Await.h"
#include "LogCapture.h"
#include "ScriptedBrowser.h"
#include "TestEnv.h"
#include "auth/TokenRefresher.h"
#include "auth/TokenStore.h"
#include "net/SystemClock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkCookieJar>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPromise>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>
#include <QUuid>
#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace tributary::test {
namespace {

//! Hang detectors, not speed checks.
constexpr int kFlowBoundMs = 60000;
constexpr int kCallBoundMs = 30000;

const QString kAccountName = QStringLiteral("OIDC Test");
const QString kClientSecretKind = QStringLiteral("oauth_client_secret");

QString issuer() {
    return qEnvironmentVariable("TRIBUTARY_TEST_OIDC_ISSUER");
}

template <typename T>
std::string describe(const std::optional<Result<T>>& r) {
    return r ? (r->ok() ? std::string("ok") : r->error().describe().toStdString()) : std::string("no answer");
}

//! The real clock with the wall time moved forward on demand, to reach a token's expiry
//! without waiting for it.
class OffsetClock final : public Clock {
public:
    std::chrono::milliseconds now() const override { return SystemClock::shared()->now() + m_offset; }
    QDateTime wallNow() const override { return SystemClock::shared()->wallNow().addMSecs(m_offset.count()); }
    TimerId callAfter(std::chrono::milliseconds delay, QObject* context,
                      std::function<void()> callback) override {
        return SystemClock::shared()->callAfter(delay, context, std::move(callback));
    }
    void cancel(TimerId id) override { SystemClock::shared()->cancel(id); }
    void advance(std::chrono::milliseconds by) { m_offset += by; }

private:
    std::chrono::milliseconds m_offset{0};
};

//! The keyring, with writes refused on demand (a keyring that locked meanwhile).
class FlakyWrites final : public SecretSource {
public:
    explicit FlakyWrites(SecretSource* inner)
        : m_inner(inner) {}
    QFuture<Result<QByteArray>> readSecret(const QString& accountId, const QString& kind) override {
        return m_inner->readSecret(accountId, kind);
    }
    QFuture<Result<void>> writeSecret(const QString& accountId, const QString& kind,
                                      const QByteArray& secret) override {
        if (refuse) {
            QPromise<Result<void>> promise;
            promise.start();
            promise.addResult(ProviderError::storage(QStringLiteral("The keyring is locked."),
                                                     KeychainErrorCode::KeyringLocked));
            promise.finish();
            return promise.future();
        }
        return m_inner->writeSecret(accountId, kind, secret);
    }
    bool refuse = false;

private:
    SecretSource* m_inner;
};

TokenStore::Options storeOptions() {
    TokenStore::Options options;
    options.service = QStringLiteral("TributaryTest"); // never the real app's entries
    return options;
}

class OAuthFlowTest : public ::testing::Test {
protected:
    void SetUp() override {
        TRIBUTARY_REQUIRE_SERVERS();
        TRIBUTARY_REQUIRE_OIDC();
        TRIBUTARY_REQUIRE_KEYRING();
        m_network.setProxy(QNetworkProxy::NoProxy);
    }

    void TearDown() override {
        for (const QString& id : m_accounts)
            (void)await(m_store.removeAccount(id, TokenStore::knownKinds() << kClientSecretKind),
                        kCallBoundMs);
        for (const QByteArray& secret : m_secrets)
            EXPECT_EQ(m_log.linesContaining(secret), QStringList()) << "a token or code was logged";
    }

    //! The public native client, as an account's settings would describe it.
    static OAuthConfig publicClient() {
        OAuthConfig c;
        c.authorizationUrl = QUrl(issuer() + QStringLiteral("/auth"));
        c.tokenUrl = QUrl(issuer() + QStringLiteral("/token"));
        c.revocationUrl = QUrl(issuer() + QStringLiteral("/token/revocation"));
        c.issuer = issuer();
        c.clientId = qEnvironmentVariable("TRIBUTARY_TEST_OIDC_CLIENT_ID", QStringLiteral("tributary-test"));
        c.scopes = {QStringLiteral("inbox.read"), QStringLiteral("offline_access")};
        return c;
    }

    QString newAccount() {
        const QString id = QStringLiteral("oauth-") + QUuid::createUuid().toString(QUuid::Id128).left(12);
        m_accounts.append(id);
        return id;
    }

    std::unique_ptr<OAuthFlow> flow(const QString& account, const OAuthConfig& config,
                                    OAuthFlow::BrowserOpener opener) {
        return std::make_unique<OAuthFlow>(config, account, kAccountName, &m_store, &m_network,
                                           std::move(opener));
    }

    std::unique_ptr<TokenRefresher> refresher(const QString& account, const OAuthConfig& config,
                                              std::shared_ptr<Clock> clock = nullptr) {
        return std::make_unique<TokenRefresher>(config, account, kAccountName, &m_store, &m_network,
                                                std::move(clock));
    }

    //! Signs `account` in through the scripted browser; fails the test unless it works.
    OAuthGrant signIn(const QString& account, const OAuthConfig& config = publicClient()) {
        ScriptedBrowser browser;
        auto f = flow(account, config, browser.opener());
        const auto r = await(f->start(), kFlowBoundMs);
        EXPECT_TRUE(r && r->ok()) << describe(r);
        rememberSecrets(account);
        return r && r->ok() ? r->value() : OAuthGrant{};
    }

    //! The keyring entry, or an empty array when there is none (or it cannot be read).
    QByteArray stored(const QString& account, const QString& kind) {
        const auto r = await(m_store.readSecret(account, kind), kCallBoundMs);
        return r && r->ok() ? r->value() : QByteArray();
    }

    bool isStored(const QString& account, const QString& kind) {
        const auto r = await(m_store.readSecret(account, kind), kCallBoundMs);
        EXPECT_TRUE(r.has_value()) << "the keyring did not answer";
        if (r && !r->ok()) {
            EXPECT_EQ(r->error().code, KeychainErrorCode::SecretMissing)
                << r->error().describe().toStdString();
        }
        return r && r->ok();
    }

    void store(const QString& account, const QString& kind, const QByteArray& value) {
        const auto r = await(m_store.writeSecret(account, kind, value), kCallBoundMs);
        ASSERT_TRUE(r && r->ok()) << describe(r);
    }

    //! Notes the account's current tokens, so TearDown can check that no log line has them.
    void rememberSecrets(const QString& account) {
        for (const QString& kind : {SecretKind::AccessToken, SecretKind::RefreshToken}) {
            const QByteArray value = stored(account, kind);
            if (!value.isEmpty())
                m_secrets.append(value);
        }
    }

    //! RFC 7662 introspection by the public client: what the server thinks of `token`.
    QJsonObject introspect(const QByteArray& token) {
        QNetworkRequest request(QUrl(issuer() + QStringLiteral("/token/introspection")));
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QStringLiteral("application/x-www-form-urlencoded"));
        std::unique_ptr<QNetworkReply> reply(
            m_network.post(request, formEncode({{QStringLiteral("token"), QString::fromUtf8(token)},
                                                {QStringLiteral("client_id"), publicClient().clientId}})));
        if (!waitUntil([&reply] { return reply->isFinished(); }, kCallBoundMs)) {
            ADD_FAILURE() << "no introspection answer";
            return {};
        }
        return QJsonDocument::fromJson(reply->readAll()).object();
    }

    bool isActive(const QByteArray& token) {
        return introspect(token).value(QStringLiteral("active")).toBool();
    }

    //! A loopback port nothing listens on.
    static quint16 closedPort() {
        QTcpServer probe;
        EXPECT_TRUE(probe.listen(QHostAddress::LocalHost, 0));
        return probe.serverPort();
    }

    static void expectSignInRequired(const std::optional<Result<QByteArray>>& r) {
        ASSERT_TRUE(r.has_value()) << "no answer";
        ASSERT_FALSE(r->ok()) << "the refresh should have been refused";
        EXPECT_EQ(r->error().kind, ErrorKind::Auth) << r->error().describe().toStdString();
        EXPECT_FALSE(r->error().retryable);
        EXPECT_EQ(r->error().code, OAuthErrorCode::SignInRequired);
        EXPECT_EQ(r->error().message,
                  QStringLiteral("Your sign-in for OIDC Test has expired or was revoked. Sign in again."));
    }

    LogCapture m_log;
    QList<QByteArray> m_secrets;
    TokenStore m_store{storeOptions(), nullptr};
    QNetworkAccessManager m_network;
    QStringList m_accounts;
};

TEST_F(OAuthFlowTest, SignsInWithPkceAndKeepsTheTokensInTheKeyring) {
    const QString account = newAccount();
    ScriptedBrowser browser;
    auto f = flow(account, publicClient(), browser.opener());
    QList<QUrl> announced;
    QObject::connect(f.get(), &OAuthFlow::waitingForBrowser,
                     [&announced](const QUrl& url) { announced.append(url); });
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const auto r = await(f->start(), kFlowBoundMs);
    ASSERT_TRUE(r && r->ok()) << describe(r);
    rememberSecrets(account);

    // What the browser was sent to, and where it ended.
    ASSERT_EQ(announced.size(), 1);
    EXPECT_EQ(announced.first(), f->authorizationUrl());
    const QUrlQuery request(f->authorizationUrl());
    EXPECT_EQ(request.queryItemValue(QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
    EXPECT_EQ(request.queryItemValue(QStringLiteral("code_challenge")).size(), 43);
    EXPECT_GE(request.queryItemValue(QStringLiteral("state")).size(), 43);
    const QUrl redirect(request.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
    EXPECT_EQ(redirect.host(), QStringLiteral("127.0.0.1"));
    EXPECT_GT(redirect.port(), 0);
    EXPECT_EQ(redirect.path(), QStringLiteral("/callback"));
    ASSERT_TRUE(browser.waitDone());
    EXPECT_EQ(browser.status(), 200);
    EXPECT_TRUE(browser.body().contains("You can close this window and return to Tributary."));
    ASSERT_FALSE(browser.visited().isEmpty());
    EXPECT_EQ(browser.visited().last().port(), redirect.port()) << "the browser came back to our port";

    // The grant describes the tokens without carrying them.
    const OAuthGrant& grant = r->value();
    EXPECT_TRUE(grant.hasRefreshToken);
    ASSERT_TRUE(grant.expiresAt.has_value());
    const qint64 ttl = qEnvironmentVariableIntValue("TRIBUTARY_TEST_OIDC_ACCESS_TOKEN_TTL");
    if (ttl > 0) {
        EXPECT_NEAR(before.secsTo(*grant.expiresAt), ttl, 30);
    }
    ASSERT_TRUE(grant.scopes.has_value());
    EXPECT_TRUE(grant.scopes->contains(QStringLiteral("inbox.read")));

    // The tokens are in the keyring, and the server knows them as ours.
    const QByteArray access = stored(account, SecretKind::AccessToken);
    const QByteArray refresh = stored(account, SecretKind::RefreshToken);
    ASSERT_FALSE(access.isEmpty());
    ASSERT_FALSE(refresh.isEmpty());
    EXPECT_EQ(decodeTokenExpiry(stored(account, OAuthSecretKind::AccessTokenExpiry)), grant.expiresAt);
    const QJsonObject info = introspect(access);
    EXPECT_TRUE(info.value(QStringLiteral("active")).toBool());
    EXPECT_EQ(info.value(QStringLiteral("client_id")).toString(), publicClient().clientId);
    EXPECT_EQ(info.value(QStringLiteral("sub")).toString(), QStringLiteral("alice@tributary.test"));
    const QByteArray grantJson = QJsonDocument(grant.extra).toJson();
    EXPECT_FALSE(grantJson.contains(access) || grantJson.contains(refresh));

    // The loopback listener is gone.
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(redirect.port()));
    EXPECT_FALSE(probe.waitForConnected(2000));
}

TEST_F(OAuthFlowTest, RejectsACallbackWithAnotherState) {
    const QString account = newAccount();
    // Something else on the machine sends the browser to our port with its own code.
    ScriptedBrowser attacker;
    auto f = flow(account, publicClient(), [&attacker](const QUrl& url) {
        QUrl callback(QUrlQuery(url).queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
        callback.setQuery(QStringLiteral("code=forged-code&state=forged-state"));
        attacker.open(callback);
        return true;
    });
    const auto r = await(f->start(), kFlowBoundMs);
    ASSERT_TRUE(r && !r->ok()) << describe(r);
    EXPECT_EQ(r->error().kind, ErrorKind::Auth);
    EXPECT_EQ(r->error().code, OAuthErrorCode::StateMismatch);
    EXPECT_FALSE(isStored(account, SecretKind::AccessToken));
    EXPECT_FALSE(isStored(account, SecretKind::RefreshToken));
}

TEST_F(OAuthFlowTest, RejectsACallbackFromAnotherIssuer) {
    const QString account = newAccount();
    ScriptedBrowser mixup;
    auto f = flow(account, publicClient(), [&mixup](const QUrl& url) {
        const QUrlQuery query(url);
        QUrl callback(query.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
        QUrlQuery answer;
        answer.addQueryItem(QStringLiteral("code"), QStringLiteral("code-from-elsewhere"));
        answer.addQueryItem(QStringLiteral("state"), query.queryItemValue(QStringLiteral("state")));
        answer.addQueryItem(QStringLiteral("iss"), QStringLiteral("https://evil.example"));
        callback.setQuery(answer);
        mixup.open(callback);
        return true;
    });
    const auto r = await(f->start(), kFlowBoundMs);
    ASSERT_TRUE(r && !r->ok()) << describe(r);
    EXPECT_EQ(r->error().kind, ErrorKind::Auth);
    EXPECT_EQ(r->error().code, OAuthErrorCode::IssuerMismatch);
    EXPECT_FALSE(isStored(account, SecretKind::AccessToken));
}

TEST_F(OAuthFlowTest, DeclinedConsentIsATypedError) {
    const QString account = newAccount();
    OAuthConfig config = publicClient();
    config.extraAuthorizeParams = {{QStringLiteral("login_hint"), QStringLiteral("deny@tributary.test")}};
    ScriptedBrowser browser;
    auto f = flow(account, config, browser.opener());
    const auto r = await(f->start(), kFlowBoundMs);
    ASSERT_TRUE(r && !r->ok()) << describe(r);
    EXPECT_EQ(r->error().kind, ErrorKind::Auth);
    EXPECT_EQ(r->error().code, OAuthErrorCode::ConsentDenied);
    EXPECT_FALSE(r->error().retryable);
    ASSERT_TRUE(browser.waitDone());
    EXPECT_EQ(browser.status(), 200);
    EXPECT_TRUE(browser.body().contains("not completed"));
    EXPECT_FALSE(isStored(account, SecretKind::AccessToken));
    EXPECT_FALSE(isStored(account, SecretKind::RefreshToken));
}

TEST_F(OAuthFlowTest, RefreshStoresTheNewAccessTokenAndTheRotatedRefreshToken) {
    const QString account = newAccount();
    signIn(account);
    const QByteArray access1 = stored(account, SecretKind::AccessToken);
    const QByteArray refresh1 = stored(account, SecretKind::RefreshToken);
    ASSERT_FALSE(refresh1.isEmpty());

    auto refresher = this->refresher(account, publicClient());
    int refreshedSignals = 0;
    QObject::connect(refresher.get(), &TokenRefresher::refreshed,
                     [&refreshedSignals] { ++refreshedSignals; });
    const auto r = await(refresher->refresh(), kCallBoundMs);
    ASSERT_TRUE(r && r->ok()) << describe(r);
    rememberSecrets(account);
    const QByteArray access2 = r->value();
    EXPECT_NE(access2, access1);
    EXPECT_EQ(stored(account, SecretKind::AccessToken), access2);
    const QByteArray refresh2 = stored(account, SecretKind::RefreshToken);
    EXPECT_FALSE(refresh2.isEmpty());
    EXPECT_NE(refresh2, refresh1) << "the rotated refresh token replaced the used one";
    EXPECT_TRUE(isActive(access2));
    EXPECT_EQ(refreshedSignals, 1);

    // The held token is used while it is fresh: no new refresh.
    const auto again = await(refresher->accessToken(), kCallBoundMs);
    ASSERT_TRUE(again && again->ok()) << describe(again);
    EXPECT_EQ(again->value(), access2);
    EXPECT_EQ(stored(account, SecretKind::RefreshToken), refresh2);
}

TEST_F(OAuthFlowTest, ReusingARotatedRefreshTokenMeansSigningInAgain) {
    const QString account = newAccount();
    signIn(account);
    const QByteArray refresh1 = stored(account, SecretKind::RefreshToken);
    {
        auto first = refresher(account, publicClient());
        const auto r = await(first->refresh(), kCallBoundMs);
        ASSERT_TRUE(r && r->ok()) << describe(r);
        rememberSecrets(account);
    }
    const QByteArray access2 = stored(account, SecretKind::AccessToken);
    const QByteArray refresh2 = stored(account, SecretKind::RefreshToken);
    ASSERT_NE(refresh2, refresh1);

    // A copy of the old refresh token comes back (a stale backup, or a thief).
    store(account, SecretKind::RefreshToken, refresh1);
    auto refresher = this->refresher(account, publicClient());
    QList<ProviderError> signals_;
    QObject::connect(refresher.get(), &TokenRefresher::signInRequired,
                     [&signals_](const ProviderError& e) { signals_.append(e); });
    expectSignInRequired(await(refresher->refresh(), kCallBoundMs));
    ASSERT_EQ(signals_.size(), 1);
    EXPECT_EQ(signals_.first().code, OAuthErrorCode::SignInRequired);

    // The server took the reuse for theft and revoked the whole grant.
    store(account, SecretKind::RefreshToken, refresh2);
    expectSignInRequired(await(refresher->refresh(), kCallBoundMs));
    EXPECT_FALSE(isActive(access2));
}

TEST_F(OAuthFlowTest, RevokedGrantMeansSigningInAgain) {
    const QString account = newAccount();
    signIn(account);
    const QByteArray access = stored(account, SecretKind::AccessToken);
    ASSERT_TRUE(isActive(access));

    auto refresher = this->refresher(account, publicClient());
    const auto revoked = await(refresher->revokeAtServer(), kCallBoundMs);
    ASSERT_TRUE(revoked && revoked->ok()) << describe(revoked);
    EXPECT_FALSE(isActive(access)) << "revoking the refresh token revokes the grant";
    expectSignInRequired(await(refresher->refresh(), kCallBoundMs));
    expectSignInRequired(await(refresher->accessToken(), kCallBoundMs));

    // Signing in again is enough: the same refresher picks up the new grant.
    signIn(account);
    const auto renewed = await(refresher->accessToken(), kCallBoundMs);
    ASSERT_TRUE(renewed && renewed->ok()) << describe(renewed);
    rememberSecrets(account);
    EXPECT_TRUE(isActive(renewed->value()));
}

TEST_F(OAuthFlowTest, ExpiringTokenIsRefreshedOnceForConcurrentCallers) {
    const QString account = newAccount();
    const OAuthGrant grant = signIn(account);
    ASSERT_TRUE(grant.expiresAt.has_value());
    const QByteArray access1 = stored(account, SecretKind::AccessToken);
    const QByteArray refresh1 = stored(account, SecretKind::RefreshToken);

    auto clock = std::make_shared<OffsetClock>();
    auto refresher = this->refresher(account, publicClient(), clock);
    refresher->setExpiryMargin(10s); // below any test TTL (TRIBUTARY_OIDC_ACCESS_TOKEN_TTL)
    const auto fresh = await(refresher->accessToken(), kCallBoundMs);
    ASSERT_TRUE(fresh && fresh->ok()) << describe(fresh);
    EXPECT_EQ(fresh->value(), access1) << "a fresh stored token is used as is";
    EXPECT_EQ(stored(account, SecretKind::RefreshToken), refresh1);

    // Within the margin of its expiry the token counts as expired.
    clock->advance(std::chrono::milliseconds(QDateTime::currentDateTimeUtc().msecsTo(*grant.expiresAt)) -
                   refresher->expiryMargin() + 1s);
    QList<QFuture<Result<QByteArray>>> calls{refresher->accessToken(), refresher->accessToken(),
                                             refresher->refresh(access1), refresher->accessToken()};
    QByteArray access2;
    for (const auto& call : calls) {
        const auto r = await(call, kCallBoundMs);
        ASSERT_TRUE(r && r->ok()) << describe(r);
        if (access2.isEmpty())
            access2 = r->value();
        EXPECT_EQ(r->value(), access2) << "every caller gets the one refreshed token";
    }
    rememberSecrets(account);
    EXPECT_NE(access2, access1);
    // Two refreshes with one rotating token would have looked like theft and revoked the grant.
    EXPECT_TRUE(isActive(access2));
    EXPECT_NE(stored(account, SecretKind::RefreshToken), refresh1);

    // A 401 for a token already replaced does not refresh again.
    const QByteArray refresh2 = stored(account, SecretKind::RefreshToken);
    const auto stale = await(refresher->refresh(access1), kCallBoundMs);
    ASSERT_TRUE(stale && stale->ok()) << describe(stale);
    EXPECT_EQ(stale->value(), access2);
    EXPECT_EQ(stored(account, SecretKind::RefreshToken), refresh2);
}

TEST_F(OAuthFlowTest, RotatedTokenThatCannotBeStoredIsKeptInMemory) {
    const QString account = newAccount();
    signIn(account);
    const QByteArray refresh1 = stored(account, SecretKind::RefreshToken);

    FlakyWrites secrets(&m_store);
    secrets.refuse = true;
    TokenRefresher refresher(publicClient(), account, kAccountName, &secrets, &m_network);
    QList<ProviderError> failures;
    QObject::connect(&refresher, &TokenRefresher::storageFailed,
                     [&failures](const ProviderError& e) { failures.append(e); });
    const auto first = await(refresher.refresh(), kCallBoundMs);
    ASSERT_TRUE(first && first->ok()) << describe(first) << ": the new token is usable all the same";
    ASSERT_EQ(failures.size(), 1);
    EXPECT_EQ(failures.first().code, KeychainErrorCode::KeyringLocked);
    EXPECT_EQ(stored(account, SecretKind::RefreshToken), refresh1) << "the keyring still has the used token";

    // The next refresh must use the rotated token from memory: the stored one is consumed,
    // and presenting it would make the server revoke the grant.
    const auto second = await(refresher.refresh(), kCallBoundMs);
    ASSERT_TRUE(second && second->ok()) << describe(second);
    secrets.refuse = false;
    const auto third = await(refresher.refresh(), kCallBoundMs);
    ASSERT_TRUE(third && third->ok()) << describe(third);
    rememberSecrets(account);
    EXPECT_TRUE(isActive(third->value()));
    EXPECT_NE(stored(account, SecretKind::RefreshToken), refresh1) << "stored once the keyring takes it";
    EXPECT_EQ(stored(account, SecretKind::AccessToken), third->value());
}

TEST_F(OAuthFlowTest, NetworkFailureIsRetryableAndKeepsTheTokens) {
    const QString account = newAccount();
    signIn(account);
    const QByteArray refresh1 = stored(account, SecretKind::RefreshToken);

    OAuthConfig unreachable = publicClient();
    unreachable.tokenUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/token").arg(closedPort()));
    auto broken = refresher(account, unreachable);
    const auto r = await(broken->refresh(), kCallBoundMs);
    ASSERT_TRUE(r && !r->ok()) << describe(r);
    EXPECT_EQ(r->error().kind, ErrorKind::Network) << r->error().describe().toStdString();
    EXPECT_TRUE(r->error().retryable);
    EXPECT_EQ(stored(account, SecretKind::RefreshToken), refresh1);

    // Once the server is reachable the same refresh token still works.
    const auto retried = await(refresher(account, publicClient())->refresh(), kCallBoundMs);
    ASSERT_TRUE(retried && retried->ok()) << describe(retried);
    rememberSecrets(account);
}

TEST_F(OAuthFlowTest, ConfidentialClientReadsItsSecretFromTheKeyring) {
    const QString account = newAccount();
    OAuthConfig config = publicClient();
    config.clientId = qEnvironmentVariable("TRIBUTARY_TEST_OIDC_CONFIDENTIAL_CLIENT_ID",
                                           QStringLiteral("tributary-test-confidential"));
    config.clientSecretKind = kClientSecretKind;
    const QByteArray secret = qgetenv("TRIBUTARY_TEST_OIDC_CLIENT_SECRET");
    ASSERT_FALSE(secret.isEmpty()) << "the test servers export no client secret: restart them";
    m_secrets.append(secret);

    // Without the secret the flow stops before the browser opens.
    bool opened = false;
    auto early = flow(account, config, [&opened](const QUrl&) { return opened = true; });
    const auto missing = await(early->start(), kFlowBoundMs);
    ASSERT_TRUE(missing && !missing->ok()) << describe(missing);
    EXPECT_EQ(missing->error().code, KeychainErrorCode::SecretMissing);
    EXPECT_FALSE(opened);

    store(account, kClientSecretKind, secret);
    signIn(account, config);
    const auto refreshed = await(refresher(account, config)->refresh(), kCallBoundMs);
    ASSERT_TRUE(refreshed && refreshed->ok()) << describe(refreshed);
    rememberSecrets(account);

    store(account, kClientSecretKind, "not-the-secret");
    const auto refused = await(refresher(account, config)->refresh(), kCallBoundMs);
    ASSERT_TRUE(refused && !refused->ok()) << describe(refused);
    EXPECT_EQ(refused->error().kind, ErrorKind::Invalid) << refused->error().describe().toStdString();
    EXPECT_EQ(refused->error().code, OAuthErrorCode::InvalidClient);
}

TEST_F(OAuthFlowTest, GivesUpWhenTheBrowserNeverComesBack) {
    const QString account = newAccount();
    OAuthConfig config = publicClient();
    config.signInTimeout = 1500ms;
    QUrl shown;
    auto f = flow(account, config, [&shown](const QUrl& url) {
        shown = url; // the user closes the tab
        return true;
    });
    const auto r = await(f->start(), kFlowBoundMs);
    ASSERT_TRUE(r && !r->ok()) << describe(r);
    EXPECT_EQ(r->error().kind, ErrorKind::Auth);
    EXPECT_EQ(r->error().code, OAuthErrorCode::SignInTimeout);
    const QUrl redirect(QUrlQuery(shown).queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(redirect.port()));
    EXPECT_FALSE(probe.waitForConnected(2000)) << "the listener closed";
}

TEST_F(OAuthFlowTest, NoBrowserAndCancelAreTyped) {
    auto noBrowser = flow(newAccount(), publicClient(), [](const QUrl&) { return false; });
    const auto r = await(noBrowser->start(), kFlowBoundMs);
    ASSERT_TRUE(r && !r->ok()) << describe(r);
    EXPECT_EQ(r->error().code, OAuthErrorCode::BrowserFailed);

    auto cancelled = flow(newAccount(), publicClient(), [](const QUrl&) { return true; });
    QFuture<Result<OAuthGrant>> future = cancelled->start();
    ASSERT_TRUE(waitUntil([&cancelled] { return !cancelled->authorizationUrl().isEmpty(); }));
    cancelled->cancel();
    const auto c = await(future, kFlowBoundMs);
    ASSERT_TRUE(c && !c->ok()) << describe(c);
    EXPECT_EQ(c->error().kind, ErrorKind::Cancelled);

    OAuthConfig noClient = publicClient();
    noClient.clientId.clear();
    const auto invalid = await(flow(newAccount(), noClient, [](const QUrl&) { return true; })->start());
    ASSERT_TRUE(invalid && !invalid->ok()) << describe(invalid);
    EXPECT_EQ(invalid->error().code, OAuthErrorCode::InvalidConfig);
}

} // namespace
} // namespace tributary::test
