// Keeps `tributary-bench imap-sync` and `imap-fetch-floor` working (bench/imap-sync.sh
// records their figures in docs/PERFORMANCE.md): runs the built tool against a small
// generated folder of the local Dovecot and checks its JSON. Never a time threshold.

#include "TestEnv.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <gtest/gtest.h>

using tributary::test::TestEnv;

namespace {

constexpr int kMessages = 300;
const QString kUser = QStringLiteral("carol");

//! A folder no other test uses, so its message count is known.
QString smokeFolder() {
    return QStringLiteral("BenchSmoke");
}

struct ProcessRun {
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

ProcessRun runProcess(const QString& program, const QStringList& args, int timeoutMs = 120000,
                      const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program, args);
    ProcessRun r;
    r.finished = process.waitForFinished(timeoutMs);
    if (!r.finished) {
        process.kill();
        process.waitForFinished();
    }
    r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    r.out = process.readAllStandardOutput();
    r.err = process.readAllStandardError();
    return r;
}

class ImapSyncBenchTest : public ::testing::Test {
protected:
    void SetUp() override {
        TRIBUTARY_REQUIRE_SERVERS();
        // The test binary sits in <build>/tests, the tool in <build>/bench.
        m_bench = QDir::cleanPath(QCoreApplication::applicationDirPath() +
                                  QStringLiteral("/../bench/tributary-bench"));
        ASSERT_TRUE(QFile::exists(m_bench)) << "build tributary-bench first: " << m_bench.toStdString();
        ASSERT_FALSE(TestEnv::get().stateDir.isEmpty()) << "TRIBUTARY_TEST_STATE_DIR is not set";
        m_conf = qEnvironmentVariable("TRIBUTARY_TEST_DOVECOT_CONF");
        ASSERT_FALSE(m_conf.isEmpty()) << "TRIBUTARY_TEST_DOVECOT_CONF is not set";
        deleteFolder(); // a run that was killed may have left it behind
        generateFolder();
    }

    void TearDown() override {
        if (!m_conf.isEmpty())
            deleteFolder();
    }

    void deleteFolder() {
        // Fails harmlessly when the folder does not exist.
        runProcess(QStringLiteral("doveadm"),
                   {QStringLiteral("-c"), m_conf, QStringLiteral("mailbox"), QStringLiteral("delete"),
                    QStringLiteral("-s"), QStringLiteral("-u"), TestEnv::get().address(kUser),
                    smokeFolder()});
    }

    void generateFolder() {
        const QString script =
            QString::fromUtf8(QT_TESTCASE_SOURCEDIR) + QStringLiteral("/../tools/gen-mailbox.py");
        ASSERT_TRUE(QFile::exists(script)) << script.toStdString();
        const ProcessRun r = runProcess(QStringLiteral("python3"),
                                        {script, QStringLiteral("--state-dir"), TestEnv::get().stateDir,
                                         QStringLiteral("--user"), kUser, QStringLiteral("--count"),
                                         QString::number(kMessages), QStringLiteral("--folder"),
                                         smokeFolder(), QStringLiteral("--seed"), QStringLiteral("7")});
        ASSERT_TRUE(r.finished && r.exitCode == 0) << "gen-mailbox.py failed: " << r.err.toStdString();
    }

    //! Runs one bench command on carol's smoke folder over STARTTLS; its JSON line.
    QJsonObject bench(const QString& command) {
        const TestEnv& e = TestEnv::get();
        const ProcessRun r =
            runProcess(m_bench, {command, QStringLiteral("--host"), e.host, QStringLiteral("--port"),
                                 QString::number(e.imapPort), QStringLiteral("--starttls"),
                                 QStringLiteral("--ca-cert"), e.caCertPath, QStringLiteral("--user"),
                                 e.address(kUser), QStringLiteral("--password-env"),
                                 QStringLiteral("TRIBUTARY_TEST_PASSWORD"), QStringLiteral("--folder"),
                                 smokeFolder(), QStringLiteral("--page-size"), QStringLiteral("120")});
        EXPECT_TRUE(r.finished) << command.toStdString() << " did not finish";
        EXPECT_EQ(r.exitCode, 0) << command.toStdString() << ": " << r.err.toStdString();
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        EXPECT_EQ(lines.size(), 1) << "expected one JSON line: " << r.out.toStdString();
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(lines.value(0), &error);
        EXPECT_EQ(error.error, QJsonParseError::NoError) << r.out.toStdString();
        return doc.object();
    }

    QString m_bench;
    QString m_conf;
};

TEST_F(ImapSyncBenchTest, SyncThreadsEveryMessageOfTheFolder) {
    // Pages of 120 make the tool follow the provider's cursor across three pages.
    const QJsonObject json = bench(QStringLiteral("imap-sync"));
    EXPECT_EQ(json.value(QStringLiteral("messages")).toInt(), kMessages);
    EXPECT_GT(json.value(QStringLiteral("threads")).toInt(), 0);
    EXPECT_LE(json.value(QStringLiteral("threads")).toInt(), kMessages);
    EXPECT_EQ(json.value(QStringLiteral("pages")).toInt(), 3);
    EXPECT_GT(json.value(QStringLiteral("seconds")).toDouble(), 0.0);
    EXPECT_TRUE(json.contains(QStringLiteral("peak_rss_mb")));
}

TEST_F(ImapSyncBenchTest, FetchFloorReadsTheWholeFolder) {
    const QJsonObject json = bench(QStringLiteral("imap-fetch-floor"));
    EXPECT_EQ(json.value(QStringLiteral("messages")).toInt(), kMessages);
    // Every message's FETCH response carries at least its ENVELOPE and BODYSTRUCTURE.
    EXPECT_GT(json.value(QStringLiteral("bytes")).toDouble(), kMessages * 200.0);
    EXPECT_GT(json.value(QStringLiteral("seconds")).toDouble(), 0.0);
}

} // namespace
