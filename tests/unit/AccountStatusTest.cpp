// The account status SyncController derives (core/sync/SyncStatus.cpp): Live only while
// connected and pushed to, Reconnecting with the time of the next try, Offline with the
// time of the last sync once the loss lasts, Sign in again; and the catch-up through
// syncChanges when a push connection comes back.
#include "Await.h"
#include "FakeProvider.h"
#include "inbox/InboxStore.h"
#include "sync/SyncController.h"

#include <QSignalSpy>
#include <QTest>
#include <gtest/gtest.h>

namespace tributary::test {
namespace {

const QString kAccount = QStringLiteral("acme");

struct AccountStatusTest : ::testing::Test {
    AccountStatusTest()
        : provider(kAccount) {
        provider.incremental = true;
        inbox = provider.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        provider.addMessages(inbox, 3);
        options.reconnectMinMs = 40;
        options.reconnectMaxMs = 80;
        options.offlineAfterMs = 300;
    }

    std::unique_ptr<SyncController> startLive() {
        auto sync = std::make_unique<SyncController>(&store, nullptr, options);
        sync->addProvider(&provider);
        sync->start();
        EXPECT_TRUE(waitFor(*sync, AccountState::Live));
        return sync;
    }

    bool waitFor(const SyncController& sync, AccountState state, int boundMs = 10000) {
        return waitUntil([&] { return sync.status(kAccount).state == state; }, boundMs);
    }

    static ConnectionStatus pushLost(const QDateTime& nextAttempt) {
        ConnectionStatus s{ConnectionState::Offline, QStringLiteral("Live updates are interrupted")};
        s.nextAttempt = nextAttempt;
        return s;
    }

    FakeProvider provider;
    Channel inbox;
    InboxStore store;
    SyncController::Options options;
};

} // namespace

TEST_F(AccountStatusTest, ALostPushConnectionIsReconnectingThenOfflineAndCatchesUpWhenBack) {
    auto sync = startLive();
    const QDateTime liveSince = sync->status(kAccount).lastSynced;
    ASSERT_TRUE(liveSince.isValid());

    const QDateTime nextTry = QDateTime::currentDateTimeUtc().addSecs(8);
    provider.report(pushLost(nextTry));
    AccountStatus status = sync->status(kAccount);
    EXPECT_EQ(status.state, AccountState::Reconnecting);
    EXPECT_EQ(status.nextAttempt, nextTry);
    EXPECT_EQ(status.reason, QStringLiteral("Live updates are interrupted."));
    EXPECT_GE(status.lastSynced, liveSince);

    // Mail arrives while push is away; nobody announces it.
    const QList<Message> missed = provider.addMessages(inbox, 2);
    const qsizetype asked = provider.changeRequests.size();

    // A loss that lasts is Offline, showing how old what the user sees is.
    ASSERT_TRUE(waitFor(*sync, AccountState::Offline));
    status = sync->status(kAccount);
    EXPECT_TRUE(status.lastSynced.isValid());
    EXPECT_LE(status.lastSynced, QDateTime::currentDateTimeUtc());
    EXPECT_EQ(status.nextAttempt, nextTry);
    EXPECT_FALSE(store.message(missed.first().id).has_value());

    // Push is back: the gap comes through syncChanges, and the account is live again.
    provider.report(ConnectionStatus{ConnectionState::Online, {}});
    ASSERT_TRUE(waitUntil([&] {
        return store.message(missed.first().id).has_value() && store.message(missed.last().id).has_value();
    }));
    EXPECT_GT(provider.changeRequests.size(), asked);
    EXPECT_TRUE(waitFor(*sync, AccountState::Live));
    EXPECT_FALSE(sync->status(kAccount).nextAttempt.isValid());
}

TEST_F(AccountStatusTest, AFailedCommandWithoutARetryPlanIsNotAPushLoss) {
    auto sync = startLive();
    // What a provider reports when one operation failed: its caller handles the error.
    provider.report(ConnectionStatus{ConnectionState::Offline, QStringLiteral("timed out")});
    EXPECT_EQ(sync->status(kAccount).state, AccountState::Live);
}

TEST_F(AccountStatusTest, LosingTheAccountRetriesWithABoundedJitteredDelay) {
    provider.connectFailures = 3;
    provider.connectError = ProviderError::network(QStringLiteral("connection refused"));
    auto sync = std::make_unique<SyncController>(&store, nullptr, options);
    sync->addProvider(&provider);
    QList<AccountStatus> seen;
    QObject::connect(sync.get(), &SyncController::statusChanged,
                     [&](const QString&, const AccountStatus& s) { seen.append(s); });
    sync->start();
    ASSERT_TRUE(waitFor(*sync, AccountState::Live));
    EXPECT_EQ(provider.connectCalls, 4);
    int planned = 0;
    for (const AccountStatus& s : std::as_const(seen)) {
        if (s.state != AccountState::Reconnecting || !s.nextAttempt.isValid())
            continue;
        ++planned;
        EXPECT_EQ(s.reason, QStringLiteral("connection refused."));
        const qint64 wait = QDateTime::currentDateTimeUtc().msecsTo(s.nextAttempt);
        EXPECT_LE(wait, options.reconnectMaxMs) << "bounded";
    }
    EXPECT_EQ(planned, 3) << "each failure says when the next try is";
}

TEST_F(AccountStatusTest, ARefusedSignInWaitsForTheUser) {
    auto sync = startLive();
    provider.report(ConnectionStatus{ConnectionState::NeedsSignIn,
                                     QStringLiteral("Your sign-in for acme has expired or was revoked.")});
    EXPECT_EQ(sync->status(kAccount).state, AccountState::SignInRequired);
    EXPECT_TRUE(sync->status(kAccount).reason.contains(QStringLiteral("revoked")));
    const int calls = provider.connectCalls;
    QTest::qWait(200);
    EXPECT_EQ(provider.connectCalls, calls) << "never retried by itself: no storm of refused sign-ins";
    sync->reconnect(kAccount); // after "Sign in again"
    EXPECT_TRUE(waitFor(*sync, AccountState::Live));
}

} // namespace tributary::test
