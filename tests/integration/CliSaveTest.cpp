// tributary-cli save with attachment names a hostile sender chose: never a dotfile, never
// outside the folder, never over an existing file unless --force.

#include "ImapTestSupport.h"
#include "model/Json.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <gtest/gtest.h>

using namespace tributary;
using tributary::test::TestEnv;

namespace {

struct CliRun {
    int exitCode = -1;
    QString out;
    QString err;
};

QByteArray part(const QByteArray& disposition, const QByteArray& body) {
    return "--b1\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; " +
           disposition + "\r\nContent-Transfer-Encoding: 7bit\r\n\r\n" + body + "\r\n";
}

class CliSaveTest : public ::testing::Test {
protected:
    void SetUp() override {
        TRIBUTARY_REQUIRE_SERVERS();
        ASSERT_TRUE(m_dir.isValid());
        m_binary =
            QDir::cleanPath(QCoreApplication::applicationDirPath() + QStringLiteral("/../app/tributary-cli"));
        ASSERT_TRUE(QFile::exists(m_binary)) << "build tributary-cli first: " << m_binary.toStdString();
        m_accounts = m_dir.filePath(QStringLiteral("accounts.json"));
        QFile file(m_accounts);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(
            QJsonDocument(
                QJsonObject{{QStringLiteral("accounts"),
                             QJsonArray{json::toJson(TestEnv::get().imapAccount(QStringLiteral("carol")))}}})
                .toJson());
    }

    CliRun run(const QStringList& args) {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TRIBUTARY_TEST_PASSWORD"), TestEnv::get().password);
        process.setProcessEnvironment(env);
        process.start(m_binary, QStringList{QStringLiteral("--accounts"), m_accounts} + args);
        CliRun r;
        if (!process.waitForFinished(120000)) {
            process.kill();
            process.waitForFinished();
            r.err = QStringLiteral("tributary-cli did not finish");
            return r;
        }
        r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        r.out = QString::fromUtf8(process.readAllStandardOutput());
        r.err = QString::fromUtf8(process.readAllStandardError());
        return r;
    }

    static QByteArray readFile(const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("(missing)");
    }

    QTemporaryDir m_dir;
    QString m_binary;
    QString m_accounts;
};

} // namespace

TEST_F(CliSaveTest, HostileAttachmentNamesBecomeSafeFilesAndNothingIsOverwritten) {
    const QString marker = test::uniqueMarker();
    const QByteArray to = TestEnv::get().address(QStringLiteral("carol")).toUtf8();
    const QByteArray raw = "From: Mallory <mallory@example.net>\r\nTo: " + to +
                           "\r\nSubject: " + marker.toUtf8() + "\r\nMessage-ID: <" + marker.toUtf8() +
                           "@example.net>\r\nDate: Mon, 4 Mar 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                           "Content-Type: multipart/mixed; boundary=b1\r\n\r\n"
                           "--b1\r\nContent-Type: text/plain\r\n\r\nFiles.\r\n" +
                           part("filename=\".bashrc\"", "rc") + part("filename=\"../../evil.sh\"", "sh") +
                           part("filename=\"<b>x</b>.pdf\"", "pdf") +
                           part("filename*=UTF-8''bad%0D%0Aname.txt", "crlf") +
                           part("filename=\"CON.txt\"", "con") + "--b1--\r\n";
    ASSERT_TRUE(test::deliverRaw(QStringLiteral("carol"), raw));

    // Find it and its attachment ids.
    QJsonObject message;
    ASSERT_TRUE(test::waitUntil(
        [&] {
            const CliRun listed = run({QStringLiteral("list"), QStringLiteral("--json")});
            for (const QJsonValue& v : QJsonDocument::fromJson(listed.out.toUtf8())
                                           .object()
                                           .value(QStringLiteral("messages"))
                                           .toArray())
                if (v.toObject().value(QStringLiteral("subject")).toString() == marker)
                    message = v.toObject();
            return !message.isEmpty();
        },
        30000));
    const QString id = message.value(QStringLiteral("id")).toString();
    const CliRun shown = run({QStringLiteral("show"), id, QStringLiteral("--json")});
    ASSERT_EQ(shown.exitCode, 0) << shown.err.toStdString();
    const Message full = json::messageFromJson(QJsonDocument::fromJson(shown.out.toUtf8()).object());
    ASSERT_EQ(full.attachments.size(), 5) << shown.out.toStdString();

    // The human listing shows every name as text: the CR/LF one as '?'.
    const CliRun human = run({QStringLiteral("show"), id});
    ASSERT_EQ(human.exitCode, 0) << human.err.toStdString();
    EXPECT_TRUE(human.out.contains(QStringLiteral("bad??name.txt"))) << human.out.toStdString();
    EXPECT_TRUE(human.out.contains(QStringLiteral("<b>x</b>.pdf")));

    const QString folder = m_dir.filePath(QStringLiteral("saved"));
    ASSERT_TRUE(QDir().mkpath(folder));
    const QStringList expected{QStringLiteral("bashrc"), QStringLiteral("evil.sh"), QStringLiteral("b_.pdf"),
                               QStringLiteral("badname.txt"), QStringLiteral("_CON.txt")};
    for (const Attachment& a : full.attachments) {
        const CliRun saved = run({QStringLiteral("save"), id, a.id, QStringLiteral("--output"), folder});
        EXPECT_EQ(saved.exitCode, 0) << a.fileName.toStdString() << ": " << saved.err.toStdString();
    }
    QStringList written = QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::System);
    written.sort();
    QStringList sortedExpected = expected;
    sortedExpected.sort();
    EXPECT_EQ(written, sortedExpected) << "no dotfile, nothing outside the folder";
    EXPECT_FALSE(QFile::exists(m_dir.filePath(QStringLiteral("evil.sh"))));
    EXPECT_EQ(readFile(QDir(folder).filePath(QStringLiteral("bashrc"))), QByteArray("rc"));

    // Again: the file exists now, and is not replaced without --force.
    const QString bashrc = QDir(folder).filePath(QStringLiteral("bashrc"));
    {
        QFile f(bashrc);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("mine");
    }
    const Attachment& first = full.attachments.first();
    const CliRun again = run({QStringLiteral("save"), id, first.id, QStringLiteral("--output"), folder});
    EXPECT_EQ(again.exitCode, 1);
    EXPECT_TRUE(again.err.contains(QStringLiteral("already exists"))) << again.err.toStdString();
    EXPECT_TRUE(again.err.contains(QStringLiteral("--force"))) << again.err.toStdString();
    EXPECT_EQ(readFile(bashrc), QByteArray("mine"));
    // An explicit --output FILE is protected the same way.
    const CliRun explicitFile =
        run({QStringLiteral("save"), id, first.id, QStringLiteral("--output"), bashrc});
    EXPECT_EQ(explicitFile.exitCode, 1) << explicitFile.err.toStdString();
    EXPECT_EQ(readFile(bashrc), QByteArray("mine"));

    const CliRun forced = run({QStringLiteral("save"), id, first.id, QStringLiteral("--output"), folder,
                               QStringLiteral("--force")});
    EXPECT_EQ(forced.exitCode, 0) << forced.err.toStdString();
    EXPECT_EQ(readFile(bashrc), QByteArray("rc"));
}
