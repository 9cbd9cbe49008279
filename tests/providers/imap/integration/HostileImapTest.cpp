// A hostile IMAP server against the real ImapProvider (and tributary-cli): for each case the
// scripted server (tests/support/ScriptedImapServer.h) signs the account in normally and then
// answers one command the hostile way. What must hold (issue 10): no crash, resident memory
// growth <= 64 MB (VmHWM, reset before the case), a clear message in the error and in the
// account's status, and the same account syncing again once the server behaves.
//
// Each case prints one "hostile-case" line (case, growth, message): the table in
// docs/RELIABILITY.md comes from them.

#include "Await.h"
#include "ProcessMemory.h"
#include "ScriptedImapServer.h"
#include "accounts/MemorySecretSource.h"
#include "imap/ImapProvider.h"
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "model/Json.h"
#include "sync/SyncController.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <iostream>

namespace tributary::test {

namespace {

constexpr double kMaxGrowthMb = 64.0;

QString inboxOf(const Account& account) {
    return makeId(IdKind::Channel, account.id, QStringLiteral("INBOX"));
}

void report(const std::string& name, double growthMb, const QString& message) {
    std::cout << "hostile-case | " << name << " | " << QString::number(growthMb, 'f', 1).toStdString()
              << " MB | " << message.toStdString() << std::endl;
}

//! One account on a scripted server, with what its provider reported.
class HostileImap : public ::testing::Test {
protected:
    void SetUp() override { make(); }

    void make() {
        m_provider.reset();
        m_statuses.clear();
        m_account = m_server.account();
        m_provider = std::make_unique<ImapProvider>(m_account, ProviderContext{&m_secrets});
        QObject::connect(m_provider.get(), &Provider::statusChanged,
                         [this](const ConnectionStatus& status) { m_statuses.append(status); });
    }

    Result<MessagePage> listInbox() {
        auto r = await(m_provider->listMessages(inboxOf(m_account), PageRequest{200, {}}), 60000);
        if (!r)
            return ProviderError::network(QStringLiteral("the listing did not finish"),
                                          QStringLiteral("test"));
        return *r;
    }

    //! The status the provider reported last, once the queued signal arrived.
    ConnectionStatus lastStatus() {
        waitUntil(
            [this] { return !m_statuses.isEmpty() && m_statuses.last().state == ConnectionState::Offline; },
            5000);
        return m_statuses.isEmpty() ? ConnectionStatus{} : m_statuses.last();
    }

    //! The server behaves again: the same account lists its three messages.
    void expectRecovers() {
        m_server.behave();
        const Result<MessagePage> again = listInbox();
        ASSERT_TRUE(again.ok()) << again.error().describe().toStdString();
        EXPECT_EQ(again.value().messages.size(), 3);
        if (!again.value().messages.isEmpty()) {
            EXPECT_EQ(again.value().messages.first().subject, QStringLiteral("Message 3"));
        }
    }

    //! Runs one hostile listing: warm connection first (so the figure is the case's, not the
    //! first connection's), then the probe, the case, the checks every case shares.
    //! With `newConnection`, the connection is dropped first, so the case plays while vmime
    //! greets and signs in (the app reconnects on its own).
    ProviderError runFailingCase(const std::string& name, const QByteArray& verb,
                                 ScriptedImapServer::Handler handler, bool newConnection = false) {
        const Result<MessagePage> warm = listInbox();
        EXPECT_TRUE(warm.ok()) << (warm.ok() ? "" : warm.error().describe().toStdString());
        m_statuses.clear();
        m_server.on(verb, std::move(handler));
        if (newConnection)
            m_server.server().dropAll();
        PeakMemoryProbe probe;
        const Result<MessagePage> r = listInbox();
        const double growth = probe.growthMb();
        EXPECT_TRUE(probe.valid()) << "this kernel does not reset VmHWM";
        EXPECT_LE(growth, kMaxGrowthMb);
        EXPECT_FALSE(r.ok()) << name;
        if (r.ok())
            return {};
        const ProviderError error = r.error();
        EXPECT_EQ(error.kind, ErrorKind::Network) << error.describe().toStdString();
        EXPECT_TRUE(error.message.contains(QStringLiteral("127.0.0.1:%1").arg(m_server.port())))
            << "the message names the server: " << error.message.toStdString();
        const ConnectionStatus status = lastStatus();
        EXPECT_EQ(status.state, ConnectionState::Offline);
        EXPECT_EQ(status.detail, error.message) << "the account shows what happened";
        report(name, growth, error.message);
        return error;
    }

    ScriptedImapServer m_server{3};
    MemorySecretSource m_secrets{QStringLiteral("hostile-imap"), SecretKind::Password, "secret"};
    Account m_account;
    std::unique_ptr<ImapProvider> m_provider;
    QList<ConnectionStatus> m_statuses;
};

QByteArray fetchLine(quint32 uid, const QByteArray& items) {
    return "* " + QByteArray::number(uid) + " FETCH (" + items + ")\r\n";
}

} // namespace

TEST_F(HostileImap, DeepNestingIsRefusedWithoutACrash) {
    const ProviderError error =
        runFailingCase("deep nesting (200,000 parentheses in a FETCH)", "UID FETCH", [](ImapExchange& x) {
            x.send(fetchLine(1, ScriptedImapServer::envelopeItems(1) + " X-HOSTILE " +
                                    QByteArray(200'000, '(') + "x" + QByteArray(200'000, ')')));
            x.ok();
        });
    EXPECT_EQ(error.code, QStringLiteral("response_too_deep"));
    EXPECT_TRUE(error.message.contains(QStringLiteral("nested more than 100 levels")))
        << error.message.toStdString();
    expectRecovers();
}

TEST_F(HostileImap, DeepNestingInASearchReplyIsRefused) {
    const ProviderError error =
        runFailingCase("deep nesting in a SEARCH reply", "UID SEARCH", [](ImapExchange& x) {
            x.send("* ESEARCH " + QByteArray(200'000, '(') + QByteArray(200'000, ')') + " UID ALL 1:3\r\n");
            x.ok();
        });
    EXPECT_EQ(error.code, QStringLiteral("response_too_deep"));
    expectRecovers();
}

TEST_F(HostileImap, HugeLiteralIsRefusedWhenAnnounced) {
    const ProviderError error = runFailingCase(
        "huge literal (10^12 bytes announced, data streamed)", "UID FETCH", [](ImapExchange& x) {
            x.send("* 1 FETCH (UID 1 BODY[HEADER.FIELDS (REFERENCES)] {1000000000000}\r\n");
            x.connection.stream(QByteArray(64 * 1024, 'A'));
        });
    EXPECT_EQ(error.code, QStringLiteral("oversized_response"));
    EXPECT_TRUE(error.message.contains(QStringLiteral("sent an oversized response")))
        << error.message.toStdString();
    expectRecovers();
}

TEST_F(HostileImap, TwentyDigitLiteralSizeIsOversized) {
    const ProviderError error = runFailingCase("20-digit literal size", "UID FETCH", [](ImapExchange& x) {
        x.send("* 1 FETCH (UID 1 BODY[HEADER.FIELDS (REFERENCES)] {18446744073709551616}\r\n");
        x.connection.stream(QByteArray(64 * 1024, 'A'));
    });
    EXPECT_EQ(error.code, QStringLiteral("oversized_response"));
    expectRecovers();
}

TEST_F(HostileImap, LiteralLongerThanAnnouncedIsNotReadAsData) {
    // The References literal says 2 bytes and brings a header line and a blank line more: they
    // end the response early, and the blank line is no IMAP at all.
    const ProviderError error =
        runFailingCase("literal longer than announced", "UID FETCH", [](ImapExchange& x) {
            QByteArray items = ScriptedImapServer::envelopeItems(1);
            items.chop(2); // the literal's own two bytes
            x.send("* 1 FETCH (" + items + "\r\nReferences: <injected@example.test>\r\n\r\n)\r\n");
            x.ok();
        });
    EXPECT_TRUE(error.code == QStringLiteral("bad_response") ||
                error.code == QStringLiteral("unreadable_response"))
        << error.code.toStdString();
    expectRecovers();
}

TEST_F(HostileImap, EndlessLineIsCutAtItsBudget) {
    const ProviderError error = runFailingCase("endless line (no CRLF)", "UID FETCH", [](ImapExchange& x) {
        x.send("* 1 FETCH (UID 1 X-JUNK ");
        x.connection.stream(QByteArray(64 * 1024, 'A'));
    });
    EXPECT_EQ(error.code, QStringLiteral("oversized_response"));
    expectRecovers();
}

TEST_F(HostileImap, GarbageAfterATagClosesTheConnection) {
    const ProviderError error = runFailingCase("garbage after a tag", "UID FETCH", [](ImapExchange& x) {
        x.send(x.tag + " \x01\x7f\xfe\xff garbage instead of a status\r\n");
    });
    EXPECT_EQ(error.code, QStringLiteral("bad_response"));
    EXPECT_TRUE(error.message.contains(QStringLiteral("not IMAP"))) << error.message.toStdString();
    expectRecovers();
}

TEST_F(HostileImap, ByeMidFetchIsAClosedConnection) {
    const ProviderError error = runFailingCase("BYE mid-FETCH", "UID FETCH", [](ImapExchange& x) {
        x.send(fetchLine(1, ScriptedImapServer::envelopeItems(1)));
        x.send("* BYE server shutting down\r\n");
        x.connection.close();
    });
    EXPECT_EQ(error.code, QStringLiteral("connection_lost"));
    EXPECT_TRUE(error.message.contains(QStringLiteral("server shutting down")))
        << error.message.toStdString();
    expectRecovers();
}

TEST_F(HostileImap, MalformedSearchNumbersAreAnErrorNotAnEmptyFolder) {
    const ProviderError error = runFailingCase("malformed SEARCH numbers", "UID SEARCH", [](ImapExchange& x) {
        x.send("* SEARCH 1 2 x3 -4 99999999999999999999\r\n");
        x.ok();
    });
    EXPECT_EQ(error.code, QStringLiteral("unreadable_response"));
    expectRecovers();
}

TEST_F(HostileImap, EndlessGreetingIsCutDuringSignIn) {
    // vmime reads the greeting itself, a line at a time: its byte budget stops it.
    const ProviderError error = runFailingCase(
        "endless greeting (vmime signing in)", "GREETING",
        [](ImapExchange& x) {
            x.send("* OK ");
            x.connection.stream(QByteArray(64 * 1024, 'G'));
        },
        true);
    EXPECT_EQ(error.code, QStringLiteral("oversized_response"));
    expectRecovers();
}

TEST_F(HostileImap, DeepNestingWhileSigningInIsRefusedBeforeVmimeParsesIt) {
    // vmime parses the answer to LOGIN with a recursive parser: a FETCH with a body structure
    // nested 200,000 deep would exhaust the stack; the nesting guard sees each line first.
    const ProviderError error = runFailingCase(
        "deep nesting while vmime signs in", "LOGIN",
        [](ImapExchange& x) {
            x.send("* 1 FETCH (BODYSTRUCTURE " + QByteArray(200'000, '(') +
                   R"("text" "plain" NIL NIL NIL "7bit" 1)" + QByteArray(200'000, ')') + ")\r\n");
            x.ok();
        },
        true);
    EXPECT_EQ(error.code, QStringLiteral("response_too_deep"));
    expectRecovers();
}

TEST_F(HostileImap, MessageNestedTooDeeplyIsNotHandedToVmime) {
    const Result<MessagePage> listed = listInbox();
    ASSERT_TRUE(listed.ok()) << listed.error().describe().toStdString();
    // 60,000 multiparts inside each other: 3.4 MB that vmime would recurse through.
    QByteArray raw = "From: a@example.test\r\nSubject: deep\r\nMIME-Version: 1.0\r\n";
    for (int i = 0; i < 60'000; ++i)
        raw += "Content-Type: multipart/mixed;boundary=" + QByteArray::number(i) + "\r\n\r\n--" +
               QByteArray::number(i) + "\r\n";
    raw += "Content-Type: text/plain\r\n\r\ninnermost\r\n";
    ASSERT_LT(raw.size(), 4 * 1024 * 1024)
        << "within the whole-message budget, so it reaches the MIME parser";
    m_server.on("UID FETCH", [raw](ImapExchange& x) {
        if (!x.arguments.contains("BODY.PEEK[]")) {
            x.answerNormally();
            return;
        }
        x.send("* 3 FETCH (UID 3 BODY[] {" + QByteArray::number(raw.size()) + "}\r\n" + raw + ")\r\n");
        x.ok();
    });
    PeakMemoryProbe probe;
    auto body = await(m_provider->fetchBody(listed.value().messages.first().id), 60000);
    const double growth = probe.growthMb();
    EXPECT_LE(growth, kMaxGrowthMb);
    ASSERT_TRUE(body);
    ASSERT_FALSE(body->ok());
    EXPECT_EQ(body->error().code, QStringLiteral("mime_too_deep"));
    report("MIME nested 60,000 multiparts deep (reading the message)", growth, body->error().message);
    m_server.behave();
    body = await(m_provider->fetchBody(listed.value().messages.first().id), 30000);
    ASSERT_TRUE(body && body->ok()) << (body ? body->error().describe().toStdString() : "timeout");
    EXPECT_TRUE(body->value().text.contains(QStringLiteral("Body of message 3")));
}

TEST_F(HostileImap, AbsurdZoneOffsetsAndSizesAreListedSanely) {
    m_server.on("UID FETCH", [](ImapExchange& x) {
        x.send(fetchLine(
            1,
            "UID 1 FLAGS () INTERNALDATE \"01-Jan-2026 10:00:00 +99999999\" RFC822.SIZE 9223372036854775807 "
            "ENVELOPE (\"Thu, 01 Jan 2026 10:00:00 -2147483648\" \"Absurd\" NIL NIL NIL NIL NIL NIL NIL "
            "\"<absurd@example.test>\") BODYSTRUCTURE (\"application\" \"octet-stream\" NIL NIL NIL "
            "\"base64\" "
            "9223372036854775807 NIL (\"attachment\" (\"filename\" \"x.bin\")) NIL NIL) "
            "BODY[HEADER.FIELDS (REFERENCES)] {2}\r\n\r\n"));
        x.ok();
    });
    PeakMemoryProbe probe;
    const Result<MessagePage> r = listInbox();
    const double growth = probe.growthMb();
    EXPECT_LE(growth, kMaxGrowthMb);
    ASSERT_TRUE(r.ok()) << r.error().describe().toStdString();
    ASSERT_EQ(r.value().messages.size(), 1);
    const Message& m = r.value().messages.first();
    EXPECT_EQ(m.receivedAt, QDateTime(QDate(2026, 1, 1), QTime(10, 0), Qt::UTC)) << "an unknown zone is UTC";
    EXPECT_EQ(m.sentAt, QDateTime(QDate(2026, 1, 1), QTime(10, 0), Qt::UTC));
    EXPECT_EQ(m.size, -1) << "a size past a petabyte is unknown";
    EXPECT_TRUE(m.hasAttachments);
    report("absurd time-zone offsets and sizes", growth,
           QStringLiteral("(listed: dates read as UTC, size unknown)"));
    expectRecovers();
}

TEST_F(HostileImap, UnreadableSearchNeverDeletesKnownMessages) {
    // A synced state for UIDs 1..3, as SyncController keeps it.
    const Result<MessagePage> first = listInbox();
    ASSERT_TRUE(first.ok()) << first.error().describe().toStdString();
    QHash<QString, MessageFlags> known;
    for (const Message& m : first.value().messages)
        known.insert(m.id, m.flags);
    ASSERT_EQ(known.size(), 3);
    // The expunge check gets a result that cannot be read; before, the parse result was
    // ignored and every UID it did not list counted as deleted.
    m_server.on("UID SEARCH", [](ImapExchange& x) {
        x.send("* ESEARCH (TAG \"" + x.tag + "\") UID ALL 1,x\r\n");
        x.ok();
    });
    auto changes = await(m_provider->syncChanges(inboxOf(m_account), first.value().syncState, known), 30000);
    ASSERT_TRUE(changes);
    ASSERT_FALSE(changes->ok()) << "removed " << changes->value().removedIds.size() << " messages";
    EXPECT_EQ(changes->error().code, QStringLiteral("unreadable_response"));
    // No SEARCH answer at all is an error too (RFC 3501 and 4731 require one).
    m_server.on("UID SEARCH", [](ImapExchange& x) { x.ok(); });
    changes = await(m_provider->syncChanges(inboxOf(m_account), first.value().syncState, known), 30000);
    ASSERT_TRUE(changes);
    EXPECT_FALSE(changes->ok());
    // A well-formed answer that lacks UID 2 is a real expunge.
    m_server.behave();
    m_server.setUids({1, 3});
    changes = await(m_provider->syncChanges(inboxOf(m_account), first.value().syncState, known), 30000);
    ASSERT_TRUE(changes && changes->ok())
        << (changes ? changes->error().describe().toStdString() : "timeout");
    ASSERT_EQ(changes->value().removedIds.size(), 1);
    EXPECT_TRUE(changes->value().removedIds.first().endsWith(QStringLiteral("UID%3D2")))
        << changes->value().removedIds.first().toStdString();
}

TEST_F(HostileImap, UidValidityChangeMidSyncResetsInsteadOfMixingGenerations) {
    const Result<MessagePage> first = listInbox();
    ASSERT_TRUE(first.ok()) << first.error().describe().toStdString();
    QHash<QString, MessageFlags> known;
    for (const Message& m : first.value().messages)
        known.insert(m.id, m.flags);
    // In the middle of the next sync's FETCH the server announces another UIDVALIDITY (RFC 3501
    // allows a change only between sessions), and from then on SELECT says so too.
    m_server.setUids({1, 2, 3, 4});
    m_server.on("UID FETCH", [this](ImapExchange& x) {
        x.send("* OK [UIDVALIDITY 42] the folder was rebuilt\r\n");
        m_server.setUidValidity(42);
        x.answerNormally();
    });
    PeakMemoryProbe probe;
    auto changes = await(m_provider->syncChanges(inboxOf(m_account), first.value().syncState, known), 30000);
    ASSERT_TRUE(changes && changes->ok())
        << (changes ? changes->error().describe().toStdString() : "timeout");
    // This sync still speaks of the old generation; the next one sees the change and resets.
    changes = await(m_provider->syncChanges(inboxOf(m_account), changes->value().syncState, known), 30000);
    ASSERT_TRUE(changes && changes->ok())
        << (changes ? changes->error().describe().toStdString() : "timeout");
    EXPECT_TRUE(changes->value().reset) << "old UIDs mean nothing under a new UIDVALIDITY";
    const double growth = probe.growthMb();
    EXPECT_LE(growth, kMaxGrowthMb);
    report("UIDVALIDITY change mid-sync", growth,
           QStringLiteral("(next sync resets the folder and lists it again)"));
    m_server.behave();
    const Result<MessagePage> again = listInbox();
    ASSERT_TRUE(again.ok()) << again.error().describe().toStdString();
    ASSERT_EQ(again.value().messages.size(), 4);
    EXPECT_TRUE(again.value().messages.first().id.contains(QStringLiteral("UIDVALIDITY%3D42")))
        << again.value().messages.first().id.toStdString();
}

} // namespace tributary::test

namespace tributary::test {

TEST(HostileImapAccounts, OneHostileServerLeavesTheOtherAccountsAloneAndRecovers) {
    ScriptedImapServer hostile(3);
    ScriptedImapServer calm(3);
    const Account hostileAccount = hostile.account(QStringLiteral("hostile"));
    const Account calmAccount = calm.account(QStringLiteral("calm"));
    MemorySecretSource secrets(hostileAccount.id, SecretKind::Password, "secret");
    ASSERT_TRUE(secrets.writeSecret(calmAccount.id, SecretKind::Password, "secret").result().ok());
    ImapProvider hostileProvider(hostileAccount, ProviderContext{&secrets});
    ImapProvider calmProvider(calmAccount, ProviderContext{&secrets});
    hostile.on("UID FETCH", [](ImapExchange& x) {
        x.send("* 1 FETCH (UID 1 BODY[HEADER.FIELDS (REFERENCES)] {1000000000000}\r\n");
        x.connection.stream(QByteArray(64 * 1024, 'A'));
    });

    InboxStore store;
    SyncController::Options options;
    options.reconnectMinMs = 300;
    options.reconnectMaxMs = 1000;
    SyncController sync(&store, nullptr, options);
    sync.addProvider(&hostileProvider);
    sync.addProvider(&calmProvider);
    PeakMemoryProbe probe;
    sync.start();

    auto messagesOf = [&store](const QString& accountId) {
        int n = 0;
        for (const Thread& t : store.threads())
            n += t.accountIds.contains(accountId) ? 1 : 0;
        return n;
    };
    ASSERT_TRUE(waitUntil([&] { return messagesOf(calmAccount.id) == 3; }, 30000))
        << "the calm account syncs";
    auto waitingToRetry = [](const AccountStatus& s) {
        return s.state == AccountState::Reconnecting || s.state == AccountState::Offline;
    };
    ASSERT_TRUE(waitUntil(
        [&] {
            const AccountStatus s = sync.status(hostileAccount.id);
            return waitingToRetry(s) && s.reason.contains(QStringLiteral("oversized response"));
        },
        30000))
        << toString(sync.status(hostileAccount.id).state).toStdString() << ": "
        << sync.status(hostileAccount.id).reason.toStdString();
    const AccountStatus offline = sync.status(hostileAccount.id);
    EXPECT_TRUE(offline.nextAttempt.isValid()) << "a retry is planned";
    EXPECT_EQ(sync.status(calmAccount.id).state, AccountState::Live);
    EXPECT_EQ(messagesOf(hostileAccount.id), 0);
    const double growth = probe.growthMb();
    EXPECT_LE(growth, kMaxGrowthMb);
    report("huge literal on one of two accounts (SyncController)", growth, offline.reason);

    // The server behaves again: the retry that was scheduled brings the account back.
    hostile.behave();
    EXPECT_TRUE(waitUntil([&] { return messagesOf(hostileAccount.id) == 3; }, 30000));
    EXPECT_TRUE(waitUntil([&] { return sync.status(hostileAccount.id).state == AccountState::Live; }, 10000));
    EXPECT_EQ(messagesOf(calmAccount.id), 3);
    hostileProvider.unsubscribe();
    calmProvider.unsubscribe();
}

namespace {

//! tributary-cli as a user runs it, against a scripted server, with its own peak memory.
ChildRun runCli(const ScriptedImapServer& server, const QString& dir, const QStringList& args) {
    const QString accounts = dir + QStringLiteral("/accounts.json");
    QFile file(accounts);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    const Account account = server.account(QStringLiteral("hostile-cli"));
    file.write(
        QJsonDocument(QJsonObject{{QStringLiteral("accounts"), QJsonArray{json::toJson(account)}}}).toJson());
    file.close();
    const QString binary =
        QDir::cleanPath(QCoreApplication::applicationDirPath() + QStringLiteral("/../app/tributary-cli"));
    return runChild(binary, QStringList{QStringLiteral("--accounts"), accounts} + args,
                    {QStringLiteral("TRIBUTARY_SCRIPTED_PASSWORD=secret")}, 120000);
}

} // namespace

TEST(HostileImapCli, ListSurvivesDeepNestingAndAHugeLiteralWithBoundedMemory) {
    const QString binary =
        QDir::cleanPath(QCoreApplication::applicationDirPath() + QStringLiteral("/../app/tributary-cli"));
    ASSERT_TRUE(QFile::exists(binary)) << "build tributary-cli first: " << binary.toStdString();
    QTemporaryDir dir;
    ScriptedImapServer server(3);
    const ChildRun calm = runCli(server, dir.path(), {QStringLiteral("list")});
    ASSERT_TRUE(calm.started);
    ASSERT_EQ(calm.exitCode, 0) << calm.err.toStdString();
    EXPECT_TRUE(calm.out.contains("Message 3")) << calm.out.toStdString();

    struct Case {
        std::string name;
        ScriptedImapServer::Handler handler;
        QByteArray expected;
    };
    const QList<Case> cases = {
        {"tributary-cli list: deep nesting (200,000 parentheses)",
         [](ImapExchange& x) {
             x.send("* 1 FETCH (UID 1 X-HOSTILE " + QByteArray(200'000, '(') + QByteArray(200'000, ')') +
                    ")\r\n");
             x.ok();
         },
         "nested more than 100 levels"},
        {"tributary-cli list: huge literal (10^12 bytes)",
         [](ImapExchange& x) {
             x.send("* 1 FETCH (UID 1 BODY[HEADER.FIELDS (REFERENCES)] {1000000000000}\r\n");
             x.connection.stream(QByteArray(64 * 1024, 'A'));
         },
         "oversized response"},
    };
    for (const Case& c : cases) {
        server.on("UID FETCH", c.handler);
        const ChildRun run = runCli(server, dir.path(), {QStringLiteral("list")});
        ASSERT_TRUE(run.started);
        EXPECT_FALSE(run.crashed) << c.name << ": signal " << run.signal;
        EXPECT_NE(run.exitCode, 0) << c.name;
        EXPECT_TRUE(run.err.contains(c.expected)) << c.name << ": " << run.err.toStdString();
        const double growth = run.peakRssMb - calm.peakRssMb;
        EXPECT_LE(growth, kMaxGrowthMb)
            << c.name << ": peak " << run.peakRssMb << " MB, calm run " << calm.peakRssMb << " MB";
        // The CLI's own line (the log lines before it go to stderr as well).
        QString said;
        for (const QByteArray& line : run.err.split('\n')) {
            if (line.startsWith("tributary-cli:"))
                said = QString::fromUtf8(line);
        }
        EXPECT_FALSE(said.isEmpty()) << run.err.toStdString();
        report(c.name, growth, said);
        server.behave();
        const ChildRun again = runCli(server, dir.path(), {QStringLiteral("list")});
        EXPECT_EQ(again.exitCode, 0) << again.err.toStdString();
    }
}

} // namespace tributary::test
