// OAuth accounts keep working when their access token expires (docs/RELIABILITY.md, "Tokens
// and live connections"), against the real peers: the test OpenID provider (npm
// oidc-provider) whose short-lived tokens Dovecot accepts for XOAUTH2, and the Slack
// emulator with token rotation. Tokens live in the real keyring (TokenStore on the private
// D-Bus session).
//
// Covered: ten requests refused at once cause one refresh; the rotated refresh token is in
// the keychain before the new access token is used; IMAP renews a refused token once and
// retries; Slack's token_expired is renewed through oauth.v2.access with the refresh grant;
// a revoked grant turns the account to "Sign in again" within one request, with exactly one
// token endpoint call however many requests follow; and "Sign in again" makes it live again.

#include "Await.h"
#include "ImapTestSupport.h"
#include "OidcTestServer.h"
#include "ScriptedBrowser.h"
#include "accounts/SignInAgain.h"
#include "auth/AccountCredentials.h"
#include "auth/OAuthTokens.h"
#include "auth/TokenStore.h"
#include "auth/WithCredential.h"
#include "imap/ImapProviderFactory.h"
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "provider/ProviderRegistry.h"
#include "slack/SlackOAuth.h"
#include "slack/SlackProvider.h"
#include "slack/SlackProviderFactory.h"
#include "slack/SlackSettings.h"
#include "sync/SyncController.h"
#include "util/ReadyFuture.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QNetworkProxy>
#include <QUuid>
#include <gtest/gtest.h>

namespace tributary::test {
namespace {

constexpr int kBoundMs = 60000;
const QString kImapUser = QStringLiteral("carol");
const QString kSlackClientId = QStringLiteral("1000000001.2000000002");

template <typename T>
std::string describe(const std::optional<Result<T>>& r) {
    return r ? (r->ok() ? std::string("ok") : r->error().describe().toStdString()) : std::string("no answer");
}

QString slackEmulator() {
    return qEnvironmentVariable("TRIBUTARY_TEST_SLACK_EMULATOR");
}

//! POST /_emulator/<path> on the Slack emulator with a JSON body; its JSON answer.
QJsonObject slackControl(const QString& path, const QJsonObject& body) {
    QNetworkAccessManager nam;
    nam.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(QUrl(slackEmulator() + QStringLiteral("/_emulator/") + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    std::unique_ptr<QNetworkReply> reply(
        nam.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact)));
    if (!waitUntil([&reply] { return reply->isFinished(); }, kBoundMs)) {
        ADD_FAILURE() << "the Slack emulator did not answer " << path.toStdString();
        return {};
    }
    return QJsonDocument::fromJson(reply->readAll()).object();
}

int slackRefreshCalls() {
    return slackControl(QStringLiteral("oauth"), {}).value(QLatin1String("refresh_calls")).toInt();
}

//! The keyring, with every write and every use of a token recorded in order.
class RecordingSecrets final : public SecretSource {
public:
    explicit RecordingSecrets(SecretSource* inner)
        : m_inner(inner) {}
    QFuture<Result<QByteArray>> readSecret(const QString& accountId, const QString& kind) override {
        return m_inner->readSecret(accountId, kind);
    }
    QFuture<Result<void>> writeSecret(const QString& accountId, const QString& kind,
                                      const QByteArray& secret) override {
        // Recorded when the keychain confirms it: "in the keychain" is what matters.
        return m_inner->writeSecret(accountId, kind, secret)
            .then([this, kind, secret](const Result<void>& r) {
                if (r.ok())
                    note(QStringLiteral("stored ") + kind, secret);
                return r;
            });
    }
    void note(const QString& what, const QByteArray& value) {
        QMutexLocker lock(&m_mutex);
        m_events.append({what, value});
    }
    QList<QPair<QString, QByteArray>> events() const {
        QMutexLocker lock(&m_mutex);
        return m_events;
    }

private:
    SecretSource* m_inner;
    mutable QMutex m_mutex;
    QList<QPair<QString, QByteArray>> m_events;
};

class TokenRefreshTest : public ::testing::Test {
protected:
    void SetUp() override {
        TRIBUTARY_REQUIRE_SERVERS();
        TRIBUTARY_REQUIRE_KEYRING();
        TRIBUTARY_REQUIRE_OIDC();
        if (const QString why = oidc::unavailableReason(); !why.isEmpty())
            TRIBUTARY_MISSING_PEER(why.toStdString());
        m_network.setProxy(QNetworkProxy::NoProxy);
    }

    void TearDown() override {
        if (!slackEmulator().isEmpty())
            slackControl(QStringLiteral("oauth"), {{QStringLiteral("reset"), true}});
        for (const QString& id : std::as_const(m_accounts))
            (void)await(m_store.removeAccount(id), kBoundMs);
    }

    QString newAccount(const QString& prefix) {
        const QString id = prefix + QUuid::createUuid().toString(QUuid::Id128).left(10);
        m_accounts.append(id);
        return id;
    }

    QByteArray stored(const QString& account, const QString& kind) {
        const auto r = await(m_store.readSecret(account, kind), kBoundMs);
        return r && r->ok() ? r->value() : QByteArray();
    }

    //! An XOAUTH2 account of carol on the local Dovecot and Postfix whose tokens come from
    //! the OpenID provider's 30-second client, signed in.
    Account signedInImapAccount() {
        Account a = TestEnv::get().imapAccount(kImapUser);
        a.id = newAccount(QStringLiteral("refresh-imap-"));
        a.displayName = QStringLiteral("Carol (OAuth)");
        a.settings.remove(QStringLiteral("passwordEnv"));
        a.settings.insert(QStringLiteral("auth"), QStringLiteral("xoauth2"));
        a.settings.insert(oidc::shortLivedSettings(TestEnv::get().address(kImapUser)));
        const Result<OAuthGrant> grant = oidc::signIn(OAuthConfig::fromSettings(a.settings), a.id, &m_store);
        EXPECT_TRUE(grant.ok()) << (grant.ok() ? "" : grant.error().describe().toStdString());
        EXPECT_TRUE(grant.ok() && grant.value().hasRefreshToken);
        return a;
    }

    //! A Slack account signed in through the emulator's OAuth with token rotation on.
    Account signedInSlackAccount() {
        slackControl(QStringLiteral("reset"), {});
        slackControl(QStringLiteral("oauth"), {{QStringLiteral("reset"), true},
                                               {QStringLiteral("client_id"), kSlackClientId},
                                               {QStringLiteral("rotate"), true},
                                               {QStringLiteral("token_ttl_s"), 3600}});
        Account a;
        a.id = newAccount(QStringLiteral("refresh-slack-"));
        a.providerId = QStringLiteral("slack");
        a.displayName = QStringLiteral("Tributary Test");
        a.settings = {{slack::SlackSettingKey::ClientId, kSlackClientId},
                      {slack::SlackSettingKey::OAuthBaseUrl, slackEmulator()},
                      {slack::SlackSettingKey::ApiBaseUrl, slackEmulator()}};
        const Result<OAuthConfig> config = slack::SlackOAuth::oauthConfig(a.settings);
        EXPECT_TRUE(config.ok());
        const Result<OAuthGrant> grant = oidc::signIn(config.value(), a.id, &m_store);
        EXPECT_TRUE(grant.ok()) << (grant.ok() ? "" : grant.error().describe().toStdString());
        EXPECT_TRUE(grant.ok() && grant.value().hasRefreshToken)
            << "token rotation hands out a refresh token";
        return a;
    }

    TokenStore m_store{[] {
                           TokenStore::Options o;
                           o.service = QStringLiteral("TributaryTokenRefreshTest");
                           return o;
                       }(),
                       nullptr};
    QNetworkAccessManager m_network;
    QStringList m_accounts;
};

} // namespace

TEST_F(TokenRefreshTest, TenRequestsRefusedAtOnceCauseOneRefresh) {
    const Account account = signedInImapAccount();
    const OAuthConfig config = OAuthConfig::fromSettings(account.settings);
    AccountCredentials credentials(account.id, account.displayName, SecretKind::AccessToken, config,
                                   &m_store);
    const auto first = await(credentials.current(), kBoundMs);
    ASSERT_TRUE(first && first->ok()) << describe(first);
    const QByteArray refused = first->value().secret;
    const int before = oidc::tokenCalls(config.clientId).refreshToken;

    QList<QFuture<Result<Credential>>> renewals;
    for (int i = 0; i < 10; ++i)
        renewals.append(credentials.refused(refused));
    QSet<QByteArray> renewed;
    for (const auto& future : std::as_const(renewals)) {
        const auto r = await(future, kBoundMs);
        ASSERT_TRUE(r && r->ok()) << describe(r);
        renewed.insert(r->value().secret);
    }
    ASSERT_EQ(renewed.size(), 1) << "every caller got the same new token";
    EXPECT_NE(*renewed.cbegin(), refused);
    EXPECT_EQ(oidc::tokenCalls(config.clientId).refreshToken, before + 1) << "one refresh for ten refusals";

    // A late report of the same refused token gets the new one without another refresh.
    const auto late = await(credentials.refused(refused), kBoundMs);
    ASSERT_TRUE(late && late->ok()) << describe(late);
    EXPECT_EQ(late->value().secret, *renewed.cbegin());
    EXPECT_EQ(oidc::tokenCalls(config.clientId).refreshToken, before + 1);
}

TEST_F(TokenRefreshTest, TheRotatedRefreshTokenIsStoredBeforeTheNewAccessTokenIsUsed) {
    const Account account = signedInImapAccount();
    const OAuthConfig config = OAuthConfig::fromSettings(account.settings);
    const QByteArray firstRefresh = stored(account.id, SecretKind::RefreshToken);
    ASSERT_FALSE(firstRefresh.isEmpty());
    RecordingSecrets secrets(&m_store);
    AccountCredentials credentials(account.id, account.displayName, SecretKind::AccessToken, config,
                                   &secrets);
    QObject context;
    QByteArray refusedToken;
    // A server that refuses the first token it sees, as one does when it expired.
    const auto served = await(
        withCredential<QByteArray>(&credentials, &context,
                                   [&](const Credential& c) -> QFuture<Result<QByteArray>> {
                                       secrets.note(QStringLiteral("used"), c.secret);
                                       if (refusedToken.isEmpty()) {
                                           refusedToken = c.secret;
                                           return readyResult<QByteArray>(ProviderError::auth(
                                               QStringLiteral("expired"), QStringLiteral("auth_failed")));
                                       }
                                       return readyResult<QByteArray>(c.secret);
                                   }),
        kBoundMs);
    ASSERT_TRUE(served && served->ok()) << describe(served);
    const QByteArray newAccess = served->value();
    EXPECT_NE(newAccess, refusedToken);

    const QByteArray newRefresh = stored(account.id, SecretKind::RefreshToken);
    EXPECT_NE(newRefresh, firstRefresh) << "the provider rotates refresh tokens";
    EXPECT_EQ(stored(account.id, SecretKind::AccessToken), newAccess);
    const auto events = secrets.events();
    qsizetype storedRefresh = -1;
    qsizetype usedNew = -1;
    for (qsizetype i = 0; i < events.size(); ++i) {
        if (events[i].first == QStringLiteral("stored refresh_token") && events[i].second == newRefresh)
            storedRefresh = i;
        if (events[i].first == QStringLiteral("used") && events[i].second == newAccess && usedNew < 0)
            usedNew = i;
    }
    ASSERT_GE(storedRefresh, 0) << "the rotated refresh token reached the keychain";
    ASSERT_GE(usedNew, 0);
    EXPECT_LT(storedRefresh, usedNew) << "stored before the new access token was used";
}

TEST_F(TokenRefreshTest, ImapRenewsARefusedTokenOnceAndRetries) {
    const Account account = signedInImapAccount();
    const OAuthConfig config = OAuthConfig::fromSettings(account.settings);
    ImapProvider provider(account, ProviderContext{&m_store});
    QList<ConnectionState> states;
    QObject::connect(&provider, &Provider::statusChanged,
                     [&states](const ConnectionStatus& s) { states.append(s.state); });
    const auto listed = await(provider.listChannels(), kBoundMs);
    ASSERT_TRUE(listed && listed->ok()) << describe(listed);

    // The server stops accepting the token (as when it expires), and the open connection
    // goes: the next request signs in again with it, is refused, renews, and retries.
    const QByteArray token = stored(account.id, SecretKind::AccessToken);
    ASSERT_TRUE(oidc::revoke(token, QStringLiteral("access_token"), config.clientId));
    ASSERT_TRUE(doveadm({QStringLiteral("kick"), TestEnv::get().address(kImapUser)}));
    const int before = oidc::tokenCalls(config.clientId).refreshToken;
    const auto again = await(provider.listChannels(), kBoundMs);
    ASSERT_TRUE(again && again->ok()) << describe(again);
    EXPECT_EQ(oidc::tokenCalls(config.clientId).refreshToken, before + 1);
    EXPECT_NE(stored(account.id, SecretKind::AccessToken), token);
    EXPECT_FALSE(states.contains(ConnectionState::NeedsSignIn)) << "renewed, not a sign-in problem";

    // Sending (SMTP XOAUTH2, a connection per message) uses the renewed token.
    OutgoingMessage m;
    m.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m.from.address = TestEnv::get().address(kImapUser);
    Participant to;
    to.address = TestEnv::get().address(kImapUser);
    m.to.append(to);
    m.subject = QStringLiteral("renewed ") + uniqueMarker();
    m.text = QStringLiteral("sent with a renewed token");
    const auto sent = await(provider.send(m), kBoundMs);
    ASSERT_TRUE(sent && sent->ok()) << describe(sent);
}

TEST_F(TokenRefreshTest, SlackRefreshesAnExpiredTokenWithRotationOnceForTenCalls) {
    TRIBUTARY_REQUIRE_SLACK_EMULATOR();
    const Account account = signedInSlackAccount();
    SlackProvider provider(account, ProviderContext{&m_store});
    const auto connected = await(provider.connectAccount(), kBoundMs);
    ASSERT_TRUE(connected && connected->ok()) << describe(connected);
    const QByteArray firstRefresh = stored(account.id, SecretKind::RefreshToken);
    const QString general = makeId(IdKind::Channel, account.id, QStringLiteral("C0GENERAL1"));
    const auto warm = await(provider.listMessages(general, PageRequest{5, {}}), kBoundMs);
    ASSERT_TRUE(warm && warm->ok()) << describe(warm);

    // Slack expires the token while the app still thinks it has hours left: the calls in
    // flight together are all refused.
    slackControl(QStringLiteral("oauth"), {{QStringLiteral("expire_tokens"), true}});
    const int before = slackRefreshCalls();
    QList<QFuture<Result<MessagePage>>> pages;
    for (int i = 0; i < 10; ++i)
        pages.append(provider.listMessages(general, PageRequest{5, {}}));
    for (const auto& page : std::as_const(pages)) {
        const auto r = await(page, kBoundMs);
        ASSERT_TRUE(r && r->ok()) << describe(r);
    }
    EXPECT_EQ(slackRefreshCalls(), before + 1) << "ten token_expired answers, one refresh";
    EXPECT_NE(stored(account.id, SecretKind::RefreshToken), firstRefresh) << "rotated and stored";
    EXPECT_NE(provider.status().state, ConnectionState::NeedsSignIn);
}

TEST_F(TokenRefreshTest, ARevokedGrantIsSignInAgainWithinOneRequestWithoutARetryStorm) {
    TRIBUTARY_REQUIRE_SLACK_EMULATOR();
    const Account account = signedInSlackAccount();
    ProviderRegistry registry;
    registerSlackProvider(registry);
    SlackProvider provider(account, ProviderContext{&m_store});
    InboxStore store;
    SyncController sync(&store, nullptr);
    sync.addProvider(&provider);
    sync.start();
    ASSERT_TRUE(waitUntil([&] { return sync.status(account.id).state == AccountState::Live; }, kBoundMs))
        << toString(sync.status(account.id).state).toStdString();

    // The user revokes Tributary's access in Slack: the refresh token and its grant go.
    // (Counted from before: a poll in the background may be the request that finds out.)
    const QByteArray refresh = stored(account.id, SecretKind::RefreshToken);
    const int before = slackRefreshCalls();
    ASSERT_TRUE(
        slackControl(QStringLiteral("revoke-token"), {{QStringLiteral("token"), QString::fromUtf8(refresh)}})
            .value(QLatin1String("ok"))
            .toBool());
    // One request: the refusal, one refresh attempt, and "Sign in again".
    const auto one = await(provider.listChannels(), kBoundMs);
    ASSERT_TRUE(one.has_value());
    ASSERT_FALSE(one->ok());
    EXPECT_EQ(one->error().code, OAuthErrorCode::SignInRequired) << one->error().describe().toStdString();
    EXPECT_TRUE(waitUntil([&] { return sync.status(account.id).state == AccountState::SignInRequired; }));
    EXPECT_EQ(slackRefreshCalls(), before + 1);

    // More requests (the user clicking around) ask the token endpoint no more.
    for (int i = 0; i < 5; ++i) {
        const auto r = await(provider.listChannels(), kBoundMs);
        ASSERT_TRUE(r && !r->ok());
        EXPECT_EQ(r->error().code, OAuthErrorCode::SignInRequired);
    }
    sync.reconnect(account.id);
    EXPECT_TRUE(waitUntil([&] { return sync.status(account.id).state == AccountState::SignInRequired; }));
    EXPECT_EQ(slackRefreshCalls(), before + 1) << "no retry storm";

    // "Sign in again…": one click signs in through the browser and the account is live.
    ScriptedBrowser browser;
    SignInAgain signInAgain(registry, &sync, &m_store, &m_network, browser.opener());
    ASSERT_TRUE(signInAgain.hasBrowserSignIn(account.id));
    const auto signedIn = await(signInAgain.start(account.id), kBoundMs);
    ASSERT_TRUE(signedIn && signedIn->ok()) << describe(signedIn);
    EXPECT_TRUE(waitUntil([&] { return sync.status(account.id).state == AccountState::Live; }, kBoundMs))
        << toString(sync.status(account.id).state).toStdString();
    EXPECT_NE(stored(account.id, SecretKind::RefreshToken), refresh);
}

TEST_F(TokenRefreshTest, ARevokedImapGrantIsSignInAgainAfterOneRefreshAttempt) {
    const Account account = signedInImapAccount();
    const OAuthConfig config = OAuthConfig::fromSettings(account.settings);
    ProviderRegistry registry;
    registerImapProvider(registry);
    ImapProvider provider(account, ProviderContext{&m_store});
    InboxStore store;
    SyncController sync(&store, nullptr);
    sync.addProvider(&provider);
    sync.start();
    ASSERT_TRUE(waitUntil([&] { return sync.status(account.id).state == AccountState::Live; }, kBoundMs))
        << toString(sync.status(account.id).state).toStdString();

    // Counted from before: the push connection, kicked too, may be what finds out first.
    const QByteArray refresh = stored(account.id, SecretKind::RefreshToken);
    const int before = oidc::tokenCalls(config.clientId).refreshToken;
    ASSERT_TRUE(oidc::revoke(refresh, QStringLiteral("refresh_token"), config.clientId));
    ASSERT_TRUE(doveadm({QStringLiteral("kick"), TestEnv::get().address(kImapUser)}));
    const auto one = await(provider.listChannels(), kBoundMs);
    ASSERT_TRUE(one && !one->ok());
    EXPECT_EQ(one->error().code, OAuthErrorCode::SignInRequired) << one->error().describe().toStdString();
    EXPECT_TRUE(waitUntil([&] { return sync.status(account.id).state == AccountState::SignInRequired; }));
    for (int i = 0; i < 5; ++i)
        (void)await(provider.listChannels(), kBoundMs);
    EXPECT_EQ(oidc::tokenCalls(config.clientId).refreshToken, before + 1) << "no retry storm";

    ScriptedBrowser browser;
    SignInAgain signInAgain(registry, &sync, &m_store, &m_network, browser.opener());
    const auto signedIn = await(signInAgain.start(account.id), kBoundMs);
    ASSERT_TRUE(signedIn && signedIn->ok()) << describe(signedIn);
    EXPECT_TRUE(waitUntil([&] { return sync.status(account.id).state == AccountState::Live; }, kBoundMs))
        << toString(sync.status(account.id).state).toStdString();
}

} // namespace tributary::test
