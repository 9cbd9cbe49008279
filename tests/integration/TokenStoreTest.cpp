// TokenStore against a real gnome-keyring in the private D-Bus session tools/test
// starts. The failure modes (no D-Bus, a dead bus, a locked or missing keyring) run in
// child processes of this binary with their own environment, because QtKeychain
// picks its backend and GLib its bus once per process.

#include "auth/TokenStore.h"

#include "Await.h"
#include "Peers.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUuid>
#include <QtConcurrent>
#include <gtest/gtest.h>
#include <vector>

using namespace std::chrono_literals;

namespace tributary {
namespace {

constexpr char kChildModeVariable[] = "TRIBUTARY_TOKENSTORE_CHILD";
//! The child-process hang detector: generous, it measures no speed.
constexpr int kChildBoundMs = 30000;

QString uniqueAccount() {
    return QStringLiteral("test-") + QUuid::createUuid().toString(QUuid::Id128).left(12);
}

TokenStore::Options testOptions() {
    TokenStore::Options options;
    options.service = QStringLiteral("TributaryTest");
    return options;
}

template <typename T>
Result<T> awaitResult(QFuture<Result<T>> future, int timeoutMs = 20000) {
    auto r = test::await(future, timeoutMs);
    if (!r)
        return ProviderError::protocol(QStringLiteral("the keyring call did not finish"),
                                       QStringLiteral("test_timeout"));
    return *r;
}

std::string describe(const ProviderError& e) {
    return e.describe().toStdString();
}

class TokenStoreTest : public ::testing::Test {
protected:
    void SetUp() override { TRIBUTARY_REQUIRE_KEYRING(); }
    void TearDown() override {
        for (const QString& account : m_accounts)
            (void)awaitResult(m_store.removeAccount(account));
    }
    QString account() {
        m_accounts.append(uniqueAccount());
        return m_accounts.last();
    }

    TokenStore m_store{testOptions(), nullptr};
    QStringList m_accounts;
};

TEST_F(TokenStoreTest, WriteReadOverwriteDelete) {
    const QString acc = account();
    auto w1 = awaitResult(m_store.writeSecret(acc, SecretKind::Password, "first secret"));
    ASSERT_TRUE(w1.ok()) << describe(w1.error());
    auto r1 = awaitResult(m_store.readSecret(acc, SecretKind::Password));
    ASSERT_TRUE(r1.ok()) << describe(r1.error());
    EXPECT_EQ(r1.value(), QByteArray("first secret"));

    ASSERT_TRUE(awaitResult(m_store.writeSecret(acc, SecretKind::Password, "second")).ok());
    auto r2 = awaitResult(m_store.readSecret(acc, SecretKind::Password));
    ASSERT_TRUE(r2.ok());
    EXPECT_EQ(r2.value(), QByteArray("second"));

    auto removed = awaitResult(m_store.remove(acc, SecretKind::Password));
    ASSERT_TRUE(removed.ok()) << describe(removed.error());
    auto r3 = awaitResult(m_store.readSecret(acc, SecretKind::Password));
    ASSERT_FALSE(r3.ok());
    EXPECT_EQ(r3.error().kind, ErrorKind::Auth);
    EXPECT_EQ(r3.error().code, KeychainErrorCode::SecretMissing);
    EXPECT_FALSE(r3.error().message.isEmpty());

    auto again = awaitResult(m_store.remove(acc, SecretKind::Password));
    EXPECT_TRUE(again.ok()) << "deleting a missing secret succeeds";
}

TEST_F(TokenStoreTest, StoredUnderServiceTributaryAndAccountSlashKind) {
    TokenStore store; // the production defaults
    const QString acc = account();
    ASSERT_TRUE(awaitResult(store.writeSecret(acc, SecretKind::AccessToken, "tok")).ok());

    // Look it up the way any Secret Service client would: QtKeychain's attributes.
    qDBusRegisterMetaType<QMap<QString, QString>>();
    QDBusMessage search = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
        QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("SearchItems"));
    search << QVariant::fromValue(
        QMap<QString, QString>{{QStringLiteral("user"), acc + QStringLiteral("/access_token")},
                               {QStringLiteral("server"), QStringLiteral("Tributary")}});
    const QDBusMessage reply = QDBusConnection::sessionBus().call(search, QDBus::Block, 10000);
    ASSERT_EQ(reply.type(), QDBusMessage::ReplyMessage) << reply.errorMessage().toStdString();
    const auto unlocked = qdbus_cast<QList<QDBusObjectPath>>(reply.arguments().at(0));
    EXPECT_EQ(unlocked.size(), 1);

    ASSERT_TRUE(awaitResult(store.removeAccount(acc)).ok());
}

TEST_F(TokenStoreTest, SixteenKilobyteTokenRoundTripsByteExact) {
    const QString acc = account();
    QByteArray token(16 * 1024, Qt::Uninitialized);
    QRandomGenerator generator(20240501);
    for (char& c : token)
        c = static_cast<char>(generator.bounded(256));
    ASSERT_TRUE(awaitResult(m_store.writeSecret(acc, SecretKind::AccessToken, token)).ok());
    auto r = awaitResult(m_store.readSecret(acc, SecretKind::AccessToken));
    ASSERT_TRUE(r.ok()) << describe(r.error());
    EXPECT_EQ(r.value().size(), token.size());
    EXPECT_TRUE(r.value() == token);
}

TEST_F(TokenStoreTest, BinarySafe) {
    const QString acc = account();
    QByteArray bytes;
    for (int i = 0; i < 256; ++i)
        bytes.append(static_cast<char>(i));
    bytes.append("\0\0\xff\xfe not utf-8 \xc3\x28", 16); // NULs and invalid UTF-8
    ASSERT_TRUE(awaitResult(m_store.writeSecret(acc, SecretKind::RefreshToken, bytes)).ok());
    auto r = awaitResult(m_store.readSecret(acc, SecretKind::RefreshToken));
    ASSERT_TRUE(r.ok()) << describe(r.error());
    EXPECT_TRUE(r.value() == bytes);
}

TEST_F(TokenStoreTest, TwentyConcurrentRequestsAllCompleteInOrder) {
    const QString acc = account();
    QObject context;
    std::vector<int> completed;
    std::vector<QFuture<void>> chains;
    std::vector<QFuture<Result<QByteArray>>> reads;
    // Interleaved writes and reads of ten keys, issued without waiting: strictly
    // serialized, every read sees the write issued just before it.
    for (int i = 0; i < 10; ++i) {
        const QString kind = QStringLiteral("kind%1").arg(i);
        const QByteArray value = "value-" + QByteArray::number(i);
        chains.push_back(
            m_store.writeSecret(acc, kind, value).then(&context, [&completed, i](Result<void> r) {
                EXPECT_TRUE(r.ok());
                completed.push_back(2 * i);
            }));
        QFuture<Result<QByteArray>> read = m_store.readSecret(acc, kind);
        reads.push_back(read);
        chains.push_back(
            read.then(&context, [&completed, i](Result<QByteArray>) { completed.push_back(2 * i + 1); }));
    }
    ASSERT_TRUE(test::waitUntil([&] { return completed.size() == 20; }, 60000))
        << completed.size() << " of 20 completed";
    std::vector<int> expected(20);
    for (int i = 0; i < 20; ++i)
        expected[static_cast<size_t>(i)] = i;
    EXPECT_EQ(completed, expected);
    for (int i = 0; i < 10; ++i) {
        const Result<QByteArray> r = reads[static_cast<size_t>(i)].result();
        ASSERT_TRUE(r.ok()) << describe(r.error());
        EXPECT_EQ(r.value(), "value-" + QByteArray::number(i));
    }
    QStringList kinds;
    for (int i = 0; i < 10; ++i)
        kinds << QStringLiteral("kind%1").arg(i);
    EXPECT_TRUE(awaitResult(m_store.removeAccount(acc, kinds)).ok());
}

TEST_F(TokenStoreTest, TwoAccountsAreIsolated) {
    const QString a = account();
    const QString b = account();
    ASSERT_TRUE(awaitResult(m_store.writeSecret(a, SecretKind::Password, "alpha")).ok());
    ASSERT_TRUE(awaitResult(m_store.writeSecret(b, SecretKind::Password, "bravo")).ok());
    ASSERT_TRUE(awaitResult(m_store.writeSecret(a, SecretKind::AccessToken, "alpha-token")).ok());
    EXPECT_EQ(awaitResult(m_store.readSecret(a, SecretKind::Password)).valueOr({}), QByteArray("alpha"));
    EXPECT_EQ(awaitResult(m_store.readSecret(b, SecretKind::Password)).valueOr({}), QByteArray("bravo"));

    auto missing = awaitResult(m_store.readSecret(b, SecretKind::AccessToken));
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, KeychainErrorCode::SecretMissing);

    ASSERT_TRUE(awaitResult(m_store.removeAccount(a)).ok());
    EXPECT_EQ(awaitResult(m_store.readSecret(a, SecretKind::Password)).error().code,
              KeychainErrorCode::SecretMissing);
    EXPECT_EQ(awaitResult(m_store.readSecret(a, SecretKind::AccessToken)).error().code,
              KeychainErrorCode::SecretMissing);
    EXPECT_EQ(awaitResult(m_store.readSecret(b, SecretKind::Password)).valueOr({}), QByteArray("bravo"));
}

TEST_F(TokenStoreTest, CallsFromAnotherThreadAreServed) {
    const QString acc = account();
    ASSERT_TRUE(awaitResult(m_store.writeSecret(acc, SecretKind::AppToken, "from-main")).ok());
    // A worker thread (an IMAP sync worker, say) asks; the store answers from its own thread.
    QFuture<QFuture<Result<QByteArray>>> outer =
        QtConcurrent::run([this, acc] { return m_store.readSecret(acc, SecretKind::AppToken); });
    ASSERT_TRUE(test::waitUntil([&] { return outer.isFinished(); }));
    auto r = awaitResult(outer.result());
    ASSERT_TRUE(r.ok()) << describe(r.error());
    EXPECT_EQ(r.value(), QByteArray("from-main"));
}

// ---- Failure modes, each in a child process with its own environment ----

struct ChildRun {
    bool finished = false;
    int exitCode = -1;
    qint64 elapsedMs = 0;
    QString output;
};

//! Runs one TokenStoreChild test of this binary, optionally through a shell wrapper
//! (`program args... -- <this binary> --gtest_filter=...` is appended as "$@").
ChildRun runChild(const QString& test, const QString& mode, QProcessEnvironment env,
                  const QStringList& wrapper = {}) {
    env.insert(QString::fromLatin1(kChildModeVariable), mode);
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    QStringList command = wrapper;
    command << QCoreApplication::applicationFilePath()
            << QStringLiteral("--gtest_filter=TokenStoreChild.") + test;
    QElapsedTimer timer;
    timer.start();
    process.start(command.takeFirst(), command);
    ChildRun run;
    run.finished = process.waitForFinished(kChildBoundMs);
    run.elapsedMs = timer.elapsed();
    if (!run.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.output = QString::fromLocal8Bit(process.readAll());
    return run;
}

void expectChildPassed(const ChildRun& run, const QString& test) {
    ASSERT_TRUE(run.finished) << "the child hung for " << run.elapsedMs << " ms:\n"
                              << run.output.toStdString();
    EXPECT_EQ(run.exitCode, 0) << run.output.toStdString();
    EXPECT_TRUE(run.output.contains(QStringLiteral("[       OK ] TokenStoreChild.") + test))
        << "the child test did not run:\n"
        << run.output.toStdString();
}

//! An environment without any way to reach a session bus.
QProcessEnvironment withoutBus(const QString& runtimeDir) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir);
    return env;
}

TEST(TokenStoreFailure, WithoutDbusFailsFastWithNoDbusSession) {
    QTemporaryDir runtime;
    ASSERT_TRUE(runtime.isValid());
    const ChildRun run = runChild(QStringLiteral("ReportsNoDbusSession"), QStringLiteral("no-dbus"),
                                  withoutBus(runtime.path()));
    expectChildPassed(run, QStringLiteral("ReportsNoDbusSession"));
}

TEST(TokenStoreFailure, DeadBusAddressIsReportedAsNoDbusSession) {
    QTemporaryDir runtime;
    ASSERT_TRUE(runtime.isValid());
    QProcessEnvironment env = withoutBus(runtime.path());
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
               QStringLiteral("unix:path=") + runtime.filePath(QStringLiteral("no-bus-here")));
    const ChildRun run = runChild(QStringLiteral("ReportsNoDbusSession"), QStringLiteral("dead-bus"), env);
    expectChildPassed(run, QStringLiteral("ReportsNoDbusSession"));
}

//! A private D-Bus session with gnome-keyring in a private HOME, for the locked cases.
class PrivateKeyring {
public:
    static bool available(QString* why) {
        for (const char* tool : {"dbus-run-session", "gnome-keyring-daemon", "sh"}) {
            if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty()) {
                *why = QStringLiteral("%1 is not installed").arg(QString::fromLatin1(tool));
                return false;
            }
        }
        return true;
    }

    PrivateKeyring() {
        QDir(m_home.path()).mkpath(QStringLiteral("run"));
        QFile::setPermissions(runtimeDir(),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }

    bool isValid() const { return m_home.isValid(); }
    QString runtimeDir() const { return m_home.filePath(QStringLiteral("run")); }

    //! Runs a child test in a fresh bus with the keyring daemon started, unlocked
    //! with `password` when given, else left locked (no display, so no prompt can appear).
    ChildRun run(const QString& test, const QString& mode, const QString& password = {}) const {
        QProcessEnvironment env = withoutBus(runtimeDir());
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("KEYRING_PASSWORD"), password);
        const QString script =
            password.isEmpty()
                ? QStringLiteral(
                      "gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1; exec \"$@\"")
                : QStringLiteral("printf %s \"$KEYRING_PASSWORD\" | gnome-keyring-daemon --unlock "
                                 "--components=secrets >/dev/null 2>&1; exec \"$@\"");
        return runChild(test, mode, env,
                        {QStringLiteral("dbus-run-session"), QStringLiteral("--"), QStringLiteral("sh"),
                         QStringLiteral("-c"), script, QStringLiteral("sh")});
    }

private:
    QTemporaryDir m_home;
};

TEST(TokenStoreFailure, LockedKeyringIsReportedAsLocked) {
    QString why;
    if (!PrivateKeyring::available(&why))
        TRIBUTARY_MISSING_PEER(why.toStdString());
    PrivateKeyring keyring;
    ASSERT_TRUE(keyring.isValid());
    // Create the login keyring with a secret in it, then come back without unlocking it.
    const ChildRun seed =
        keyring.run(QStringLiteral("SeedsKeyring"), QStringLiteral("seed"), QStringLiteral("pw"));
    expectChildPassed(seed, QStringLiteral("SeedsKeyring"));
    const ChildRun locked = keyring.run(QStringLiteral("ReportsLockedKeyring"), QStringLiteral("locked"));
    expectChildPassed(locked, QStringLiteral("ReportsLockedKeyring"));
}

TEST(TokenStoreFailure, KeyringWithoutCollectionIsReportedAsLocked) {
    QString why;
    if (!PrivateKeyring::available(&why))
        TRIBUTARY_MISSING_PEER(why.toStdString());
    PrivateKeyring keyring; // a fresh HOME: never unlocked, no login collection at all
    ASSERT_TRUE(keyring.isValid());
    const ChildRun run =
        keyring.run(QStringLiteral("ReportsMissingCollection"), QStringLiteral("no-collection"));
    expectChildPassed(run, QStringLiteral("ReportsMissingCollection"));
}

TEST(TokenStoreFailure, KeyringThatNeverAnswersTimesOutAndRecovers) {
    QString why;
    if (!PrivateKeyring::available(&why))
        TRIBUTARY_MISSING_PEER(why.toStdString());
    // A bus whose Secret Service "starts" but never answers: activation of a process
    // that only sleeps, until the bus gives up on it after 4 s. This is what a keyring
    // waiting on an unlock prompt looks like to a client.
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QDir(dir.path()).mkpath(QStringLiteral("services"));
    QDir(dir.path()).mkpath(QStringLiteral("run"));
    QFile service(dir.filePath(QStringLiteral("services/org.freedesktop.secrets.service")));
    ASSERT_TRUE(service.open(QIODevice::WriteOnly));
    service.write("[D-BUS Service]\nName=org.freedesktop.secrets\nExec=/bin/sleep 30\n");
    service.close();
    QFile config(dir.filePath(QStringLiteral("bus.conf")));
    ASSERT_TRUE(config.open(QIODevice::WriteOnly));
    config.write(
        QStringLiteral("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
                       "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                       "<busconfig><type>session</type><listen>unix:tmpdir=%1</listen>"
                       "<auth>EXTERNAL</auth><servicedir>%2</servicedir>"
                       "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
                       "<allow eavesdrop=\"true\"/><allow own=\"*\"/>"
                       "</policy><limit name=\"service_start_timeout\">4000</limit></busconfig>\n")
            .arg(dir.filePath(QStringLiteral("run")), dir.filePath(QStringLiteral("services")))
            .toUtf8());
    config.close();
    QProcessEnvironment env = withoutBus(dir.filePath(QStringLiteral("run")));
    env.insert(QStringLiteral("HOME"), dir.path());
    const ChildRun run =
        runChild(QStringLiteral("TimesOutAndRecovers"), QStringLiteral("stalled"), env,
                 {QStringLiteral("dbus-run-session"), QStringLiteral("--config-file=") + config.fileName(),
                  QStringLiteral("--")});
    expectChildPassed(run, QStringLiteral("TimesOutAndRecovers"));
}

// ---- The child side: skipped unless started by the tests above ----

const QString kSeedAccount = QStringLiteral("locked-account");

bool isChild(const char* mode) {
    return qEnvironmentVariable(kChildModeVariable) == QLatin1String(mode);
}

#define TRIBUTARY_CHILD_ONLY(...)                                                                            \
    do {                                                                                                     \
        bool childMode = false;                                                                              \
        for (const char* m : {__VA_ARGS__})                                                                  \
            childMode = childMode || isChild(m);                                                             \
        if (!childMode)                                                                                      \
            GTEST_SKIP() << "runs only as a child process of TokenStoreFailure tests";                       \
    } while (0)

TEST(TokenStoreChild, ReportsNoDbusSession) {
    TRIBUTARY_CHILD_ONLY("no-dbus", "dead-bus");
    TokenStore store;
    const auto read =
        awaitResult(store.readSecret(QStringLiteral("acc"), SecretKind::Password), kChildBoundMs);
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().code, KeychainErrorCode::NoDbusSession) << describe(read.error());
    EXPECT_EQ(read.error().kind, ErrorKind::Storage);
    EXPECT_EQ(
        read.error().message,
        QStringLiteral("Tributary could not reach the system keyring (no D-Bus session). Start a desktop "
                       "session or run under dbus-run-session."));
    const auto write =
        awaitResult(store.writeSecret(QStringLiteral("acc"), SecretKind::Password, "x"), kChildBoundMs);
    ASSERT_FALSE(write.ok());
    EXPECT_EQ(write.error().code, KeychainErrorCode::NoDbusSession) << describe(write.error());
}

TEST(TokenStoreChild, SeedsKeyring) {
    TRIBUTARY_CHILD_ONLY("seed");
    TokenStore store;
    const auto w = awaitResult(store.writeSecret(kSeedAccount, SecretKind::Password, "kept"), kChildBoundMs);
    ASSERT_TRUE(w.ok()) << describe(w.error());
    ASSERT_EQ(awaitResult(store.readSecret(kSeedAccount, SecretKind::Password), kChildBoundMs).valueOr({}),
              QByteArray("kept"));
}

void expectLocked(const Result<QByteArray>& r) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, KeychainErrorCode::KeyringLocked) << describe(r.error());
    EXPECT_EQ(r.error().kind, ErrorKind::Storage);
    EXPECT_EQ(r.error().message, QStringLiteral("The keyring is locked. Unlock it (for example by logging in "
                                                "to your desktop) and try again."));
}

void expectLocked(const Result<void>& r) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, KeychainErrorCode::KeyringLocked) << describe(r.error());
}

TEST(TokenStoreChild, ReportsLockedKeyring) {
    TRIBUTARY_CHILD_ONLY("locked");
    TokenStore store;
    // libsecret itself calls the locked secret "not found" and deletes nothing.
    expectLocked(awaitResult(store.readSecret(kSeedAccount, SecretKind::Password), kChildBoundMs));
    expectLocked(awaitResult(store.writeSecret(kSeedAccount, SecretKind::AccessToken, "new"), kChildBoundMs));
    expectLocked(awaitResult(store.remove(kSeedAccount, SecretKind::Password), kChildBoundMs));
    // A secret that was never stored is still just missing.
    const auto never =
        awaitResult(store.readSecret(QStringLiteral("other"), SecretKind::Password), kChildBoundMs);
    ASSERT_FALSE(never.ok());
    EXPECT_EQ(never.error().code, KeychainErrorCode::SecretMissing) << describe(never.error());
}

TEST(TokenStoreChild, ReportsMissingCollection) {
    TRIBUTARY_CHILD_ONLY("no-collection");
    TokenStore store;
    expectLocked(
        awaitResult(store.writeSecret(QStringLiteral("acc"), SecretKind::Password, "x"), kChildBoundMs));
}

TEST(TokenStoreChild, TimesOutAndRecovers) {
    TRIBUTARY_CHILD_ONLY("stalled");
    TokenStore::Options options = testOptions();
    options.timeout = 1000ms;
    TokenStore store(options, nullptr);
    int recovered = 0;
    QObject::connect(&store, &TokenStore::recovered, [&recovered] { ++recovered; });

    const auto first =
        awaitResult(store.readSecret(QStringLiteral("acc"), SecretKind::Password), kChildBoundMs);
    ASSERT_FALSE(first.ok());
    EXPECT_EQ(first.error().code, KeychainErrorCode::KeyringTimeout) << describe(first.error());
    EXPECT_EQ(first.error().kind, ErrorKind::Storage);
    EXPECT_TRUE(first.error().message.contains(QStringLiteral("locked")));

    // While the abandoned job is outstanding, calls fail fast instead of queueing behind it.
    const auto second =
        awaitResult(store.writeSecret(QStringLiteral("acc"), SecretKind::Password, "x"), kChildBoundMs);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, KeychainErrorCode::KeyringTimeout) << describe(second.error());
    EXPECT_EQ(recovered, 0);

    // The bus gives up on the activation; the stalled job ends and the store says so.
    EXPECT_TRUE(test::waitUntil([&] { return recovered == 1; }, kChildBoundMs - 5000));
}

} // namespace
} // namespace tributary
