// The built tributary-cli and tributary, seen from outside by the kernel: no core file
// (RLIMIT_CORE 0 in /proc/<pid>/limits) and not dumpable (the kernel then gives the
// process's /proc/<pid>/status to root instead of to the user it runs as, so the test
// runs them as another user than root when it is root itself). No mail server is needed: the
// CLI waits on a silent local port, the app on its first-run window.

#include "Await.h"
#include "TestEnv.h"
#include "model/Json.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
#include <grp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace tributary;

namespace {

constexpr uid_t kNobody = 65534;

QString builtBinary(const QString& relative) {
    // The test binary sits in <build>/tests.
    return QDir::cleanPath(QCoreApplication::applicationDirPath() + QStringLiteral("/../") + relative);
}

QByteArray coreLimitLine(qint64 pid) {
    QFile limits(QStringLiteral("/proc/%1/limits").arg(pid));
    if (!limits.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray& line : limits.readAll().split('\n')) {
        if (line.startsWith("Max core file size"))
            return line.simplified();
    }
    return {};
}

//! The uid the kernel gives /proc/<pid>/status: the process's own while it is dumpable,
//! root's when it is not (task_dump_owner(); the /proc/<pid> directory itself always shows
//! the process's uid). -1 if it is gone.
long procOwner(qint64 pid) {
    struct stat st {};
    if (::stat(QStringLiteral("/proc/%1/status").arg(pid).toLocal8Bit().constData(), &st) != 0)
        return -1;
    return long(st.st_uid);
}

//! Who the child runs as: ourselves, or nobody when we are root (as root, dumpable or
//! not, /proc/<pid> belongs to root and tells nothing).
uid_t childUid() {
    return ::getuid() == 0 ? kNobody : ::getuid();
}

void runAsChildUser(QProcess& process) {
    if (::getuid() != 0)
        return;
    process.setChildProcessModifier([] {
        // Only system calls between fork and exec; on failure the exec fails and the test says so.
        if (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0)
            ::_exit(127);
    });
}

//! A directory the child user can use as its home and profile.
struct ChildHome {
    ChildHome() {
        EXPECT_TRUE(dir.isValid());
        QFile::setPermissions(dir.path(),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                  QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                                  QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther);
    }
    QProcessEnvironment environment() const {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* name :
             {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"})
            env.insert(QString::fromLatin1(name), dir.path());
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS")); // the test bus is root's
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        return env;
    }
    QTemporaryDir dir;
};

//! Polls until the process shows the state it reaches once its main() ran (a generous
//! deadline: the dynamic loader and Qt start first).
void expectHardened(QProcess& process, const char* what) {
    const qint64 pid = process.processId();
    ASSERT_GT(pid, 0) << what << " did not start: " << process.errorString().toStdString();
    QDeadlineTimer deadline(30000);
    QByteArray limit;
    long owner = -2;
    while (!deadline.hasExpired() && process.state() == QProcess::Running) {
        limit = coreLimitLine(pid);
        owner = procOwner(pid);
        if (limit == "Max core file size 0 0 bytes" && owner == 0)
            break;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(5);
    }
    ASSERT_EQ(process.state(), QProcess::Running)
        << what << " exited early: " << process.readAllStandardError().toStdString();
    EXPECT_EQ(limit, QByteArray("Max core file size 0 0 bytes")) << what;
    EXPECT_EQ(owner, 0) << what << " is still dumpable: /proc/" << pid << "/status belongs to uid " << owner
                        << ", not root (it runs as " << childUid() << ")";
}

void stop(QProcess& process) {
    process.kill();
    process.waitForFinished(30000);
}

} // namespace

TEST(ProcessHardening, TheCliWritesNoCoreAndIsNotDumpable) {
    const QString cli = builtBinary(QStringLiteral("app/tributary-cli"));
    ASSERT_TRUE(QFile::exists(cli)) << "build tributary-cli first: " << cli.toStdString();
    // An IMAP server that accepts and never speaks: the CLI waits for its greeting.
    QTcpServer silent;
    ASSERT_TRUE(silent.listen(QHostAddress::LocalHost, 0));
    ChildHome home;
    Account account;
    account.id = QStringLiteral("hardening");
    account.providerId = QStringLiteral("imap");
    account.settings = {{QStringLiteral("imapHost"), QStringLiteral("127.0.0.1")},
                        {QStringLiteral("imapPort"), silent.serverPort()},
                        {QStringLiteral("imapSecurity"), QStringLiteral("tls")},
                        {QStringLiteral("emailAddress"), QStringLiteral("ann@example.org")},
                        {QStringLiteral("passwordEnv"), QStringLiteral("TRIBUTARY_HARDENING_PASSWORD")}};
    const QString accounts = home.dir.filePath(QStringLiteral("accounts.json"));
    {
        QFile file(accounts);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(QJsonObject{{QStringLiteral("accounts"), QJsonArray{json::toJson(account)}}})
                       .toJson());
    }
    QFile::setPermissions(accounts, QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);

    QProcess process;
    QProcessEnvironment env = home.environment();
    env.insert(QStringLiteral("TRIBUTARY_HARDENING_PASSWORD"), QStringLiteral("not-a-real-secret"));
    process.setProcessEnvironment(env);
    runAsChildUser(process);
    process.start(cli, {QStringLiteral("--accounts"), accounts, QStringLiteral("--timeout"),
                        QStringLiteral("120"), QStringLiteral("folders")});
    ASSERT_TRUE(process.waitForStarted(30000)) << process.errorString().toStdString();
    expectHardened(process, "tributary-cli");
    stop(process);
}

TEST(ProcessHardening, TheAppWritesNoCoreAndIsNotDumpable) {
    const QString app = builtBinary(QStringLiteral("app/tributary"));
    ASSERT_TRUE(QFile::exists(app)) << "build tributary first: " << app.toStdString();
    ChildHome home;
    QProcess process;
    process.setProcessEnvironment(home.environment());
    runAsChildUser(process);
    process.start(app, {}); // no account: it shows the first-run window and waits
    ASSERT_TRUE(process.waitForStarted(30000)) << process.errorString().toStdString();
    expectHardened(process, "tributary");
    stop(process);
}

TEST(ProcessHardening, TheCheckSeesAnOrdinaryProcessAsDumpable) {
    // The control: the same launch of a program that does not harden itself.
    ChildHome home;
    QProcess process;
    process.setProcessEnvironment(home.environment());
    runAsChildUser(process);
    process.start(QStringLiteral("/bin/sleep"), {QStringLiteral("120")});
    ASSERT_TRUE(process.waitForStarted(30000)) << process.errorString().toStdString();
    const qint64 pid = process.processId();
    long owner = -1;
    ASSERT_TRUE(tributary::test::waitUntil(
        [&] {
            owner = procOwner(pid);
            return owner == long(childUid());
        },
        30000))
        << "/proc/" << pid << "/status belongs to " << owner;
    EXPECT_NE(coreLimitLine(pid), QByteArray("Max core file size 0 0 bytes"))
        << "the test's own limit is not already 0, or the check would prove nothing";
    stop(process);
}
