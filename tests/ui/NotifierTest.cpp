// Desktop notifications for new mail, against a notification service on the private
// session bus that tools/test starts (this test plays the desktop's notification daemon).
#include "notify/Notifier.h"

#include "../unit/FakeProvider.h"
#include "Await.h"
#include "Peers.h"
#include "inbox/InboxStore.h"
#include "sync/SyncController.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QSignalSpy>
#include <QTest>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::FakeProvider;
using tributary::test::waitUntil;

namespace {

//! org.freedesktop.Notifications, as a desktop would offer it: records each Notify call.
class FakeNotificationDaemon : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Shown {
        QString summary;
        QString body;
        QStringList actions;
    };

public slots:
    uint Notify(const QString&, uint, const QString&, const QString& summary, const QString& body,
                const QStringList& actions, const QVariantMap&, int) {
        shown.append({summary, body, actions});
        return uint(shown.size());
    }
    QStringList GetCapabilities() { return {QStringLiteral("body"), QStringLiteral("actions")}; }

public:
    QList<Shown> shown;
};

struct NotifierTest : ::testing::Test {
    void SetUp() override {
        TRIBUTARY_REQUIRE_KEYRING(); // the private session bus tools/test starts
        bus = std::make_unique<QDBusConnection>(
            QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("fake-notifications")));
        ASSERT_TRUE(bus->isConnected());
        ASSERT_TRUE(bus->registerObject(QStringLiteral("/org/freedesktop/Notifications"), &daemon,
                                        QDBusConnection::ExportAllSlots));
        ASSERT_TRUE(bus->registerService(QStringLiteral("org.freedesktop.Notifications")))
            << "another notification service owns the name";
    }
    void TearDown() override {
        if (bus) {
            bus->unregisterService(QStringLiteral("org.freedesktop.Notifications"));
            QDBusConnection::disconnectFromBus(QStringLiteral("fake-notifications"));
        }
    }

    FakeNotificationDaemon daemon;
    std::unique_ptr<QDBusConnection> bus;
};

} // namespace

TEST_F(NotifierTest, NewMailIsAnnouncedWithSenderSubjectAndAccountUnlessMuted) {
    FakeProvider provider(QStringLiteral("work"));
    provider.incremental = true;
    const Channel inbox = provider.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
    provider.addMessages(inbox, 2, true);
    InboxStore store;
    SyncController sync(&store, nullptr);
    sync.addProvider(&provider);
    Notifier notifier(&sync, nullptr);
    QSignalSpy unread(&notifier, &Notifier::unreadCountChanged);
    sync.start();
    ASSERT_TRUE(waitUntil([&] { return sync.status(QStringLiteral("work")).state == AccountState::Live; }));

    const QList<Message> fresh = provider.addMessages(inbox, 1);
    Event changed;
    changed.kind = EventKind::ChannelChanged;
    changed.accountId = QStringLiteral("work");
    changed.channelId = inbox.id;
    provider.push(changed);
    ASSERT_TRUE(waitUntil([&] { return daemon.shown.size() == 1; }, 5000));
    EXPECT_EQ(daemon.shown[0].summary, QStringLiteral("Ann"));
    EXPECT_TRUE(daemon.shown[0].body.contains(fresh[0].subject));
    EXPECT_TRUE(daemon.shown[0].body.contains(QStringLiteral("work"))) << "names the account";
    EXPECT_TRUE(daemon.shown[0].actions.contains(QStringLiteral("default")));
    ASSERT_TRUE(waitUntil([&] { return notifier.unreadCount() == 1; }));

    // Muted: the next one stays quiet; the unread count still follows.
    notifier.setMuted(QStringLiteral("work"), true);
    provider.addMessages(inbox, 1);
    provider.push(changed);
    ASSERT_TRUE(waitUntil([&] { return notifier.unreadCount() == 2; }));
    tributary::test::drainEvents();
    EXPECT_EQ(daemon.shown.size(), 1);

    // Many at once: one summary instead of a flood.
    notifier.setMuted(QStringLiteral("work"), false);
    provider.addMessages(inbox, 5);
    provider.push(changed);
    ASSERT_TRUE(waitUntil([&] { return daemon.shown.size() == 2; }, 5000));
    EXPECT_EQ(daemon.shown[1].summary, QStringLiteral("5 new messages"));
}

TEST_F(NotifierTest, TheUsersOwnMessagesAreNoNews) {
    FakeProvider provider(QStringLiteral("work"));
    provider.incremental = true;
    const Channel inbox = provider.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
    provider.addMessages(inbox, 1, true);
    InboxStore store;
    SyncController sync(&store, nullptr);
    sync.addProvider(&provider);
    Notifier notifier(&sync, nullptr);
    sync.start();
    ASSERT_TRUE(waitUntil([&] { return sync.status(QStringLiteral("work")).state == AccountState::Live; }));
    Event changed;
    changed.kind = EventKind::ChannelChanged;
    changed.accountId = QStringLiteral("work");
    changed.channelId = inbox.id;

    // A copy of what the user sent (to themselves, from another device): unread, but theirs.
    const Message mine = provider.addMessages(inbox, 1).first();
    provider.setFlagsOf(mine.id, MessageFlag::FromMe);
    provider.push(changed);
    ASSERT_TRUE(waitUntil([&] { return store.message(mine.id).has_value(); }));
    tributary::test::drainEvents();
    EXPECT_TRUE(daemon.shown.isEmpty());

    const Message theirs = provider.addMessages(inbox, 1).first();
    provider.push(changed);
    ASSERT_TRUE(waitUntil([&] { return daemon.shown.size() == 1; }, 5000));
    EXPECT_TRUE(daemon.shown[0].body.contains(theirs.subject));
}

#include "NotifierTest.moc"
