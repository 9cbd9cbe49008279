// The server going away mid-sync, seen by a running SyncController: an "offline, retrying
// in N s" state, nothing already loaded is lost, and the sync resumes when it is back.
#include "ImapTestSupport.h"
#include "TcpProxy.h"
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "sync/SyncController.h"

#include <QTest>

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
    QList<ConnectionStatus> statuses;
    QObject::connect(&sync, &SyncController::statusChanged,
                     [&](const QString&, const ConnectionStatus& s) { statuses.append(s); });
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
    ASSERT_TRUE(waitUntil([&] { return sync.status(account.id).state == ConnectionState::Offline; }, 20000));
    const ConnectionStatus offline = sync.status(account.id);
    EXPECT_TRUE(offline.detail.contains(QStringLiteral("Retrying in"))) << offline.detail.toStdString();
    const int loaded = countWithMarker(store, marker);
    EXPECT_GE(loaded, 5);
    EXPECT_LT(loaded, kMessages) << "the server went away before the sync finished";

    // While it is away, the app keeps what it has and keeps trying.
    const int triesBefore = proxy.accepted();
    QTest::qWait(1500);
    EXPECT_EQ(countWithMarker(store, marker), loaded) << "nothing loaded is lost";
    EXPECT_GT(proxy.accepted(), triesBefore) << "it retried on its own";

    // Back: the sync resumes and completes.
    proxy.setDown(false);
    EXPECT_TRUE(waitUntil([&] { return countWithMarker(store, marker) == kMessages; }, 30000))
        << countWithMarker(store, marker) << " of " << kMessages;
    EXPECT_TRUE(waitUntil([&] { return sync.status(account.id).state == ConnectionState::Online; }, 10000));
    fixture.provider->unsubscribe();
    doveadm(forUser(QStringLiteral("mailbox delete"), kUser) + QStringList{folder});
}

} // namespace tributary::test
