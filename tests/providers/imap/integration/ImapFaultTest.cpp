// The server going away mid-sync, seen by a running SyncController: a "reconnecting, next
// try in N s" state, nothing already loaded is lost, and the sync resumes when it is back.
#include "ImapTestSupport.h"
#include "TcpProxy.h"
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "sync/SyncController.h"

#include <QRandomGenerator>
#include <QTest>
#include <cstring>

namespace tributary::test {

namespace {

const QString kUser = QStringLiteral("carol");

int countWithMarker(const InboxStore& store, const QString& marker) {
    int n = 0;
    for (const Thread& t : store.threads())
        n += t.subject.contains(marker) ? 1 : 0;
    return n;
}

} // namespace

TEST(ImapFaultTest, ServerStoppedMidSyncGoesOfflineLosesNothingAndResumes) {
    TRIBUTARY_REQUIRE_SERVERS();
    const QString folder = QStringLiteral("Fault-") + uniqueMarker();
    ASSERT_TRUE(doveadm(forUser(QStringLiteral("mailbox create"), kUser) + QStringList{folder}));
    const QString marker = uniqueMarker();
    constexpr int kMessages = 30;
    for (int i = 0; i < kMessages; ++i)
        ASSERT_TRUE(deliverRaw(kUser, simpleMessage(kUser, marker, i), folder));

    TcpProxy proxy(TestEnv::get().host, quint16(TestEnv::get().imapPort));
    Account account = TestEnv::get().imapAccount(kUser);
    account.settings.insert(QStringLiteral("imapPort"), proxy.port());
    ImapFixture fixture = makeImapProvider(account);
    InboxStore store;
    SyncController::Options options;
    options.firstPageSize = 5;
    options.pageSize = 5;
    options.backfillLimit = kMessages;
    options.reconnectMinMs = 300;
    options.reconnectMaxMs = 1000;
    SyncController sync(&store, nullptr, options);
    sync.addProvider(fixture.provider.get());

    // The first page of the folder arrives, and the server goes away right then.
    QList<AccountStatus> statuses;
    QObject::connect(&sync, &SyncController::statusChanged,
                     [&](const QString&, const AccountStatus& s) { statuses.append(s); });
    bool cut = false;
    QObject::connect(&store, &InboxStore::threadsInserted, [&] {
        if (!cut && countWithMarker(store, marker) >= 5) {
            cut = true;
            proxy.setDown(true);
        }
    });
    sync.openChannel(makeId(IdKind::Channel, account.id, folder));
    sync.start();
    ASSERT_TRUE(waitUntil([&] { return proxy.isDown(); }, 20000));
    ASSERT_TRUE(
        waitUntil([&] { return sync.status(account.id).state == AccountState::Reconnecting; }, 20000));
    const AccountStatus offline = sync.status(account.id);
    EXPECT_FALSE(offline.reason.isEmpty()) << "it says why";
    EXPECT_TRUE(offline.nextAttempt.isValid()) << "and when it tries again";
    const int loaded = countWithMarker(store, marker);
    EXPECT_GE(loaded, 5);
    EXPECT_LT(loaded, kMessages) << "the server went away before the sync finished";

    // While it is away, the app keeps what it has and keeps trying.
    const int triesBefore = proxy.accepted();
    EXPECT_TRUE(waitUntil([&] { return proxy.accepted() > triesBefore; }, 30000)) << "it retried on its own";
    EXPECT_EQ(countWithMarker(store, marker), loaded) << "nothing loaded is lost";

    // Back: the sync resumes and completes.
    proxy.setDown(false);
    EXPECT_TRUE(waitUntil([&] { return countWithMarker(store, marker) == kMessages; }, 30000))
        << countWithMarker(store, marker) << " of " << kMessages;
    EXPECT_TRUE(waitUntil([&] { return sync.status(account.id).state == AccountState::Live; }, 10000));
    fixture.provider->unsubscribe();
    doveadm(forUser(QStringLiteral("mailbox delete"), kUser) + QStringList{folder});
}

} // namespace tributary::test

namespace tributary::test {

TEST(ImapFaultTest, FiftyMegabyteAttachmentAndUnknownCharsetAreShownNotFatal) {
    TRIBUTARY_REQUIRE_SERVERS();
    const QString folder = QStringLiteral("Huge-") + uniqueMarker();
    ASSERT_TRUE(doveadm(forUser(QStringLiteral("mailbox create"), kUser) + QStringList{folder}));
    const QString marker = uniqueMarker();
    QByteArray blob(50 * 1024 * 1024, Qt::Uninitialized);
    QRandomGenerator generator(7);
    for (qsizetype i = 0; i < blob.size(); i += 4) {
        const quint32 word = generator.generate();
        std::memcpy(blob.data() + i, &word, 4);
    }
    QByteArray raw = "From: big@example.com\r\nTo: " + TestEnv::get().address(kUser).toUtf8() +
                     "\r\nSubject: Huge " + marker.toUtf8() +
                     "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                     "Content-Type: text/plain; charset=x-klingon\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                     "Readable despite the charset: caf\xc3\xa9.\r\n--b\r\n"
                     "Content-Type: video/mp4\r\nContent-Disposition: attachment; filename=talk.mp4\r\n"
                     "Content-Transfer-Encoding: base64\r\n\r\n";
    const QByteArray encoded = blob.toBase64();
    raw.reserve(raw.size() + encoded.size() * 78 / 76 + 16);
    for (qsizetype i = 0; i < encoded.size(); i += 76)
        raw += encoded.mid(i, 76) + "\r\n";
    raw += "--b--\r\n";
    ASSERT_TRUE(deliverRaw(kUser, raw, folder));
    raw.clear();

    ImapFixture fixture = makeImapProvider(TestEnv::get().imapAccount(kUser));
    Provider& p = *fixture.provider;
    Channel channel;
    channel.id = makeId(IdKind::Channel, p.account().id, folder);
    const QList<Message> listed = messagesWithMarker(p, channel, marker);
    ASSERT_EQ(listed.size(), 1);
    EXPECT_TRUE(listed.first().hasAttachments);

    // The text comes without the 67 MB around it; the video only when asked for.
    auto full = await(p.fetchBody(listed.first().id), 60000);
    ASSERT_TRUE(full && full->ok()) << (full ? full->error().describe().toStdString() : "timeout");
    EXPECT_TRUE(full->value().text.contains(QStringLiteral("Readable despite the charset: café")))
        << full->value().text.toStdString();
    ASSERT_EQ(full->value().attachments.size(), 1);
    EXPECT_EQ(full->value().attachments.first().fileName, QStringLiteral("talk.mp4"));
    auto bytes = await(p.fetchAttachment(listed.first().id, full->value().attachments.first().id), 120000);
    ASSERT_TRUE(bytes && bytes->ok());
    EXPECT_EQ(bytes->value().size(), blob.size());
    EXPECT_TRUE(bytes->value() == blob);
    doveadm(forUser(QStringLiteral("mailbox delete"), kUser) + QStringList{folder});
}

} // namespace tributary::test
