// The window's message actions from the keyboard, the menus and the command palette:
// j/k, s, e, #, u, r, Ctrl+K, "?" and a refused action explained in the status bar.
#include "actions/MailActions.h"

#include "../unit/FakeProvider.h"
#include "Await.h"
#include "MainWindow.h"
#include "ThreadListPane.h"
#include "actions/CommandPalette.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadListModel.h"
#include "sync/SyncController.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QStatusBar>
#include <QTest>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::FakeProvider;
using tributary::test::waitUntil;

namespace {

struct MailActionsTest : ::testing::Test {
    MailActionsTest()
        : provider(QStringLiteral("acme"))
        , sync(&store, nullptr) {
        inbox = provider.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        archive = provider.addChannel(QStringLiteral("Archive"), ChannelRole::Archive);
        trash = provider.addChannel(QStringLiteral("Trash"), ChannelRole::Trash);
        mail = provider.addMessages(inbox, 4); // newest first, each its own thread
        sync.addProvider(&provider);
        window = std::make_unique<MainWindow>(&sync, &store);
        window->show();
        window->activateWindow();
        sync.start();
        EXPECT_TRUE(waitUntil([&] { return window->threadProxy()->rowCount() == 4; }));
        window->threadView()->setFocus();
    }

    QString threadOf(const Message& m) const { return store.message(m.id)->threadId; }
    QString currentThread() const { return window->currentThreadId(); }
    void key(int k, Qt::KeyboardModifiers mods = Qt::NoModifier) {
        QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : window.get();
        QTest::keyClick(target, Qt::Key(k), mods);
    }

    FakeProvider provider;
    InboxStore store;
    SyncController sync;
    std::unique_ptr<MainWindow> window;
    Channel inbox;
    Channel archive;
    Channel trash;
    QList<Message> mail;
};

} // namespace

TEST_F(MailActionsTest, JAndKWalkTheList) {
    ASSERT_TRUE(window->selectThread(threadOf(mail[0])));
    key(Qt::Key_J);
    EXPECT_EQ(currentThread(), threadOf(mail[1]));
    key(Qt::Key_J);
    EXPECT_EQ(currentThread(), threadOf(mail[2]));
    key(Qt::Key_K);
    EXPECT_EQ(currentThread(), threadOf(mail[1]));
}

TEST_F(MailActionsTest, FlagArchiveAndDeleteFromTheKeyboard) {
    ASSERT_TRUE(window->selectThread(threadOf(mail[1])));
    key(Qt::Key_S);
    EXPECT_TRUE(store.message(mail[1].id)->flags.testFlag(MessageFlag::Flagged)) << "shown at once";
    ASSERT_TRUE(waitUntil([&] { return provider.flagCalls.size() >= 2; })) << "read on open, then flagged";
    EXPECT_EQ(window->mailActions()->action(MailActions::ToggleFlag)->text(), QStringLiteral("Un&flag"));

    ReadingSettings openNext = window->readingSettings();
    openNext.afterMove = ReadingSettings::AfterMove::OpenNext; // the default shows the list
    window->setReadingSettings(openNext);
    key(Qt::Key_E);
    EXPECT_FALSE(store.message(mail[1].id).has_value()) << "left the Inbox at once";
    ASSERT_TRUE(waitUntil([&] { return provider.moveCalls.size() == 1; }));
    EXPECT_EQ(provider.moveCalls[0].second, archive.id);
    ASSERT_TRUE(waitUntil([&] { return currentThread() == threadOf(mail[2]); }))
        << "the next one is selected";

    key(Qt::Key_NumberSign);
    ASSERT_TRUE(waitUntil([&] { return provider.moveCalls.size() == 2; }));
    EXPECT_TRUE(provider.moveCalls[1].second.isEmpty()) << "delete goes through the provider's remove";
    EXPECT_FALSE(store.message(mail[2].id).has_value());
}

TEST_F(MailActionsTest, ARefusedArchiveComesBackAndIsExplained) {
    provider.moveError = ProviderError::network(QStringLiteral("the server went away"));
    ASSERT_TRUE(window->selectThread(threadOf(mail[0])));
    ASSERT_TRUE(window->mailActions()->action(MailActions::Archive)->isEnabled());
    key(Qt::Key_E);
    ASSERT_TRUE(waitUntil([&] { return store.message(mail[0].id).has_value(); }));
    ASSERT_TRUE(waitUntil([&] {
        return window->statusBar()->currentMessage().contains(QStringLiteral("server went away"));
    })) << window->statusBar()->currentMessage().toStdString();
}

TEST_F(MailActionsTest, ReadStateToggles) {
    ASSERT_TRUE(window->selectThread(threadOf(mail[3])));
    ASSERT_TRUE(waitUntil([&] { return store.message(mail[3].id)->isRead(); })) << "opening marks read";
    key(Qt::Key_U);
    EXPECT_FALSE(store.message(mail[3].id)->isRead());
    EXPECT_EQ(window->mailActions()->action(MailActions::ToggleRead)->text(),
              QStringLiteral("Mark as &Read"));
}

TEST_F(MailActionsTest, ComposeActionsNeedAComposerAndPassTheNewestMessage) {
    ASSERT_TRUE(window->selectThread(threadOf(mail[0])));
    EXPECT_FALSE(window->mailActions()->action(MailActions::Reply)->isEnabled());
    QList<std::pair<SendKind, QString>> asked;
    window->setComposeHandler([&](SendKind kind, const QString& id) { asked.append({kind, id}); });
    // The fake has no send capability of its own beyond Flags/Folders: compose stays off.
    EXPECT_FALSE(window->mailActions()->action(MailActions::Compose)->isEnabled());
    EXPECT_TRUE(asked.isEmpty());
}

TEST_F(MailActionsTest, CommandPaletteRunsAnActionByName) {
    ASSERT_TRUE(window->selectThread(threadOf(mail[0])));
    window->mailActions()->action(MailActions::CommandPalette)->trigger();
    auto* palette = window->findChild<CommandPalette*>();
    ASSERT_NE(palette, nullptr);
    ASSERT_TRUE(waitUntil([&] { return palette->isVisible(); }));
    QTest::keyClicks(palette->queryField(), QStringLiteral("arch"));
    ASSERT_GE(palette->list()->count(), 1);
    EXPECT_TRUE(palette->list()->item(0)->text().startsWith(QStringLiteral("Archive")));
    QTest::keyClick(palette->queryField(), Qt::Key_Return);
    ASSERT_TRUE(waitUntil([&] { return provider.moveCalls.size() == 1; }));
    EXPECT_EQ(provider.moveCalls[0].second, archive.id);
}

TEST_F(MailActionsTest, PaletteScoringPrefersPrefixesAndWordStarts) {
    EXPECT_GT(CommandPalette::score(QStringLiteral("Reply All"), QStringLiteral("rep")),
              CommandPalette::score(QStringLiteral("Mark as Unread"), QStringLiteral("rea")));
    EXPECT_GT(CommandPalette::score(QStringLiteral("Reply All"), QStringLiteral("all rep")), 0);
    EXPECT_EQ(CommandPalette::score(QStringLiteral("Archive"), QStringLiteral("xyz")), 0);
}

TEST_F(MailActionsTest, ShortcutSheetListsEveryAction) {
    window->mailActions()->action(MailActions::ShortcutSheet)->trigger();
    auto* sheet = window->findChild<ShortcutSheet*>();
    ASSERT_NE(sheet, nullptr);
    const QList<QAction*> all = window->findChildren<QAction*>();
    EXPECT_FALSE(all.isEmpty());
    for (MailActions::Id id : window->mailActions()->ids()) {
        const QAction* a = window->mailActions()->action(id);
        EXPECT_FALSE(a->shortcuts().isEmpty()) << plainActionText(a).toStdString();
        EXPECT_FALSE(a->toolTip().isEmpty());
    }
}
