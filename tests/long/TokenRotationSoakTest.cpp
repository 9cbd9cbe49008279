// Three minutes of expiring tokens (docs/RELIABILITY.md, "Tokens and live connections"):
// an XOAUTH2 mail account whose access tokens from the test OpenID provider live 30 seconds
// (its client tributary-test-short; Dovecot and Postfix check them by introspection), and a
// Slack account whose tokens the emulator rotates every 30 seconds (oauth.v2.access with
// the refresh grant). Through at least six expiries of each, IDLE keeps pushing new mail,
// mail keeps going out over SMTP, Slack calls and sends keep working and Socket Mode keeps
// pushing; every connection signs in with a current token. Then a revoked refresh token
// turns each account to "Sign in again" within one request, with one token endpoint call.
//
// The run lasts six token lifetimes (plus a little) of wall time: that is what it is about.
// It fails only on behaviour (an operation that fails, a push that never arrives, fewer
// expiries than promised), never on how fast something happened; each wait is bounded
// generously only so that a hang ends the run.
#include "ImapTestSupport.h"
#include "OidcTestServer.h"
#include "SlackTestBed.h"
#include "auth/OAuthTokens.h"
#include "auth/TokenStore.h"
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "slack/SlackOAuth.h"
#include "sync/SyncController.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSet>
#include <QTest>
#include <iostream>

namespace tributary::test {
namespace {

using namespace std::chrono_literals;

constexpr int kBoundMs = 60000;
constexpr int kRoundMs = 10000; //!< one round of mail, sends and Slack calls
const QString kMailUser = QStringLiteral("carol");
const QString kSlackClientId = QStringLiteral("1000000001.2000000002");

template <typename T>
std::string describe(const std::optional<Result<T>>& r) {
    return r ? (r->ok() ? std::string("ok") : r->error().describe().toStdString()) : std::string("no answer");
}

int threadsWith(const InboxStore& store, const QString& marker) {
    int n = 0;
    for (const Thread& t : store.threads())
        n += t.subject.contains(marker) || t.snippet.contains(marker) ? 1 : 0;
    return n;
}

//! IMAP sign-ins of `user` with XOAUTH2 that Dovecot logged so far.
int xoauth2Logins(const QString& user) {
    QFile log(TestEnv::get().stateDir + QStringLiteral("/logs/dovecot.log"));
    if (!log.open(QIODevice::ReadOnly))
        return -1;
    int n = 0;
    const QByteArray who = "user=<" + user.toUtf8() + ">";
    while (!log.atEnd()) {
        const QByteArray line = log.readLine();
        n += line.contains("Login:") && line.contains(who) && line.contains("XOAUTH2") ? 1 : 0;
    }
    return n;
}

//! Watches an account's tokens in the keyring: every access token seen, and when each expires.
class TokenWatch {
public:
    TokenWatch(SecretSource* secrets, QString account)
        : m_secrets(secrets)
        , m_account(std::move(account)) {}

    void look() {
        const auto token = await(m_secrets->readSecret(m_account, SecretKind::AccessToken), kBoundMs);
        const auto expiry =
            await(m_secrets->readSecret(m_account, OAuthSecretKind::AccessTokenExpiry), kBoundMs);
        if (!token || !token->ok() || !expiry || !expiry->ok())
            return;
        if (m_seen.contains(token->value()))
            return;
        m_seen.insert(token->value());
        if (const auto at = decodeTokenExpiry(expiry->value()))
            m_expiries.append(*at);
    }
    int tokensSeen() const { return int(m_seen.size()); }
    //! Tokens that expired by now: each one an expiry the account lived through.
    int expiriesCrossed() const {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        return int(std::count_if(m_expiries.cbegin(), m_expiries.cend(),
                                 [&](const QDateTime& at) { return at <= now; }));
    }

private:
    SecretSource* m_secrets;
    QString m_account;
    QSet<QByteArray> m_seen;
    QList<QDateTime> m_expiries;
};

} // namespace

TEST(TokenRotationSoakTest, MailAndSlackKeepWorkingThroughSixExpiriesAndARevokedGrantAsksToSignInAgain) {
    TRIBUTARY_REQUIRE_SERVERS();
    TRIBUTARY_REQUIRE_KEYRING();
    TRIBUTARY_REQUIRE_OIDC();
    TRIBUTARY_REQUIRE_SLACK_EMULATOR();
    if (const QString why = oidc::unavailableReason(); !why.isEmpty())
        TRIBUTARY_MISSING_PEER(why.toStdString());
    const int ttl = oidc::shortTokenSeconds();
    ASSERT_GT(ttl, 0);
    TokenStore keyring(
        [] {
            TokenStore::Options o;
            o.service = QStringLiteral("TributarySoakTest");
            return o;
        }(),
        nullptr);
    const QString mailAddress = TestEnv::get().address(kMailUser);

    // --- the mail account: XOAUTH2 with the provider's 30-second tokens, a folder under IDLE.
    Account mail = TestEnv::get().imapAccount(kMailUser);
    mail.id = QStringLiteral("soak-mail-") + uniqueMarker();
    mail.displayName = QStringLiteral("Carol (OAuth)");
    mail.settings.remove(QStringLiteral("passwordEnv"));
    mail.settings.insert(QStringLiteral("auth"), QStringLiteral("xoauth2"));
    mail.settings.insert(oidc::shortLivedSettings(mailAddress));
    const OAuthConfig mailOAuth = OAuthConfig::fromSettings(mail.settings);
    const QString folder = QStringLiteral("Soak-") + uniqueMarker();
    ASSERT_TRUE(doveadm(forUser(QStringLiteral("mailbox create"), kMailUser) + QStringList{folder}));
    const Result<OAuthGrant> mailGrant = oidc::signIn(mailOAuth, mail.id, &keyring);
    ASSERT_TRUE(mailGrant.ok()) << mailGrant.error().describe().toStdString();

    // --- the Slack account: signed in with token rotation, tokens living 30 seconds.
    slackbed::control(QStringLiteral("reset"));
    const auto slackOAuthControl = [](const QList<QPair<QString, QString>>& params) {
        return slackbed::control(QStringLiteral("oauth"), params);
    };
    slackOAuthControl({{QStringLiteral("reset"), QStringLiteral("true")},
                       {QStringLiteral("client_id"), kSlackClientId},
                       {QStringLiteral("rotate"), QStringLiteral("true")},
                       {QStringLiteral("token_ttl_s"), QString::number(ttl)}});
    const QString emulator = SlackTestEnv::get().emulator.toString();
    Account chat;
    chat.id = QStringLiteral("soak-slack-") + uniqueMarker();
    chat.providerId = QStringLiteral("slack");
    chat.displayName = QStringLiteral("Tributary Test");
    chat.settings = {{slack::SlackSettingKey::ClientId, kSlackClientId},
                     {slack::SlackSettingKey::OAuthBaseUrl, emulator},
                     {slack::SlackSettingKey::ApiBaseUrl, emulator},
                     {slack::SlackSettingKey::SocketModeApiBaseUrl, emulator}};
    const Result<OAuthGrant> chatGrant =
        oidc::signIn(slack::SlackOAuth::oauthConfig(chat.settings).value(), chat.id, &keyring);
    ASSERT_TRUE(chatGrant.ok()) << chatGrant.error().describe().toStdString();
    const auto appToken =
        await(keyring.writeSecret(chat.id, SecretKind::AppToken, SlackTestEnv::get().appToken), kBoundMs);
    ASSERT_TRUE(appToken && appToken->ok());

    const int oidcRefreshesBefore = oidc::tokenCalls(mailOAuth.clientId).refreshToken;
    const int loginsBefore = xoauth2Logins(mailAddress);

    ImapProvider mailProvider(mail, ProviderContext{&keyring});
    SlackProvider chatProvider(chat, ProviderContext{&keyring});
    InboxStore store;
    SyncController::Options options;
    options.backfillLimit = 50;
    SyncController sync(&store, nullptr, options);
    sync.addProvider(&mailProvider);
    sync.addProvider(&chatProvider);
    sync.openChannel(makeId(IdKind::Channel, mail.id, folder));
    sync.start();
    ASSERT_TRUE(waitUntil(
        [&] {
            return sync.status(mail.id).state == AccountState::Live &&
                   sync.status(chat.id).state == AccountState::Live && chatProvider.isSocketModeConnected();
        },
        kBoundMs))
        << "mail " << toString(sync.status(mail.id).state).toStdString() << ", slack "
        << toString(sync.status(chat.id).state).toStdString();
    QList<AccountState> mailStates;
    QList<AccountState> chatStates;
    QObject::connect(&sync, &SyncController::statusChanged, [&](const QString& id, const AccountStatus& s) {
        (id == mail.id ? mailStates : chatStates).append(s.state);
    });

    TokenWatch mailTokens(&keyring, mail.id);
    TokenWatch chatTokens(&keyring, chat.id);
    const QString chatGeneral = makeId(IdKind::Channel, chat.id, slackbed::kGeneral);
    int pushedMail = 0;
    int sentMail = 0;
    int slackCalls = 0;
    int pushedSlack = 0;
    QElapsedTimer run;
    run.start();
    // Six lifetimes of the first token from its sign-in, and a round more.
    const qint64 runMs = qint64(ttl) * 6 * 1000 + kRoundMs;
    const auto look = [&] {
        mailTokens.look();
        chatTokens.look();
    };
    for (int round = 0; run.elapsed() < runMs; ++round) {
        QElapsedTimer roundTime;
        roundTime.start();
        look();

        // New mail reaches the app through IDLE (a connection that re-signs in as tokens expire).
        const QString marker = uniqueMarker();
        ASSERT_TRUE(deliverRaw(kMailUser, simpleMessage(kMailUser, marker, round), folder));
        ASSERT_TRUE(waitUntil([&] { return threadsWith(store, marker) == 1; }, kBoundMs))
            << "IDLE push stopped in round " << round << " after " << run.elapsed() / 1000 << " s";
        ++pushedMail;
        look();

        // Mail goes out over SMTP with XOAUTH2 (a new connection and token each time).
        if (round % 2 == 0) {
            OutgoingMessage m;
            m.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
            m.from.address = mailAddress;
            Participant to;
            to.address = mailAddress;
            m.to.append(to);
            m.subject = QStringLiteral("soak send ") + uniqueMarker();
            m.text = QStringLiteral("Sent with a token that lives 30 seconds.");
            const auto sent = await(mailProvider.send(m), kBoundMs);
            ASSERT_TRUE(sent && sent->ok()) << "send in round " << round << ": " << describe(sent);
            ++sentMail;
            look();
        }

        // Slack: calls and a send with the rotating user token, and Socket Mode push.
        const auto page = await(chatProvider.listMessages(chatGeneral, PageRequest{10, {}}), kBoundMs);
        ASSERT_TRUE(page && page->ok()) << "Slack call in round " << round << ": " << describe(page);
        OutgoingMessage post;
        post.kind = SendKind::New;
        post.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        post.channelId = chatGeneral;
        post.text = QStringLiteral("soak ") + slackbed::marker();
        const auto posted = await(chatProvider.send(post), kBoundMs);
        ASSERT_TRUE(posted && posted->ok()) << "Slack send in round " << round << ": " << describe(posted);
        slackCalls += 2;
        const QString slackMarker = slackbed::marker();
        ASSERT_TRUE(slackbed::postAs(QStringLiteral("U0BOB00002"), slackbed::kGeneral, slackMarker));
        ASSERT_TRUE(waitUntil([&] { return threadsWith(store, slackMarker) == 1; }, kBoundMs))
            << "Slack push stopped in round " << round;
        ++pushedSlack;

        // The rest of the round: idle, as a user who reads would be.
        while (roundTime.elapsed() < kRoundMs) {
            QTest::qWait(int(std::min<qint64>(1000, kRoundMs - roundTime.elapsed())));
            look();
        }
    }
    mailTokens.look();
    chatTokens.look();

    const int oidcRefreshes = oidc::tokenCalls(mailOAuth.clientId).refreshToken - oidcRefreshesBefore;
    const int slackRefreshes = slackOAuthControl({}).value(QLatin1String("refresh_calls")).toInt();
    const int logins = xoauth2Logins(mailAddress) - loginsBefore;
    std::cout << "[ figures  ] " << run.elapsed() / 1000 << " s with " << ttl << "-second tokens: mail "
              << mailTokens.tokensSeen() << " access tokens, " << mailTokens.expiriesCrossed()
              << " expiries crossed, " << oidcRefreshes << " refresh calls at the OpenID provider, " << logins
              << " IMAP XOAUTH2 sign-ins, " << pushedMail << " messages pushed by IDLE, " << sentMail
              << " sent; Slack " << chatTokens.tokensSeen() << " access tokens, "
              << chatTokens.expiriesCrossed() << " expiries crossed, " << slackRefreshes
              << " refresh calls (oauth.v2.access), " << slackCalls << " calls and sends, " << pushedSlack
              << " messages pushed by Socket Mode\n";
    EXPECT_GE(mailTokens.expiriesCrossed(), 6);
    EXPECT_GE(chatTokens.expiriesCrossed(), 6);
    EXPECT_GE(oidcRefreshes, 6);
    EXPECT_GE(slackRefreshes, 6);
    EXPECT_FALSE(mailStates.contains(AccountState::SignInRequired));
    EXPECT_FALSE(chatStates.contains(AccountState::SignInRequired));

    // --- revoked: "Sign in again" within one request, one token endpoint call, no storm.
    const QByteArray mailRefresh =
        await(keyring.readSecret(mail.id, SecretKind::RefreshToken), kBoundMs)->value();
    const int oidcBefore = oidc::tokenCalls(mailOAuth.clientId).refreshToken;
    ASSERT_TRUE(oidc::revoke(mailRefresh, QStringLiteral("refresh_token"), mailOAuth.clientId));
    OutgoingMessage after;
    after.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    after.from.address = mailAddress;
    Participant to;
    to.address = mailAddress;
    after.to.append(to);
    after.subject = QStringLiteral("after revocation");
    after.text = QStringLiteral("must not go out");
    const auto refused = await(mailProvider.send(after), kBoundMs);
    ASSERT_TRUE(refused && !refused->ok());
    EXPECT_EQ(refused->error().code, OAuthErrorCode::SignInRequired) << describe(refused);
    EXPECT_TRUE(waitUntil([&] { return sync.status(mail.id).state == AccountState::SignInRequired; }));

    const QByteArray chatRefresh =
        await(keyring.readSecret(chat.id, SecretKind::RefreshToken), kBoundMs)->value();
    const int slackBefore = slackOAuthControl({}).value(QLatin1String("refresh_calls")).toInt();
    ASSERT_TRUE(slackbed::control(QStringLiteral("revoke-token"),
                                  {{QStringLiteral("token"), QString::fromUtf8(chatRefresh)}})
                    .value(QLatin1String("ok"))
                    .toBool());
    const auto denied = await(chatProvider.listMessages(chatGeneral, PageRequest{10, {}}), kBoundMs);
    ASSERT_TRUE(denied && !denied->ok());
    EXPECT_EQ(denied->error().code, OAuthErrorCode::SignInRequired) << describe(denied);
    EXPECT_TRUE(waitUntil([&] { return sync.status(chat.id).state == AccountState::SignInRequired; }));

    for (int i = 0; i < 5; ++i) {
        (void)await(mailProvider.listChannels(), kBoundMs);
        (void)await(chatProvider.listChannels(), kBoundMs);
    }
    const int oidcAfter = oidc::tokenCalls(mailOAuth.clientId).refreshToken - oidcBefore;
    const int slackAfter = slackOAuthControl({}).value(QLatin1String("refresh_calls")).toInt() - slackBefore;
    std::cout << "[ figures  ] after revocation: " << oidcAfter << " refresh call(s) at the OpenID provider, "
              << slackAfter << " at Slack, for 1 + 5 requests each\n";
    EXPECT_EQ(oidcAfter, 1) << "one attempt, then no retry storm";
    EXPECT_EQ(slackAfter, 1) << "one attempt, then no retry storm";

    sync.removeProvider(mail.id);
    sync.removeProvider(chat.id);
    mailProvider.unsubscribe();
    chatProvider.unsubscribe();
    slackOAuthControl({{QStringLiteral("reset"), QStringLiteral("true")}});
    slackbed::control(QStringLiteral("reset"));
    doveadm(forUser(QStringLiteral("mailbox delete"), kMailUser) + QStringList{folder});
    for (const QString& id : {mail.id, chat.id})
        (void)await(keyring.removeAccount(id), kBoundMs);
}

} // namespace tributary::test
