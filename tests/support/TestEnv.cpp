#include "TestEnv.h"

#include "Await.h"

#include <QDir>
#include <QDirIterator>

namespace tributary::test {

namespace {
QString env(const char* name, const char* fallback = "") {
    const QString v = qEnvironmentVariable(name);
    return v.isEmpty() ? QString::fromLatin1(fallback) : v;
}
} // namespace

const TestEnv& TestEnv::get() {
    static const TestEnv e = [] {
        TestEnv t;
        t.host = env("TRIBUTARY_TEST_HOST", "127.0.0.1");
        t.imapPort = env("TRIBUTARY_TEST_IMAP_PORT").toInt();
        t.imapsPort = env("TRIBUTARY_TEST_IMAPS_PORT").toInt();
        t.smtpPort = env("TRIBUTARY_TEST_SMTP_PORT").toInt();
        t.domain = env("TRIBUTARY_TEST_DOMAIN", "tributary.test");
        t.users = env("TRIBUTARY_TEST_USERS", "alice bob carol").split(QLatin1Char(' '), Qt::SkipEmptyParts);
        t.password = env("TRIBUTARY_TEST_PASSWORD");
        t.caCertPath = env("TRIBUTARY_TEST_CA_CERT");
        t.sharedFolder = env("TRIBUTARY_TEST_SHARED_FOLDER", "Public/Team");
        t.stateDir = env("TRIBUTARY_TEST_STATE_DIR");
        return t;
    }();
    return e;
}

bool TestEnv::waitForMailQueueEmpty(int timeoutMs) const {
    const QString queue = stateDir + QStringLiteral("/postfix-queue/");
    const auto queued = [&queue] {
        for (const char* dir : {"maildrop", "incoming", "active", "deferred", "hold"}) {
            QDirIterator it(queue + QLatin1String(dir), QDir::Files, QDirIterator::Subdirectories);
            if (it.hasNext())
                return true;
        }
        return false;
    };
    return waitUntil([&] { return !queued(); }, timeoutMs);
}

Account TestEnv::imapAccount(const QString& user, bool implicitTls) const {
    Account a;
    a.id = QStringLiteral("test-") + user;
    a.providerId = QStringLiteral("imap");
    a.displayName = address(user);
    a.settings = {
        {QStringLiteral("imapHost"), host},
        {QStringLiteral("imapPort"), implicitTls ? imapsPort : imapPort},
        {QStringLiteral("imapSecurity"), implicitTls ? QStringLiteral("tls") : QStringLiteral("starttls")},
        {QStringLiteral("smtpHost"), host},
        {QStringLiteral("smtpPort"), smtpPort},
        {QStringLiteral("smtpSecurity"), QStringLiteral("starttls")},
        {QStringLiteral("username"), address(user)},
        {QStringLiteral("emailAddress"), address(user)},
        {QStringLiteral("passwordEnv"), QStringLiteral("TRIBUTARY_TEST_PASSWORD")},
        {QStringLiteral("caCertificate"), caCertPath},
    };
    return a;
}

} // namespace tributary::test
