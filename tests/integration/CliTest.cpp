// Runs the built tributary-cli against the local Dovecot + Postfix, the way a user or a
// script would: a process, an account file, a secret in the environment, exit codes.

#include "Await.h"
#include "ImapTestSupport.h"
#include "TestEnv.h"
#include "model/Json.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QUuid>
#include <gtest/gtest.h>

using namespace tributary;
using tributary::test::TestEnv;

namespace {

struct CliRun {
    int exitCode = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

class CliTest : public ::testing::Test {
protected:
    void SetUp() override {
        TRIBUTARY_REQUIRE_SERVERS();
        ASSERT_TRUE(m_dir.isValid());
        // The test binary sits in <build>/tests, the CLI in <build>/app.
        m_binary =
            QDir::cleanPath(QCoreApplication::applicationDirPath() + QStringLiteral("/../app/tributary-cli"));
        ASSERT_TRUE(QFile::exists(m_binary)) << "build tributary-cli first: " << m_binary.toStdString();
        m_accountsFile = writeAccounts({json::toJson(TestEnv::get().imapAccount(QStringLiteral("alice")))});
    }

    QString writeAccounts(const QJsonArray& accounts, const QString& name = QStringLiteral("accounts.json")) {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        EXPECT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(QJsonObject{{QStringLiteral("accounts"), accounts}}).toJson());
        return path;
    }

    CliRun run(QStringList args, const QString& password = TestEnv::get().password,
               const QString& accountsFile = {}) {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TRIBUTARY_TEST_PASSWORD"), password);
        process.setProcessEnvironment(env);
        args.prepend(accountsFile.isEmpty() ? m_accountsFile : accountsFile);
        args.prepend(QStringLiteral("--accounts"));
        process.start(m_binary, args);
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

    static QString marker() {
        return QStringLiteral("cli") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    }

    //! Polls `list --json` until a message with this subject shows up; returns its JSON.
    QJsonObject waitForSubject(const QString& subject) {
        QJsonObject found;
        test::waitUntil(
            [&] {
                const CliRun r = run({QStringLiteral("list"), QStringLiteral("--json"),
                                      QStringLiteral("--limit"), QStringLiteral("50")});
                for (const QJsonValue& v : r.json().value(QStringLiteral("messages")).toArray()) {
                    if (v.toObject().value(QStringLiteral("subject")).toString() == subject) {
                        found = v.toObject();
                        return true;
                    }
                }
                return false;
            },
            20000);
        return found;
    }

    QTemporaryDir m_dir;
    QString m_binary;
    QString m_accountsFile;
};

} // namespace

TEST_F(CliTest, FoldersListsTheInboxWithItsRole) {
    const CliRun human = run({QStringLiteral("folders")});
    ASSERT_EQ(human.exitCode, 0) << human.err.toStdString();
    const QStringList lines = human.out.split(QLatin1Char('\n'));
    EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [](const QString& line) {
        return line.startsWith(QLatin1String("INBOX ")) && line.contains(QLatin1String(" inbox "));
    })) << human.out.toStdString();

    const CliRun machine = run({QStringLiteral("folders"), QStringLiteral("--json")});
    ASSERT_EQ(machine.exitCode, 0) << machine.err.toStdString();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(machine.out.toUtf8(), &error);
    ASSERT_EQ(error.error, QJsonParseError::NoError) << machine.out.toStdString();
    bool inbox = false;
    for (const QJsonValue& v : doc.object().value(QStringLiteral("channels")).toArray()) {
        const Channel c = json::channelFromJson(v.toObject());
        if (c.role == ChannelRole::Inbox) {
            inbox = true;
            EXPECT_EQ(c.nativeId, QStringLiteral("INBOX"));
            EXPECT_EQ(c.accountId, QStringLiteral("test-alice"));
        }
    }
    EXPECT_TRUE(inbox) << machine.out.toStdString();
}

TEST_F(CliTest, SendThenListThenShow) {
    const QString subject = marker();
    const QString body = QStringLiteral("Hello from tributary-cli, %1.\nSecond line.").arg(subject);
    QByteArray bytes;
    for (int i = 0; i < 3000; ++i)
        bytes.append(char('a' + i % 26));
    const QString attachmentPath = m_dir.filePath(QStringLiteral("notes-%1.txt").arg(subject));
    {
        QFile f(attachmentPath);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }

    const QString self = TestEnv::get().address(QStringLiteral("alice"));
    const CliRun sent = run({QStringLiteral("send"), QStringLiteral("--to"), self,
                             QStringLiteral("--subject"), subject, QStringLiteral("--text"), body,
                             QStringLiteral("--attach"), attachmentPath, QStringLiteral("--json")});
    ASSERT_EQ(sent.exitCode, 0) << sent.err.toStdString();
    EXPECT_FALSE(sent.json().value(QStringLiteral("clientId")).toString().isEmpty())
        << sent.out.toStdString();

    const QJsonObject listed = waitForSubject(subject);
    ASSERT_FALSE(listed.isEmpty()) << "the sent message never appeared in the Inbox listing";
    const QString id = listed.value(QStringLiteral("id")).toString();
    ASSERT_TRUE(id.startsWith(QStringLiteral("v1:m:test-alice:"))) << id.toStdString();

    // The human listing shows it too, with its id in the last column.
    const CliRun human = run({QStringLiteral("list"), QStringLiteral("--limit"), QStringLiteral("50")});
    ASSERT_EQ(human.exitCode, 0) << human.err.toStdString();
    EXPECT_TRUE(human.out.contains(subject));
    EXPECT_TRUE(human.out.contains(id));

    const CliRun shownJson = run({QStringLiteral("show"), id, QStringLiteral("--json")});
    ASSERT_EQ(shownJson.exitCode, 0) << shownJson.err.toStdString();
    const Message m = json::messageFromJson(shownJson.json());
    EXPECT_TRUE(m.text.contains(QStringLiteral("Second line."))) << m.text.toStdString();
    ASSERT_EQ(m.attachments.size(), 1);
    const Attachment& a = m.attachments.first();
    EXPECT_EQ(a.fileName, QFileInfo(attachmentPath).fileName());
    // Servers report either the decoded size or the transfer-encoded (base64) one.
    EXPECT_GE(a.size, bytes.size());
    EXPECT_LE(a.size, bytes.size() * 14 / 10);

    const CliRun shown = run({QStringLiteral("show"), id});
    ASSERT_EQ(shown.exitCode, 0) << shown.err.toStdString();
    EXPECT_TRUE(shown.out.contains(QStringLiteral("Hello from tributary-cli, ") + subject));
    EXPECT_TRUE(shown.out.contains(subject));
    EXPECT_TRUE(shown.out.contains(a.fileName));
    EXPECT_TRUE(shown.out.contains(QString::number(a.size))) << shown.out.toStdString();

    // Saved where the user says: into a folder under the sender's name, or as a file.
    const QString saveDir = m_dir.filePath(QStringLiteral("saved"));
    ASSERT_TRUE(QDir().mkpath(saveDir));
    const CliRun saved = run({QStringLiteral("save"), id, a.id, QStringLiteral("--output"), saveDir});
    ASSERT_EQ(saved.exitCode, 0) << saved.err.toStdString();
    QFile copy(QDir(saveDir).filePath(a.fileName));
    ASSERT_TRUE(copy.open(QIODevice::ReadOnly)) << saved.out.toStdString();
    EXPECT_EQ(copy.readAll(), bytes);
    const QString asFile = m_dir.filePath(QStringLiteral("renamed.txt"));
    ASSERT_EQ(run({QStringLiteral("save"), id, a.id, QStringLiteral("--output"), asFile}).exitCode, 0);
    EXPECT_EQ(QFileInfo(asFile).size(), bytes.size());
    const CliRun nowhere = run({QStringLiteral("save"), id, a.id, QStringLiteral("--output"),
                                m_dir.filePath(QStringLiteral("no/such/dir/x.txt"))});
    EXPECT_EQ(nowhere.exitCode, 1);
    EXPECT_TRUE(nowhere.err.contains(QStringLiteral("Choose a folder you can write to")))
        << nowhere.err.toStdString();
    const CliRun missing =
        run({QStringLiteral("save"), id, QStringLiteral("9"), QStringLiteral("--output"), saveDir});
    EXPECT_EQ(missing.exitCode, 5) << missing.err.toStdString();

    const CliRun found = run({QStringLiteral("search"), subject, QStringLiteral("--json")});
    ASSERT_EQ(found.exitCode, 0) << found.err.toStdString();
    const QJsonArray hits = found.json().value(QStringLiteral("messages")).toArray();
    ASSERT_EQ(hits.size(), 1) << found.out.toStdString();
    EXPECT_EQ(hits.first().toObject().value(QStringLiteral("id")).toString(), id);
}

TEST_F(CliTest, PagesWithTheCursorItPrints) {
    // Two messages of its own, so there is always a second page whatever ran before.
    const QString self = TestEnv::get().address(QStringLiteral("alice"));
    QString subject;
    for (int i = 0; i < 2; ++i) {
        subject = QStringLiteral("cli-page-%1-").arg(i) + QUuid::createUuid().toString(QUuid::Id128).left(10);
        const CliRun sent =
            run({QStringLiteral("send"), QStringLiteral("--to"), self, QStringLiteral("--subject"), subject,
                 QStringLiteral("--text"), QStringLiteral("paging")});
        ASSERT_EQ(sent.exitCode, 0) << sent.err.toStdString();
    }
    waitForSubject(subject);
    const CliRun first = run(
        {QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--limit"), QStringLiteral("1")});
    ASSERT_EQ(first.exitCode, 0) << first.err.toStdString();
    const QString cursor = first.json().value(QStringLiteral("nextCursor")).toString();
    ASSERT_FALSE(cursor.isEmpty()) << first.out.toStdString();
    const CliRun second = run({QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--limit"),
                               QStringLiteral("1"), QStringLiteral("--page"), cursor});
    ASSERT_EQ(second.exitCode, 0) << second.err.toStdString();
    const QJsonArray a = first.json().value(QStringLiteral("messages")).toArray();
    const QJsonArray b = second.json().value(QStringLiteral("messages")).toArray();
    ASSERT_EQ(a.size(), 1);
    ASSERT_EQ(b.size(), 1);
    EXPECT_NE(a.first().toObject().value(QStringLiteral("id")),
              b.first().toObject().value(QStringLiteral("id")));
}

TEST_F(CliTest, ExitCodesTellFailuresApart) {
    const CliRun badPassword = run({QStringLiteral("folders")}, QStringLiteral("wrong-password"));
    EXPECT_EQ(badPassword.exitCode, 3) << badPassword.err.toStdString();
    EXPECT_FALSE(badPassword.err.isEmpty());
    EXPECT_FALSE(badPassword.err.contains(QStringLiteral("wrong-password"))) << "never echo a secret";

    const CliRun usage = run({QStringLiteral("list"), QStringLiteral("--limit"), QStringLiteral("zero")});
    EXPECT_EQ(usage.exitCode, 2);

    const CliRun missingFolder =
        run({QStringLiteral("list"), QStringLiteral("--folder"), QStringLiteral("NoSuch")});
    EXPECT_EQ(missingFolder.exitCode, 5) << missingFolder.err.toStdString();

    QJsonObject withSecret = json::toJson(TestEnv::get().imapAccount(QStringLiteral("alice")));
    QJsonObject settings = withSecret.value(QStringLiteral("settings")).toObject();
    settings.insert(QStringLiteral("password"), TestEnv::get().password);
    withSecret.insert(QStringLiteral("settings"), settings);
    const QString secretFile = writeAccounts({withSecret}, QStringLiteral("secret.json"));
    const CliRun refused = run({QStringLiteral("folders")}, TestEnv::get().password, secretFile);
    EXPECT_EQ(refused.exitCode, 2);
    EXPECT_TRUE(refused.err.contains(QStringLiteral("secret"))) << refused.err.toStdString();

    // A closed port: nothing listens on port 1 of loopback.
    QJsonObject unreachable = json::toJson(TestEnv::get().imapAccount(QStringLiteral("alice")));
    QJsonObject s2 = unreachable.value(QStringLiteral("settings")).toObject();
    s2.insert(QStringLiteral("imapPort"), 1);
    unreachable.insert(QStringLiteral("settings"), s2);
    const CliRun offline =
        run({QStringLiteral("folders"), QStringLiteral("--timeout"), QStringLiteral("30")},
            TestEnv::get().password, writeAccounts({unreachable}, QStringLiteral("offline.json")));
    EXPECT_EQ(offline.exitCode, 4) << offline.err.toStdString();
}

TEST_F(CliTest, AReplyGoesOutFromTheAliasTheOriginalWasSentTo) {
    // The same mailbox, with an alias: the CLI learns it from the provider, not the settings.
    Account alice = TestEnv::get().imapAccount(QStringLiteral("alice"));
    const QString alias = QStringLiteral("support@") + TestEnv::get().domain;
    alice.settings.insert(QStringLiteral("fullName"), QStringLiteral("Alice Example"));
    alice.settings.insert(QStringLiteral("aliases"), QStringLiteral("Alice Support <%1>").arg(alias));
    const QString withAlias = writeAccounts({json::toJson(alice)}, QStringLiteral("aliases.json"));

    const QString subject = marker();
    QByteArray raw = "From: Bob <" + TestEnv::get().address(QStringLiteral("bob")).toUtf8() + ">\r\n";
    raw += "To: Support <" + alias.toUtf8() + ">\r\nSubject: " + subject.toUtf8() + "\r\n";
    raw += "Message-ID: <" + subject.toUtf8() + "@cli.test>\r\n\r\nCan you help?\r\n";
    ASSERT_TRUE(test::deliverRaw(QStringLiteral("alice"), raw));
    const QJsonObject original = waitForSubject(subject);
    ASSERT_FALSE(original.isEmpty());

    const QString self = TestEnv::get().address(QStringLiteral("alice"));
    const CliRun replied = run({QStringLiteral("send"), QStringLiteral("--reply-to-id"),
                                original.value(QStringLiteral("id")).toString(), QStringLiteral("--to"), self,
                                QStringLiteral("--text"), QStringLiteral("Sure.")},
                               TestEnv::get().password, withAlias);
    ASSERT_EQ(replied.exitCode, 0) << replied.err.toStdString();
    const QJsonObject reply = waitForSubject(QStringLiteral("Re: ") + subject);
    ASSERT_FALSE(reply.isEmpty());
    const Message m = json::messageFromJson(reply);
    EXPECT_EQ(m.author.address, alias);
    EXPECT_EQ(m.author.displayName, QStringLiteral("Alice Support"));
    EXPECT_FALSE(m.flags.testFlag(MessageFlag::FromMe)) << "listed with the account that has no alias";
}
