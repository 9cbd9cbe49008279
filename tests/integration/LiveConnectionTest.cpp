// Live connections never go silently dead (docs/RELIABILITY.md, "Tokens and live
// connections"): a peer that stops answering without closing anything (a frozen server, a
// network that went away) is noticed by the push connection's probes, the account's status
// leaves "Live" and says when it tries again, and after recovery what was posted during the
// gap arrives through syncChanges. The peer is frozen by black-holing a TcpProxy in front
// of it: Dovecot for IMAP IDLE, the Slack emulator's websocket for Socket Mode. The probes
// are shortened (LivenessOptions) so the test takes seconds; the product's own bound is
// checked in LivenessTest.
#include "ImapTestSupport.h"
#include "SlackTestBed.h"
#include "TcpProxy.h"
#include "imap/ImapSession.h"
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "sync/SyncController.h"

#include <QElapsedTimer>
#include <QTest>
#include <iostream>

namespace tributary::test {
namespace {

using namespace std::chrono_literals;

//! The status must leave Live within the product's promise; with the short probes below it
//! takes about three seconds. A bound on behaviour, not a speed check.
constexpr int kDetectionBoundMs = 60000;
constexpr int kRecoveryBoundMs = 150000; // Slack allows two new connections a minute

LivenessOptions shortProbes() {
    LivenessOptions o;
    o.probeInterval = 1s;
    o.probeTimeout = 2s;
    o.reconnectMin = 200ms;
    o.reconnectMax = 2s;
    return o;
}

SyncController::Options syncOptions() {
    SyncController::Options o;
    o.backfillLimit = 50; // a small first sync: Live soon, and no paging when the peer freezes
    o.reconnectMinMs = 200;
    o.reconnectMaxMs = 2000;
    return o;
}

//! Messages (not rows: a chat channel is one row for all its messages) that carry `marker`.
int countWithMarker(const InboxStore& store, const QString& marker) {
    int n = 0;
    for (const Thread& t : store.threads()) {
        for (const Message& m : store.messagesInThread(t.id))
            n += m.subject.contains(marker) || m.snippet.contains(marker) ? 1 : 0;
    }
    return n;
}

bool isLive(const SyncController& sync, const QString& account) {
    return sync.status(account).state == AccountState::Live;
}

} // namespace

TEST(LiveConnectionTest, ImapNoticesAFrozenServerAndFetchesWhatCameMeanwhile) {
    TRIBUTARY_REQUIRE_SERVERS();
    const QString user = QStringLiteral("bob");
    const QString folder = QStringLiteral("Live-") + uniqueMarker();
    ASSERT_TRUE(doveadm(forUser(QStringLiteral("mailbox create"), user) + QStringList{folder}));
    const QString before = uniqueMarker();
    ASSERT_TRUE(deliverRaw(user, simpleMessage(user, before, 0), folder));

    TcpProxy proxy(TestEnv::get().host, quint16(TestEnv::get().imapPort));
    Account account = TestEnv::get().imapAccount(user);
    account.settings.insert(QStringLiteral("imapPort"), proxy.port());
    EnvSecretSource secrets({account});
    ProviderContext context{&secrets};
    context.liveness = shortProbes();
    ImapProvider provider(account, context);
    InboxStore store;
    SyncController sync(&store, nullptr, syncOptions());
    sync.addProvider(&provider);
    const QString watched = makeId(IdKind::Channel, account.id, folder);
    int announced = 0; // the push connection announces once it has the folder open
    QObject::connect(&provider, &Provider::eventsArrived, [&](const QList<Event>& events) {
        for (const Event& e : events)
            announced += e.kind == EventKind::ChannelChanged && e.channelId == watched ? 1 : 0;
    });
    sync.openChannel(watched); // watched by IDLE too
    sync.start();
    ASSERT_TRUE(waitUntil(
        [&] { return isLive(sync, account.id) && countWithMarker(store, before) == 1 && announced > 0; },
        kRecoveryBoundMs))
        << toString(sync.status(account.id).state).toStdString();

    // The server freezes: connections stay open, nothing answers.
    proxy.setBlackHole(true);
    QElapsedTimer frozen;
    frozen.start();
    ASSERT_TRUE(waitUntil([&] { return !isLive(sync, account.id); }, kDetectionBoundMs))
        << "still \"Live\" on a dead connection";
    const qint64 detectedMs = frozen.elapsed();
    const AccountStatus lost = sync.status(account.id);
    EXPECT_TRUE(lost.state == AccountState::Reconnecting || lost.state == AccountState::Offline)
        << toString(lost.state).toStdString();
    EXPECT_FALSE(lost.reason.isEmpty());
    EXPECT_TRUE(lost.lastSynced.isValid());

    // Mail arrives while the app cannot hear about it.
    const QString during = uniqueMarker();
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(deliverRaw(user, simpleMessage(user, during, i), folder));
    const int triesBefore = proxy.accepted();
    ASSERT_TRUE(waitUntil([&] { return proxy.accepted() >= triesBefore + 2; }, kRecoveryBoundMs))
        << "it keeps trying to reconnect into the black hole";
    EXPECT_EQ(countWithMarker(store, during), 0);
    EXPECT_FALSE(isLive(sync, account.id));

    proxy.setBlackHole(false);
    QElapsedTimer back;
    back.start();
    ASSERT_TRUE(waitUntil([&] { return countWithMarker(store, during) == 3; }, kRecoveryBoundMs))
        << countWithMarker(store, during) << " of 3 after recovery";
    EXPECT_TRUE(waitUntil([&] { return isLive(sync, account.id); }, kRecoveryBoundMs))
        << toString(sync.status(account.id).state).toStdString();
    // Sooner than the command connection's read timeout: a command stuck on the frozen
    // connection was given up when push came back, not waited out.
    EXPECT_LT(back.elapsed(), imap::ImapSession::kDefaultReadTimeoutMs);
    std::cout << "[ figures  ] IMAP: status left Live " << detectedMs << " ms after the freeze; the gap's 3 "
              << "messages arrived " << back.elapsed() << " ms after recovery\n";
    provider.unsubscribe();
    doveadm(forUser(QStringLiteral("mailbox delete"), user) + QStringList{folder});
}

TEST(LiveConnectionTest, SlackSocketModeNoticesASilentSocketAndFetchesWhatCameMeanwhile) {
    TRIBUTARY_REQUIRE_SLACK_EMULATOR();
    slackbed::SlackTestBed bed;
    // Envelopes that find no listener are dropped, not redelivered to the next connection:
    // what the gap missed can only come back through syncChanges.
    slackbed::control(QStringLiteral("config"), {{QStringLiteral("max_retries"), QStringLiteral("0")}});
    struct RestoreRedelivery {
        ~RestoreRedelivery() {
            slackbed::control(QStringLiteral("config"),
                              {{QStringLiteral("max_retries"), QStringLiteral("3")}});
        }
    } restore;
    const QUrl emulator = SlackTestEnv::get().emulator;
    TcpProxy proxy(emulator.host(), quint16(emulator.port()));
    QUrl throughProxy = emulator;
    throughProxy.setPort(proxy.port());
    bed.setLiveness(shortProbes());
    auto provider = bed.make(SlackTestEnv::get().userToken, SlackTestEnv::get().appToken,
                             {{slack::SlackSettingKey::SocketModeApiBaseUrl, throughProxy.toString()}});
    InboxStore store;
    SyncController sync(&store, nullptr, syncOptions());
    sync.addProvider(provider.get());
    sync.openChannel(slackbed::channelId(slackbed::kGeneral));
    sync.start();
    ASSERT_TRUE(
        waitUntil([&] { return isLive(sync, slackbed::kAccount) && provider->isSocketModeConnected(); },
                  kRecoveryBoundMs))
        << toString(sync.status(slackbed::kAccount).state).toStdString();
    EXPECT_GT(proxy.accepted(), 0) << "the websocket goes through the proxy";

    // Pushed while the socket is healthy: arrives as an event.
    const QString live = slackbed::marker();
    ASSERT_TRUE(slackbed::postAs(QStringLiteral("U0BOB00002"), slackbed::kGeneral, live));
    ASSERT_TRUE(waitUntil([&] { return countWithMarker(store, live) == 1; }, kRecoveryBoundMs));

    proxy.setBlackHole(true);
    QElapsedTimer frozen;
    frozen.start();
    ASSERT_TRUE(waitUntil([&] { return !isLive(sync, slackbed::kAccount); }, kDetectionBoundMs))
        << "still \"Live\" on a silent socket";
    const qint64 detectedMs = frozen.elapsed();
    const AccountStatus lost = sync.status(slackbed::kAccount);
    EXPECT_EQ(lost.state, AccountState::Reconnecting) << toString(lost.state).toStdString();
    EXPECT_TRUE(lost.nextAttempt.isValid()) << "it says when it tries again";
    EXPECT_FALSE(provider->isSocketModeConnected());

    const QString during = slackbed::marker();
    for (int i = 0; i < 2; ++i)
        ASSERT_TRUE(slackbed::postAs(QStringLiteral("U0BOB00002"), slackbed::kGeneral,
                                     during + QStringLiteral(" #") + QString::number(i)));
    drainEvents(); // through the silent socket nothing can arrive; only the recovery fetches it
    EXPECT_EQ(countWithMarker(store, during), 0);

    proxy.setBlackHole(false);
    QElapsedTimer back;
    back.start();
    ASSERT_TRUE(waitUntil([&] { return countWithMarker(store, during) == 2; }, kRecoveryBoundMs))
        << countWithMarker(store, during) << " of 2 after recovery";
    EXPECT_TRUE(
        waitUntil([&] { return isLive(sync, slackbed::kAccount) && provider->isSocketModeConnected(); },
                  kRecoveryBoundMs));
    std::cout << "[ figures  ] Slack: status left Live " << detectedMs << " ms after the freeze; the gap's 2 "
              << "messages arrived " << back.elapsed() << " ms after recovery\n";
    slackbed::control(QStringLiteral("reset"));
}

} // namespace tributary::test
