// ConnectionTester against the local Dovecot and Postfix: a working account, a wrong
// password, a closed port, a name that cannot resolve, an untrusted certificate that the
// user then trusts, and the checks made before anything is sent.

#include "accounts/ConnectionTester.h"

#include "Await.h"
#include "ImapTestSupport.h"
#include "Providers.h"
#include "TestEnv.h"
#include "provider/ProviderRegistry.h"
#include "provider/SecretSource.h"

#include <QFile>
#include <QSignalSpy>
#include <QTcpServer>
#include <QUuid>
#include <gtest/gtest.h>

namespace tributary::test {

namespace {

//! A loopback port nothing listens on (bound, then released).
int closedPort() {
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const int port = server.serverPort();
    server.close();
    return port;
}

std::string describe(const ConnectionTestResult& r) {
    return QStringLiteral("outcome %1, side %2, endpoint %3, code %4: %5")
        .arg(int(r.outcome))
        .arg(int(r.side))
        .arg(r.endpoint, r.error.code, r.message)
        .toStdString();
}

class ConnectionTesterTest : public ::testing::Test {
protected:
    void SetUp() override {
        TRIBUTARY_REQUIRE_SERVERS();
        registerBuiltInProviders(m_registry);
    }

    //! alice's account as a person would type it: no password variable, a fresh id.
    Account account(bool implicitTls = false) const {
        Account a = TestEnv::get().imapAccount(QStringLiteral("alice"), implicitTls);
        a.id = QStringLiteral("tester-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
        a.settings.remove(QStringLiteral("passwordEnv"));
        return a;
    }

    ConnectionTestResult run(const Account& a, const QByteArray& secret) {
        ConnectionTester tester(m_registry);
        tester.setProbeTimeout(std::chrono::seconds(20));
        QSignalSpy finished(&tester, &ConnectionTester::finished);
        auto result = await(tester.test(a, secret), 60000);
        EXPECT_TRUE(result.has_value()) << "the test did not finish";
        EXPECT_EQ(finished.count(), 1);
        return result.value_or(ConnectionTestResult{});
    }

    QByteArray password() const { return TestEnv::get().password.toUtf8(); }

    ProviderRegistry m_registry;
};

} // namespace

TEST_F(ConnectionTesterTest, WorkingAccountSucceeds) {
    const ConnectionTestResult r = run(account(), password());
    ASSERT_EQ(r.outcome, ConnectionOutcome::Success) << describe(r);
    EXPECT_TRUE(r.ok());
    EXPECT_GT(r.channelCount, 0);
    EXPECT_TRUE(r.outgoingReachable);
    EXPECT_TRUE(r.outgoingSignedIn) << "the test signs in to Postfix too";
    EXPECT_EQ(r.outgoingEndpoint,
              QStringLiteral("%1:%2").arg(TestEnv::get().host).arg(TestEnv::get().smtpPort));
    EXPECT_EQ(r.endpoint, QStringLiteral("%1:%2").arg(TestEnv::get().host).arg(TestEnv::get().imapPort));
}

TEST_F(ConnectionTesterTest, WrongPasswordIsAuthenticationFailed) {
    const ConnectionTestResult r = run(account(), "not-the-password");
    EXPECT_EQ(r.outcome, ConnectionOutcome::AuthFailed) << describe(r);
    EXPECT_EQ(r.side, ConnectionSide::Incoming);
    EXPECT_FALSE(r.message.contains(QStringLiteral("not-the-password")));
}

TEST_F(ConnectionTesterTest, ClosedPortIsRefused) {
    const int port = closedPort();
    ASSERT_GT(port, 0);
    Account a = account();
    a.settings[QStringLiteral("imapPort")] = port;
    const ConnectionTestResult r = run(a, password());
    EXPECT_EQ(r.outcome, ConnectionOutcome::Refused) << describe(r);
    EXPECT_EQ(r.endpoint, QStringLiteral("%1:%2").arg(TestEnv::get().host).arg(port));
}

TEST_F(ConnectionTesterTest, ClosedOutgoingPortIsRefusedAfterSigningIn) {
    const int port = closedPort();
    ASSERT_GT(port, 0);
    Account a = account();
    a.settings[QStringLiteral("smtpPort")] = port;
    const ConnectionTestResult r = run(a, password());
    EXPECT_EQ(r.outcome, ConnectionOutcome::Refused) << describe(r);
    EXPECT_EQ(r.side, ConnectionSide::Outgoing);
    EXPECT_EQ(r.endpoint, QStringLiteral("%1:%2").arg(TestEnv::get().host).arg(port));
    EXPECT_GT(r.channelCount, 0); // the incoming side worked
}

TEST_F(ConnectionTesterTest, WrongOutgoingSecurityIsATlsFailureOfTheOutgoingSide) {
    // Implicit TLS against the STARTTLS submission port: signing in for sending fails,
    // and the result says it is about the outgoing server.
    Account a = account();
    a.settings[QStringLiteral("smtpSecurity")] = QStringLiteral("tls");
    const ConnectionTestResult r = run(a, password());
    EXPECT_FALSE(r.ok()) << describe(r);
    EXPECT_EQ(r.side, ConnectionSide::Outgoing) << describe(r);
    EXPECT_TRUE(r.outcome == ConnectionOutcome::TlsFailed || r.outcome == ConnectionOutcome::TimedOut)
        << describe(r);
    EXPECT_EQ(r.endpoint, QStringLiteral("%1:%2").arg(TestEnv::get().host).arg(TestEnv::get().smtpPort));
    EXPECT_FALSE(r.outgoingSignedIn);
    EXPECT_GT(r.channelCount, 0); // the incoming side worked
}

TEST_F(ConnectionTesterTest, UnresolvableNameIsDns) {
    // .invalid never resolves (RFC 6761); only the local resolver is asked.
    Account a = account();
    a.settings[QStringLiteral("imapHost")] = QStringLiteral("nonexistent.invalid");
    a.settings[QStringLiteral("smtpHost")] = QStringLiteral("nonexistent.invalid");
    const ConnectionTestResult r = run(a, password());
    // Without a working resolver the lookup fails rather than answering "no such name".
    EXPECT_TRUE(r.outcome == ConnectionOutcome::DnsNotFound || r.outcome == ConnectionOutcome::Unreachable)
        << describe(r);
    if (r.outcome != ConnectionOutcome::DnsNotFound)
        std::cerr << "note: the resolver did not answer, so DNS could not be told apart: " << describe(r)
                  << "\n";
    EXPECT_TRUE(r.endpoint.startsWith(QStringLiteral("nonexistent.invalid:"))) << describe(r);
}

TEST_F(ConnectionTesterTest, UntrustedCertificateThenTrusted) {
    Account a = account(true);
    a.settings.remove(QStringLiteral("caCertificate"));
    const ConnectionTestResult untrusted = run(a, password());
    ASSERT_EQ(untrusted.outcome, ConnectionOutcome::TlsUntrusted) << describe(untrusted);
    ASSERT_EQ(untrusted.fingerprint.size(), 64);
    // The test servers' certificate is self-signed: it is its own CA file.
    EXPECT_EQ(untrusted.fingerprint, pemFingerprint(TestEnv::get().caCertPath));
    EXPECT_EQ(untrusted.formattedFingerprint().size(), 95);
    EXPECT_EQ(untrusted.formattedFingerprint().count(QLatin1Char(':')), 31);

    a.settings[QStringLiteral("trustedCertSha256")] = untrusted.fingerprint;
    const ConnectionTestResult trusted = run(a, password());
    EXPECT_EQ(trusted.outcome, ConnectionOutcome::Success) << describe(trusted);
}

TEST_F(ConnectionTesterTest, NoPasswordAndPlaintextAreRefusedBeforeConnecting) {
    EXPECT_EQ(run(account(), QByteArray()).outcome, ConnectionOutcome::MissingSecret);

    Account a = account();
    a.settings[QStringLiteral("imapHost")] = QStringLiteral("mail.example.org");
    a.settings[QStringLiteral("imapSecurity")] = QStringLiteral("none");
    a.settings[QStringLiteral("allowPlaintext")] = true;
    const ConnectionTestResult r = run(a, password());
    EXPECT_EQ(r.outcome, ConnectionOutcome::PlaintextRefused) << describe(r);

    Account unknown = account();
    unknown.providerId = QStringLiteral("no-such-provider");
    EXPECT_EQ(run(unknown, password()).outcome, ConnectionOutcome::InvalidSettings);
}

TEST_F(ConnectionTesterTest, CancelledTestReportsNothing) {
    ConnectionTester tester(m_registry);
    QSignalSpy finished(&tester, &ConnectionTester::finished);
    QFuture<ConnectionTestResult> first = tester.test(account(), password());
    EXPECT_TRUE(tester.isRunning());
    // A second test replaces the first, as when the user changes a setting and tests again.
    auto second = await(tester.test(account(), password()), 60000);
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->outcome, ConnectionOutcome::Success) << describe(*second);
    EXPECT_TRUE(first.isCanceled());
    EXPECT_TRUE(waitUntil([&] { return !tester.isRunning(); }));
    EXPECT_EQ(finished.count(), 1);

    tester.test(account(), password());
    tester.cancel();
    EXPECT_FALSE(tester.isRunning());
    QCoreApplication::processEvents();
    EXPECT_EQ(finished.count(), 1);
}

} // namespace tributary::test
