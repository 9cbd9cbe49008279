// Sending never duplicates and never silently drops (issue 12, section 2), against the local
// Postfix + Dovecot:
//  - a lost answer to the end of the message is never retried on its own: the outbox holds
//    the message as "may have been sent" until the user says it was, or sends it again;
//  - a connection cut before the end of the message is retried and delivered once;
//  - tributary-cli killed (SIGKILL, through TRIBUTARY_TEST_KILL_AT) at every step of a send:
//    the next start finds the message sent, or not sent and kept as a draft, or asks; the
//    recipient's mailbox holds exactly one copy or none, and never a second one unasked.
// The recipient's mailbox and the sender's Sent and Drafts are read with doveadm, as the
// server sees them.

#include "ImapTestSupport.h"
#include "TcpProxy.h"
#include "compose/Outbox.h"
#include "model/Json.h"
#include "net/SystemClock.h"
#include "util/KillPoint.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

namespace tributary::test {

namespace {

const QString kSender = QStringLiteral("alice");
const QString kRecipient = QStringLiteral("bob");

//! doveadm's output, one line per match (`doveadm search` prints "<guid> <uid>").
QStringList doveadmLines(const QStringList& args) {
    QProcess process;
    process.start(QStringLiteral("doveadm"),
                  QStringList{QStringLiteral("-c"), qEnvironmentVariable("TRIBUTARY_TEST_DOVECOT_CONF")} +
                      args);
    if (!process.waitForFinished(30000) || process.exitCode() != 0) {
        ADD_FAILURE() << "doveadm " << args.join(QLatin1Char(' ')).toStdString() << ": "
                      << process.readAllStandardError().toStdString();
        return {};
    }
    return QString::fromUtf8(process.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

//! How many messages in `user`'s `mailbox` carry this Message-ID (and, if given, keyword).
int copies(const QString& user, const QString& mailbox, const QString& messageId,
           const QString& keyword = {}) {
    QStringList args =
        forUser(QStringLiteral("search"), user) +
        QStringList{QStringLiteral("mailbox"), mailbox, QStringLiteral("header"),
                    QStringLiteral("Message-ID"), QLatin1Char('<') + messageId + QLatin1Char('>')};
    if (!keyword.isEmpty())
        args += QStringList{QStringLiteral("keyword"), keyword};
    return int(doveadmLines(args).size());
}

int deliveries(const QString& messageId) {
    return copies(kRecipient, QStringLiteral("INBOX"), messageId);
}

QString messageIdFor(const QString& clientId) {
    return clientId + QLatin1Char('@') + TestEnv::get().domain;
}

//! A message large enough that its upload dwarfs TLS and SMTP chatter (the proxy counts it).
OutgoingMessage bigMessage(const QString& clientId, const QString& subject, qsizetype size = 200'000) {
    OutgoingMessage m;
    m.clientId = clientId;
    m.from = Participant{TestEnv::get().address(kSender), QStringLiteral("Alice"), {}};
    m.to = {Participant{TestEnv::get().address(kRecipient), QStringLiteral("Bob"), {}}};
    m.subject = subject;
    QString text;
    for (int i = 0; text.size() < size; ++i)
        text += QStringLiteral("Line %1 of a long report that has to arrive exactly once.\n").arg(i);
    m.text = text;
    return m;
}

class SendReliabilityTest : public ::testing::Test {
protected:
    void SetUp() override { TRIBUTARY_REQUIRE_SERVERS(); }
};

//! An outbox on a real IMAP account whose SMTP goes through `proxy`.
struct ProxiedSender {
    explicit ProxiedSender(TcpProxy& proxy) {
        Account account = TestEnv::get().imapAccount(kSender);
        account.settings.insert(QStringLiteral("smtpPort"), proxy.port());
        fixture = makeImapProvider(account);
        Outbox::Options options;
        options.retry.baseDelay = std::chrono::milliseconds(100);
        options.retry.maxDelay = std::chrono::milliseconds(500);
        outbox =
            std::make_unique<Outbox>([this](const QString&) -> Provider* { return fixture.provider.get(); },
                                     SystemClock::shared(), options);
        QObject::connect(outbox.get(), &Outbox::stateChanged,
                         [this](const QString&, OutboxState state, const QString&) { states.append(state); });
    }
    QString accountId() const { return fixture.provider->account().id; }
    OutboxState state(const QString& clientId) const {
        const auto e = outbox->entry(clientId);
        return e ? e->state : OutboxState::Sent;
    }

    ImapFixture fixture;
    std::unique_ptr<Outbox> outbox;
    QList<OutboxState> states;
};

} // namespace

// The 250 to the end of the message is lost (the connection is reset as it comes back):
// Postfix delivered it, so the outbox must not send it again on its own.
TEST_F(SendReliabilityTest, ALostAnswerAfterTheEndOfDataIsNeverRetried) {
    TcpProxy proxy(TestEnv::get().host, quint16(TestEnv::get().smtpPort));
    ProxiedSender sender(proxy);
    const QString clientId = uniqueMarker();
    const QString messageId = messageIdFor(clientId);
    proxy.loseAnswerAfterUpload(100'000);
    sender.outbox->enqueue(sender.accountId(),
                           bigMessage(clientId, QStringLiteral("Lost answer ") + clientId));

    ASSERT_TRUE(waitUntil([&] { return sender.state(clientId) == OutboxState::Uncertain; }, 60000))
        << "the outbox holds it as may-have-been-sent";
    EXPECT_EQ(proxy.faultsFired(), 1);
    const std::optional<OutboxEntry> entry = sender.outbox->entry(clientId);
    ASSERT_TRUE(entry);
    EXPECT_EQ(entry->error->code, SendErrorCode::Uncertain);
    EXPECT_TRUE(entry->detail.contains(QStringLiteral("may have been delivered")))
        << entry->detail.toStdString();
    EXPECT_EQ(entry->attempts, 1) << "no automatic retry after the end of the message";
    // Postfix has it (the reset came after the end of data) and delivers it once.
    ASSERT_TRUE(waitUntil([&] { return deliveries(messageId) == 1; }, 20000));
    EXPECT_EQ(copies(kSender, QStringLiteral("Sent"), messageId, QStringLiteral("$TributaryMaybeSent")), 1)
        << "the record in Sent says it may have been sent";

    // The user found it arrived: the record becomes the Sent copy; nothing is sent.
    const int connectionsBefore = proxy.accepted();
    ASSERT_TRUE(sender.outbox->confirmSent(clientId));
    ASSERT_TRUE(waitUntil([&] { return !sender.outbox->entry(clientId); }, 30000));
    EXPECT_EQ(proxy.accepted(), connectionsBefore) << "confirming sends nothing";
    EXPECT_EQ(copies(kSender, QStringLiteral("Sent"), messageId), 1);
    EXPECT_EQ(copies(kSender, QStringLiteral("Sent"), messageId, QStringLiteral("$TributaryMaybeSent")), 0);
    EXPECT_EQ(deliveries(messageId), 1);
}

// The same lost answer, and the user chooses to send it again: a second copy, asked for.
TEST_F(SendReliabilityTest, SendAgainAfterALostAnswerDeliversASecondCopyOnlyBecauseTheUserAsked) {
    TcpProxy proxy(TestEnv::get().host, quint16(TestEnv::get().smtpPort));
    ProxiedSender sender(proxy);
    const QString clientId = uniqueMarker();
    const QString messageId = messageIdFor(clientId);
    proxy.loseAnswerAfterUpload(100'000);
    sender.outbox->enqueue(sender.accountId(),
                           bigMessage(clientId, QStringLiteral("Send again ") + clientId));
    ASSERT_TRUE(waitUntil([&] { return sender.state(clientId) == OutboxState::Uncertain; }, 60000));
    ASSERT_TRUE(waitUntil([&] { return deliveries(messageId) == 1; }, 20000));
    EXPECT_FALSE(sender.outbox->retry(clientId)) << "a plain retry is not a decision";
    EXPECT_FALSE(sender.outbox->discard(clientId)) << "nor is dropping it";

    ASSERT_TRUE(sender.outbox->sendAgain(clientId));
    ASSERT_TRUE(waitUntil([&] { return !sender.outbox->entry(clientId); }, 60000));
    ASSERT_TRUE(waitUntil([&] { return deliveries(messageId) == 2; }, 20000));
    EXPECT_EQ(copies(kSender, QStringLiteral("Sent"), messageId), 1) << "one Sent copy, not marked";
    EXPECT_EQ(copies(kSender, QStringLiteral("Sent"), messageId, QStringLiteral("$TributaryMaybeSent")), 0);
}

// The connection breaks while the message is still going up: Postfix discards what it got,
// the outbox retries, and the recipient gets it exactly once.
TEST_F(SendReliabilityTest, AConnectionCutBeforeTheEndOfDataIsRetriedAndDeliveredOnce) {
    TcpProxy proxy(TestEnv::get().host, quint16(TestEnv::get().smtpPort));
    ProxiedSender sender(proxy);
    const QString clientId = uniqueMarker();
    const QString messageId = messageIdFor(clientId);
    proxy.resetUploadAfter(100'000);
    // Larger than what can be on its way when the reset comes (the proxy's small window plus
    // the client's send buffer, at most 4 MiB here: net.ipv4.tcp_wmem), so the cut is always
    // before the end-of-data mark, however busy the machine is. With 200 KB the whole message
    // and the mark could sit in the buffers already: then "may have been sent" is the truth.
    sender.outbox->enqueue(sender.accountId(),
                           bigMessage(clientId, QStringLiteral("Cut upload ") + clientId, 8'000'000));
    ASSERT_TRUE(waitUntil([&] { return !sender.outbox->entry(clientId); }, 60000)) << "sent after a retry";
    EXPECT_EQ(proxy.faultsFired(), 1);
    EXPECT_TRUE(sender.states.contains(OutboxState::Pending));
    EXPECT_FALSE(sender.states.contains(OutboxState::Uncertain)) << "nothing could have been delivered";
    ASSERT_TRUE(waitUntil([&] { return deliveries(messageId) == 1; }, 20000));
    EXPECT_EQ(copies(kSender, QStringLiteral("Sent"), messageId), 1);
    EXPECT_EQ(copies(kSender, QStringLiteral("Sent"), messageId, QStringLiteral("$TributaryUnsent")), 0);
    // Everything Postfix received has been delivered by now: still one.
    EXPECT_EQ(deliveries(messageId), 1);
}

// --- killed mid-send -------------------------------------------------------------------------

namespace {

struct KillCase {
    const char* step;
    //! What the next start finds: nothing ("sent" or never queued), notSent or maybeSent.
    const char* found;
    int delivered; //!< copies the recipient ends up with
    bool sentCopy; //!< a plain copy in Sent after recovery
    bool draft;    //!< a draft in Drafts after recovery
};

void PrintTo(const KillCase& c, std::ostream* os) {
    *os << c.step;
}

class SendKillTest : public ::testing::TestWithParam<KillCase> {
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
        file.write(QJsonDocument(QJsonObject{{QStringLiteral("accounts"),
                                              QJsonArray{json::toJson(TestEnv::get().imapAccount(kSender))}}})
                       .toJson());
    }

    struct Run {
        bool killed = false;
        int exitCode = -1;
        QString out;
        QString err;
    };

    Run cli(const QStringList& args, const QString& killAt = {}) {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TRIBUTARY_TEST_PASSWORD"), TestEnv::get().password);
        if (!killAt.isEmpty())
            env.insert(QString::fromLatin1(kKillPointVariable), killAt);
        process.setProcessEnvironment(env);
        process.start(m_binary, QStringList{QStringLiteral("--accounts"), m_accounts} + args);
        Run r;
        if (!process.waitForFinished(120000)) {
            process.kill();
            process.waitForFinished();
            r.err = QStringLiteral("tributary-cli did not finish");
            return r;
        }
        r.killed = process.exitStatus() == QProcess::CrashExit;
        r.exitCode = r.killed ? -1 : process.exitCode();
        r.out = QString::fromUtf8(process.readAllStandardOutput());
        r.err = QString::fromUtf8(process.readAllStandardError());
        return r;
    }

    QStringList sendArgs(const QString& clientId) const {
        return {QStringLiteral("send"),
                QStringLiteral("--client-id"),
                clientId,
                QStringLiteral("--to"),
                TestEnv::get().address(kRecipient),
                QStringLiteral("--subject"),
                QStringLiteral("Killed mid-send ") + clientId,
                QStringLiteral("--text"),
                QStringLiteral("This message must arrive once or not at all.")};
    }

    //! What the next start finds about this message (other tests share the mailbox).
    QJsonArray unfinished(const QString& messageId) {
        const Run r = cli({QStringLiteral("unfinished"), QStringLiteral("--json")});
        EXPECT_EQ(r.exitCode, 0) << r.err.toStdString();
        QJsonArray mine;
        for (const QJsonValue& v :
             QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("unfinished")).toArray()) {
            if (v.toObject().value(QStringLiteral("messageIdHeader")).toString() == messageId)
                mine.append(v);
        }
        return mine;
    }

    QTemporaryDir m_dir;
    QString m_binary;
    QString m_accounts;
};

} // namespace

TEST_P(SendKillTest, TheNextStartFindsTheMessageSentOrNotSentNeverLostNeverTwice) {
    const KillCase c = GetParam();
    const QString clientId = uniqueMarker();
    const QString messageId = messageIdFor(clientId);

    const Run killed = cli(sendArgs(clientId), QString::fromLatin1(c.step));
    ASSERT_TRUE(killed.killed) << "exit " << killed.exitCode << ": " << killed.err.toStdString();
    EXPECT_TRUE(killed.err.contains(QString::fromLatin1(c.step))) << killed.err.toStdString();
    if (c.delivered > 0) {
        ASSERT_TRUE(waitUntil([&] { return deliveries(messageId) == c.delivered; }, 20000));
    }

    // The next start.
    const QJsonArray found = unfinished(messageId);
    if (QByteArray(c.found).isEmpty()) {
        EXPECT_TRUE(found.isEmpty()) << QJsonDocument(found).toJson().toStdString();
    } else {
        ASSERT_EQ(found.size(), 1) << QJsonDocument(found).toJson().toStdString();
        const QJsonObject u = found.first().toObject();
        EXPECT_EQ(u.value(QStringLiteral("outcome")).toString(), QString::fromLatin1(c.found));
        EXPECT_EQ(u.value(QStringLiteral("messageIdHeader")).toString(), messageId);
        EXPECT_TRUE(u.value(QStringLiteral("subject")).toString().contains(clientId));
    }
    EXPECT_EQ(copies(kSender, QStringLiteral("Drafts"), messageId), c.draft ? 1 : 0);
    EXPECT_EQ(copies(kSender, QStringLiteral("Drafts"), messageId, QStringLiteral("$TributaryUnsent")), 0);

    if (QByteArray(c.found) == "maybeSent") {
        EXPECT_EQ(copies(kSender, QStringLiteral("Sent"), messageId, QStringLiteral("$TributaryMaybeSent")),
                  1);
        // Sending it again unasked is refused: the same send, run again, only reports.
        const Run again = cli(sendArgs(clientId));
        EXPECT_EQ(again.exitCode, 4) << again.out.toStdString() << again.err.toStdString();
        EXPECT_TRUE(again.err.contains(QStringLiteral("may have been delivered"))) << again.err.toStdString();
        // The user checked: it arrived.
        const QString recordId = found.first().toObject().value(QStringLiteral("id")).toString();
        const Run resolved =
            cli({QStringLiteral("resolve"), recordId, QStringLiteral("--decision"), QStringLiteral("sent")});
        EXPECT_EQ(resolved.exitCode, 0) << resolved.err.toStdString();
        EXPECT_TRUE(unfinished(messageId).isEmpty());
    }
    EXPECT_EQ(copies(kSender, QStringLiteral("Sent"), messageId), c.sentCopy ? 1 : 0);
    EXPECT_EQ(copies(kSender, QStringLiteral("Sent"), messageId, QStringLiteral("$TributaryMaybeSent")), 0);
    EXPECT_EQ(copies(kSender, QStringLiteral("Sent"), messageId, QStringLiteral("$TributaryUnsent")), 0);

    if (c.sentCopy) {
        // Running the same send once more finds it sent: nothing goes out again.
        const Run again = cli(sendArgs(clientId));
        EXPECT_EQ(again.exitCode, 0) << again.err.toStdString();
        EXPECT_TRUE(again.out.contains(QStringLiteral("had gone through already")))
            << again.out.toStdString();
    }
    // Everything Postfix took has been delivered by the time Sent is settled; the count holds.
    EXPECT_EQ(deliveries(messageId), c.delivered);
}

INSTANTIATE_TEST_SUITE_P(
    EveryStep, SendKillTest,
    ::testing::Values(
        // Killed before anything reached a server: no record, no delivery (the caller keeps the text).
        KillCase{"send:before-append", "", 0, false, false},
        // The record exists, nothing was submitted: it becomes a draft, and the user is told.
        KillCase{"send:after-append", "notSent", 0, false, true},
        KillCase{"send:before-connect", "notSent", 0, false, true},
        // The end of the message went out; its answer was never read: the user decides.
        KillCase{"send:after-data", "maybeSent", 1, true, false},
        KillCase{"send:after-250", "maybeSent", 1, true, false},
        // Finished: an ordinary Sent copy; nothing to recover.
        KillCase{"send:after-finish", "", 1, true, false}),
    [](const ::testing::TestParamInfo<KillCase>& param) {
        QString name = QString::fromLatin1(param.param.step).section(QLatin1Char(':'), 1);
        name.remove(QLatin1Char('-'));
        return name.toStdString();
    });

} // namespace tributary::test
