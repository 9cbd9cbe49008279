// Sign-in with XOAUTH2 end to end. The access token sits in the real gnome-keyring
// (TokenStore on the private D-Bus session tools/test starts); Dovecot checks it with its
// oauth2 passdb against the local token service (tools/lib/oauth-introspect.py), for IMAP
// and, through Dovecot's auth socket, for Postfix's SMTP AUTH. Covered: IMAPS and
// STARTTLS, sending through Postfix, and unknown, expired and revoked tokens reported as
// sign-in problems (ErrorKind::Auth, NeedsSignIn), which a new token then fixes.

#include "ImapTestSupport.h"
#include "LogCapture.h"
#include "auth/TokenStore.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QUrlQuery>
#include <vector>

namespace tributary::test {

namespace {

//! How long a refused sign-in may take before the test calls it a hang. A hang detector,
//! not a speed check: Dovecot refuses within about half a second, and it stays well below
//! the provider's 60 s read timeout, which is what a stuck SASL exchange would run into.
constexpr int kRefusalBoundMs = 15000;
constexpr int kSendBoundMs = 60000;

template <typename T>
std::string describe(const std::optional<Result<T>>& r) {
    return r ? (r->ok() ? std::string("ok") : r->error().describe().toStdString()) : std::string("timeout");
}

//! POSTs a form to the test token service; its JSON answer, or an empty object (and a
//! test failure) if the call fails.
QJsonObject callTokenService(const QString& path, const QUrlQuery& form) {
    QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(QUrl(oauthServiceUrl() + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QStringLiteral("application/x-www-form-urlencoded"));
    std::unique_ptr<QNetworkReply> reply(manager.post(request, form.toString(QUrl::FullyEncoded).toUtf8()));
    if (!waitUntil([&reply] { return reply->isFinished(); }, 10000)) {
        ADD_FAILURE() << "the token service did not answer " << path.toStdString();
        return {};
    }
    if (reply->error() != QNetworkReply::NoError) {
        ADD_FAILURE() << path.toStdString() << ": " << reply->errorString().toStdString();
        return {};
    }
    return QJsonDocument::fromJson(reply->readAll()).object();
}

//! A fresh token for `user` that only this test uses (so it may revoke it).
QByteArray issueToken(const QString& user) {
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("username"), TestEnv::get().address(user));
    return callTokenService(QStringLiteral("/token"), form)
        .value(QStringLiteral("access_token"))
        .toString()
        .toUtf8();
}

void revokeToken(const QByteArray& token) {
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("token"), QString::fromUtf8(token));
    callTokenService(QStringLiteral("/revoke"), form);
}

TokenStore::Options storeOptions() {
    TokenStore::Options options;
    options.service = QStringLiteral("TributaryTest"); // never the real app's entries
    return options;
}

class ImapXoauth2Test : public ::testing::Test {
protected:
    void SetUp() override {
        TRIBUTARY_REQUIRE_SERVERS();
        TRIBUTARY_REQUIRE_KEYRING();
        if (oauthToken(QStringLiteral("alice")).isEmpty() || oauthServiceUrl().isEmpty())
            FAIL()
                << "The test servers export no OAuth tokens: restart them (./tools/test or tools/sandbox).";
    }

    void TearDown() override {
        m_providers.clear(); // before the store they read from (and joins their threads)
        for (const QString& id : m_accounts)
            (void)await(m_store.removeAccount(id), 20000);
        for (const QByteArray& token : m_tokens)
            EXPECT_EQ(m_log.linesContaining(token), QStringList()) << "a token was logged";
    }

    //! An XOAUTH2 account of `user` (IMAPS or STARTTLS; SMTP always STARTTLS) whose
    //! secret is the access token in the keyring.
    Account xoauth2Account(const QString& user, bool implicitTls) {
        Account a = TestEnv::get().imapAccount(user, implicitTls);
        a.id = QStringLiteral("xoauth2-%1-%2").arg(user, uniqueMarker());
        a.settings.remove(QStringLiteral("passwordEnv"));
        a.settings.insert(QStringLiteral("auth"), QStringLiteral("xoauth2"));
        m_accounts.append(a.id);
        return a;
    }

    //! Stores (or replaces) the account's access token in the keyring.
    void storeToken(const Account& account, const QByteArray& token) {
        ASSERT_FALSE(token.isEmpty());
        m_tokens.append(token);
        auto r = await(m_store.writeSecret(account.id, SecretKind::AccessToken, token), 20000);
        ASSERT_TRUE(r.has_value()) << "the keyring did not answer";
        ASSERT_TRUE(r->ok()) << r->error().describe().toStdString();
    }

    ImapProvider& provider(const Account& account) {
        m_providers.push_back(std::make_unique<ImapProvider>(account, ProviderContext{&m_store}));
        return *m_providers.back();
    }

    static QList<Channel> channels(Provider& p) {
        auto r = await(p.listChannels());
        EXPECT_TRUE(r && r->ok()) << describe(r);
        return r && r->ok() ? r->value() : QList<Channel>();
    }

    //! Expects a refused token: an Auth error that tells the user to sign in again,
    //! never echoes the token, and turns the provider's status to NeedsSignIn.
    static void expectSignInRequest(const std::optional<Result<void>>& r, Provider& p,
                                    const QByteArray& token, const QString& server) {
        ASSERT_TRUE(r.has_value()) << "no answer within " << kRefusalBoundMs << " ms";
        ASSERT_FALSE(r->ok());
        const ProviderError& e = r->error();
        EXPECT_EQ(e.kind, ErrorKind::Auth) << e.describe().toStdString();
        EXPECT_EQ(e.code, QStringLiteral("auth_failed"));
        EXPECT_TRUE(e.message.contains(QStringLiteral("access token"))) << e.message.toStdString();
        EXPECT_TRUE(e.message.contains(QStringLiteral("Sign in again"))) << e.message.toStdString();
        EXPECT_TRUE(e.message.contains(server)) << e.message.toStdString();
        EXPECT_FALSE(e.message.contains(QString::fromUtf8(token))) << "never echo the token";
        ASSERT_TRUE(waitUntil([&p] { return p.status().state == ConnectionState::NeedsSignIn; }));
        EXPECT_EQ(p.status().detail, e.message);
    }

    static QString imapsServer() {
        return TestEnv::get().host + QLatin1Char(':') + QString::number(TestEnv::get().imapsPort);
    }

    LogCapture m_log;
    QList<QByteArray> m_tokens;
    // Declared before the providers, destroyed after them: they hold a pointer to it.
    TokenStore m_store{storeOptions(), nullptr};
    QStringList m_accounts;
    std::vector<std::unique_ptr<ImapProvider>> m_providers;
};

TEST_F(ImapXoauth2Test, ConnectsAndListsFoldersAndEnvelopesOverImapsAndStartTls) {
    const QString marker = uniqueMarker();
    ASSERT_TRUE(deliverRaw(QStringLiteral("alice"), simpleMessage(QStringLiteral("alice"), marker, 1)));
    for (bool implicitTls : {true, false}) {
        SCOPED_TRACE(implicitTls ? "IMAPS" : "STARTTLS");
        const Account account = xoauth2Account(QStringLiteral("alice"), implicitTls);
        ASSERT_NO_FATAL_FAILURE(storeToken(account, oauthToken(QStringLiteral("alice"))));
        ImapProvider& p = provider(account);

        auto connected = await(p.connectAccount());
        ASSERT_TRUE(connected && connected->ok()) << describe(connected);
        EXPECT_TRUE(waitUntil([&p] { return p.status().state == ConnectionState::Online; }));

        const QList<Channel> list = channels(p);
        const Channel inbox = channelWithRole(list, ChannelRole::Inbox);
        ASSERT_FALSE(inbox.id.isEmpty());
        EXPECT_FALSE(channelWithRole(list, ChannelRole::Sent).id.isEmpty());
        EXPECT_FALSE(channelNamed(list, TestEnv::get().sharedFolder).id.isEmpty());

        const QList<Message> found = waitForMarker(p, inbox, marker);
        ASSERT_EQ(found.size(), 1);
        EXPECT_EQ(found.first().subject, marker + QStringLiteral(" seed 1"));
        EXPECT_EQ(found.first().author.address, QStringLiteral("seeder@") + TestEnv::get().domain);
    }
    // The capture TearDown searches for tokens does see the provider's log.
    EXPECT_FALSE(m_log.linesContaining("Signed in to").isEmpty());
}

TEST_F(ImapXoauth2Test, SendsThroughPostfixAndTheMessageArrives) {
    const Account aliceAccount = xoauth2Account(QStringLiteral("alice"), true);
    ASSERT_NO_FATAL_FAILURE(storeToken(aliceAccount, oauthToken(QStringLiteral("alice"))));
    const Account bobAccount = xoauth2Account(QStringLiteral("bob"), false);
    ASSERT_NO_FATAL_FAILURE(storeToken(bobAccount, oauthToken(QStringLiteral("bob"))));
    ImapProvider& alice = provider(aliceAccount);
    ImapProvider& bob = provider(bobAccount);

    const QString marker = uniqueMarker();
    OutgoingMessage out;
    out.clientId = QStringLiteral("xoauth2-") + marker;
    out.to = {Participant{TestEnv::get().address(QStringLiteral("bob")), QStringLiteral("Bob"), {}}};
    out.subject = QStringLiteral("Über XOAUTH2 ") + marker;
    out.text = QStringLiteral("Sent with an access token, Grüße");
    auto receipt = await(alice.send(out), kSendBoundMs);
    ASSERT_TRUE(receipt && receipt->ok()) << describe(receipt);
    EXPECT_FALSE(receipt->value().alreadySent);

    const QList<Message> arrived =
        waitForMarker(bob, channelWithRole(channels(bob), ChannelRole::Inbox), marker);
    ASSERT_EQ(arrived.size(), 1);
    EXPECT_EQ(arrived.first().subject, out.subject);
    EXPECT_EQ(arrived.first().author.address, TestEnv::get().address(QStringLiteral("alice")));
    // The copy in Sent went over the token-authenticated IMAP session.
    EXPECT_EQ(waitForMarker(alice, channelWithRole(channels(alice), ChannelRole::Sent), marker).size(), 1);
}

TEST_F(ImapXoauth2Test, UnknownAndExpiredTokensAskForSignInAndANewTokenFixesIt) {
    const QByteArray unknown = "tt-" + uniqueMarker().toUtf8() + "-never-issued";
    for (const QByteArray& refused : {unknown, expiredOauthToken(QStringLiteral("carol"))}) {
        SCOPED_TRACE(refused == unknown ? "unknown token" : "expired token");
        const Account account = xoauth2Account(QStringLiteral("carol"), true);
        ASSERT_NO_FATAL_FAILURE(storeToken(account, refused));
        ImapProvider& p = provider(account);
        QList<ConnectionState> states;
        QObject::connect(&p, &Provider::statusChanged,
                         [&states](const ConnectionStatus& s) { states.append(s.state); });

        QElapsedTimer timer;
        timer.start();
        auto r = await(p.connectAccount(), kRefusalBoundMs);
        RecordProperty(refused == unknown ? "unknown_token_refused_ms" : "expired_token_refused_ms",
                       static_cast<int>(timer.elapsed()));
        expectSignInRequest(r, p, refused, imapsServer());
        EXPECT_FALSE(states.contains(ConnectionState::Offline)) << "a refused token is no network problem";

        // The user signs in again: the new token replaces the old one in the keyring, and
        // the provider reads it afresh (it dropped the refused one).
        ASSERT_NO_FATAL_FAILURE(storeToken(account, oauthToken(QStringLiteral("carol"))));
        auto again = await(p.listChannels());
        ASSERT_TRUE(again && again->ok()) << describe(again);
        EXPECT_TRUE(waitUntil([&p] { return p.status().state == ConnectionState::Online; }));
    }
}

TEST_F(ImapXoauth2Test, RevokedTokenIsRefusedBySmtpAndImapAsASignInProblem) {
    const QByteArray token = issueToken(QStringLiteral("carol"));
    ASSERT_FALSE(token.isEmpty());
    const Account account = xoauth2Account(QStringLiteral("carol"), true);
    ASSERT_NO_FATAL_FAILURE(storeToken(account, token));
    ImapProvider& p = provider(account);
    auto connected = await(p.connectAccount());
    ASSERT_TRUE(connected && connected->ok()) << describe(connected);

    // Revoked while the IMAP session is open: the next sign-in, SMTP's, is refused.
    revokeToken(token);
    const QString marker = uniqueMarker();
    OutgoingMessage out;
    out.clientId = QStringLiteral("revoked-") + marker;
    out.to = {Participant{TestEnv::get().address(QStringLiteral("carol")), {}, {}}};
    out.subject = QStringLiteral("Never sent ") + marker;
    out.text = QStringLiteral("the token was revoked");
    auto sent = await(p.send(out), kRefusalBoundMs);
    ASSERT_TRUE(sent.has_value()) << "no answer within " << kRefusalBoundMs << " ms";
    ASSERT_FALSE(sent->ok());
    const QString smtpServer =
        TestEnv::get().host + QLatin1Char(':') + QString::number(TestEnv::get().smtpPort);
    expectSignInRequest(Result<void>(sent->error()), p, token, smtpServer);

    // And a new IMAP sign-in with it.
    auto reconnect = await(p.connectAccount(), kRefusalBoundMs);
    expectSignInRequest(reconnect, p, token, imapsServer());
}

TEST_F(ImapXoauth2Test, ServerWithoutXoauth2IsASettingsProblemNotASignInProblem) {
    // Postfix offers AUTH only after STARTTLS: over an unencrypted connection (allowed on
    // loopback) there is no XOAUTH2 to use, and a new token would not change that.
    Account account = xoauth2Account(QStringLiteral("carol"), true);
    account.settings.insert(QStringLiteral("smtpSecurity"), QStringLiteral("none"));
    account.settings.insert(QStringLiteral("allowPlaintext"), true);
    ASSERT_NO_FATAL_FAILURE(storeToken(account, oauthToken(QStringLiteral("carol"))));
    ImapProvider& p = provider(account);
    OutgoingMessage out;
    out.clientId = QStringLiteral("nomech-") + uniqueMarker();
    out.to = {Participant{TestEnv::get().address(QStringLiteral("carol")), {}, {}}};
    out.subject = QStringLiteral("Never sent");
    out.text = QStringLiteral("no XOAUTH2 here");
    auto sent = await(p.send(out), kRefusalBoundMs);
    ASSERT_TRUE(sent.has_value());
    ASSERT_FALSE(sent->ok());
    EXPECT_EQ(sent->error().kind, ErrorKind::Invalid) << sent->error().describe().toStdString();
    EXPECT_EQ(sent->error().code, QStringLiteral("xoauth2_unsupported"));
    EXPECT_TRUE(sent->error().message.contains(QStringLiteral("XOAUTH2")));
    EXPECT_NE(p.status().state, ConnectionState::NeedsSignIn);
}

} // namespace

} // namespace tributary::test
