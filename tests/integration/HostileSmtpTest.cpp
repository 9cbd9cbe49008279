// A hostile SMTP server against the real submission path (ImapProvider::checkSending, which
// signs in through vmime as sending does): vmime reads SMTP replies itself, a line at a time,
// so only the byte budget of its socket (VmimeGuards.h) keeps a server that never stops
// talking from filling memory. Each case: no crash, growth <= 64 MB, a clear error, and the
// same account signing in once the server behaves.

#include "Await.h"
#include "ProcessMemory.h"
#include "ScriptedImapServer.h"
#include "ScriptedSmtpServer.h"
#include "accounts/MemorySecretSource.h"
#include "imap/ImapProvider.h"

#include <gtest/gtest.h>
#include <iostream>

namespace tributary::test {

namespace {

class HostileSmtp : public ::testing::Test {
protected:
    void SetUp() override {
        m_provider = std::make_unique<ImapProvider>(
            m_imap.account(QStringLiteral("hostile-imap"), m_smtp.port()), ProviderContext{&m_secrets});
    }

    Result<void> checkSending() {
        auto r = await(m_provider->checkSending(), 60000);
        if (!r)
            return ProviderError::network(QStringLiteral("the check did not finish"), QStringLiteral("test"));
        return *r;
    }

    void runCase(const std::string& name, const QByteArray& verb, ScriptedSmtpServer::Handler handler,
                 const QString& expectedCode) {
        ASSERT_TRUE(checkSending().ok()) << "the well-behaved server first";
        m_smtp.on(verb, std::move(handler));
        PeakMemoryProbe probe;
        const Result<void> r = checkSending();
        const double growth = probe.growthMb();
        EXPECT_LE(growth, 64.0);
        ASSERT_FALSE(r.ok()) << name;
        EXPECT_EQ(r.error().code, expectedCode) << r.error().describe().toStdString();
        EXPECT_TRUE(r.error().message.contains(QStringLiteral("127.0.0.1:%1").arg(m_smtp.port())))
            << r.error().message.toStdString();
        std::cout << "hostile-case | " << name << " | " << QString::number(growth, 'f', 1).toStdString()
                  << " MB | " << r.error().message.toStdString() << std::endl;
        m_smtp.behave();
        const Result<void> again = checkSending();
        EXPECT_TRUE(again.ok()) << (again.ok() ? "" : again.error().describe().toStdString());
    }

    ScriptedImapServer m_imap{1};
    ScriptedSmtpServer m_smtp;
    MemorySecretSource m_secrets{QStringLiteral("hostile-imap"), SecretKind::Password, "secret"};
    std::unique_ptr<ImapProvider> m_provider;
};

} // namespace

TEST_F(HostileSmtp, EndlessGreetingLineIsCut) {
    runCase(
        "SMTP: endless greeting line", "GREETING",
        [](SmtpExchange& x) {
            x.send("220 ");
            x.connection.stream(QByteArray(64 * 1024, 'G'));
        },
        QStringLiteral("oversized_response"));
}

TEST_F(HostileSmtp, EndlessMultilineEhloReplyIsCut) {
    // Every line ends, none is the last one: vmime keeps collecting them.
    runCase(
        "SMTP: endless multi-line EHLO reply", "EHLO",
        [](SmtpExchange& x) {
            QByteArray line = "250-";
            line += QByteArray(1000, 'E');
            line += "\r\n";
            QByteArray lines;
            for (int i = 0; i < 64; ++i)
                lines += line;
            x.connection.stream(lines);
        },
        QStringLiteral("oversized_response"));
}

TEST_F(HostileSmtp, GarbageInsteadOfAReplyIsAnError) {
    ASSERT_TRUE(checkSending().ok());
    m_smtp.on("EHLO", [](SmtpExchange& x) { x.send("\x01\x7f\xfe garbage\r\n"); });
    const Result<void> r = checkSending();
    ASSERT_FALSE(r.ok());
    std::cout << "hostile-case | SMTP: garbage instead of a reply | 0.0 MB | "
              << r.error().message.toStdString() << std::endl;
    m_smtp.behave();
    EXPECT_TRUE(checkSending().ok());
}

} // namespace tributary::test
