// Issue 11, "expected interactions": a context menu on rows that acts on the row without
// opening it, "Move to…" with a keyboard-driven folder picker, drag and drop of rows onto
// sidebar folders (undoable), a context menu on folders that manages them through the
// provider contract (and says why not where an account cannot), drafts that open in the
// composer, and Sent/Drafts rows that name the recipients. Offscreen, against FakeProviders.
#include "../unit/FakeProvider.h"
#include "Await.h"
#include "ConversationView.h"
#include "MainWindow.h"
#include "SidebarModel.h"
#include "SidebarView.h"
#include "ThreadDelegate.h"
#include "ThreadListPane.h"
#include "ThreadListView.h"
#include "UndoBar.h"
#include "actions/CommandPalette.h"
#include "actions/FolderPicker.h"
#include "actions/MailActions.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadListModel.h"
#include "model/Ids.h"
#include "sync/SyncController.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDragMoveEvent>
#include <QDropEvent>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QTest>
#include <gtest/gtest.h>
#include <memory>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::FakeProvider;
using tributary::test::waitUntil;

namespace {

//! An action of a menu by its text (mnemonics and the shortcut column left out).
QAction* entry(QMenu* menu, const QString& text) {
    for (QAction* a : menu->actions()) {
        QString label = a->text().section(QLatin1Char('\t'), 0, 0);
        label.remove(QLatin1Char('&'));
        if (label == text)
            return a;
    }
    return nullptr;
}

QStringList entries(QMenu* menu) {
    QStringList out;
    for (QAction* a : menu->actions()) {
        if (a->isSeparator())
            continue;
        QString label = a->text().section(QLatin1Char('\t'), 0, 0);
        label.remove(QLatin1Char('&'));
        out.append(label);
    }
    return out;
}

struct Interactions : ::testing::Test {
    Interactions()
        : provider(QStringLiteral("acme"))
        , team(QStringLiteral("team"))
        , sync(&store, nullptr) {
        provider.incremental = true;
        provider.folders = true;
        inbox = provider.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        drafts = provider.addChannel(QStringLiteral("Drafts"), ChannelRole::Drafts);
        sent = provider.addChannel(QStringLiteral("Sent"), ChannelRole::Sent);
        archive = provider.addChannel(QStringLiteral("Archive"), ChannelRole::Archive);
        trash = provider.addChannel(QStringLiteral("Trash"), ChannelRole::Trash);
        projects = provider.addChannel(QStringLiteral("Projects"));
        lists = provider.addChannel(QStringLiteral("Lists"));
        lists.selectable = false; // a container, as a \Noselect folder
        lists.name = QStringLiteral("Lists");
        provider.setChannel(lists);
        dev = provider.addChannel(QStringLiteral("Lists/dev"));
        dev.name = QStringLiteral("dev");
        dev.parentId = lists.id;
        provider.setChannel(dev);
        mail = provider.addMessages(inbox, 4); // newest first, each its own thread, unread

        team.chat = true;
        support = team.addChannel(QStringLiteral("C0SUPPORT"));
        support.name = QStringLiteral("support");
        support.kind = ChannelKind::ChatChannel;
        team.setChannel(support);
        QList<Message> said = team.addMessages(support, 1);
        said[0].kind = ConversationKind::Chat;
        said[0].subject.clear();
        team.replaceMessage(said[0]);
        chatMessage = said[0];

        sync.addProvider(&provider);
        sync.addProvider(&team);
        window = std::make_unique<MainWindow>(&sync, &store);
        window->show();
        window->activateWindow();
        sync.start();
        EXPECT_TRUE(waitUntil([&] { return window->threadProxy()->rowCount() == 5; }));
        window->threadView()->setFocus();
    }

    QString threadOf(const Message& m) const { return store.message(m.id)->threadId; }
    void key(int k, Qt::KeyboardModifiers mods = Qt::NoModifier) {
        QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : window.get();
        QTest::keyClick(target, Qt::Key(k), mods);
    }
    void clickRow(int row) {
        QListView* view = window->threadView();
        view->doItemsLayout();
        const QModelIndex index = window->threadProxy()->index(row, 0);
        view->scrollTo(index);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    }
    int rowOf(const QString& threadId) const {
        for (int row = 0; row < window->threadProxy()->rowCount(); ++row) {
            if (window->threadProxy()->index(row, 0).data(ThreadListModel::ThreadIdRole).toString() ==
                threadId)
                return row;
        }
        return -1;
    }
    int sidebarChildren(const QString& channelId) const {
        const QModelIndex parent = window->sidebarModel()->indexForChannel(channelId);
        return window->sidebarModel()->rowCount(parent);
    }
    //! Drags conversations over the sidebar row of `channelId` and drops them (as a user would
    //! with the mouse; QDrag itself needs a real window system). Whether it was taken.
    bool dropOn(const QStringList& threadIds, const QString& channelId) {
        SidebarView* sidebar = window->sidebarView();
        const QModelIndex target = window->sidebarModel()->indexForChannel(channelId);
        sidebar->scrollTo(target);
        const QPoint at = sidebar->visualRect(target).center();
        std::unique_ptr<QMimeData> data(ThreadListView::mimeForThreads(threadIds));
        QDragEnterEvent enter(at, Qt::MoveAction, data.get(), Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(sidebar->viewport(), &enter);
        QDragMoveEvent move(at, Qt::MoveAction, data.get(), Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(sidebar->viewport(), &move);
        const bool outlined = sidebar->dropTarget() == target;
        QDropEvent drop(at, Qt::MoveAction, data.get(), Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(sidebar->viewport(), &drop);
        EXPECT_EQ(outlined, move.isAccepted()) << "the folder that takes the drop is outlined";
        return move.isAccepted() && drop.isAccepted();
    }
    void settle() {
        for (int i = 0; i < 10; ++i)
            QCoreApplication::processEvents();
    }

    FakeProvider provider;
    FakeProvider team;
    InboxStore store;
    SyncController sync;
    std::unique_ptr<MainWindow> window;
    Channel inbox, drafts, sent, archive, trash, projects, lists, dev, support;
    QList<Message> mail;
    Message chatMessage;
};

} // namespace

// -- rows ---------------------------------------------------------------------------------

TEST_F(Interactions, TheRowMenuActsOnTheRowWithoutOpeningIt) {
    const QString thread = threadOf(mail[2]);
    std::unique_ptr<QMenu> menu(window->threadMenu(thread));
    EXPECT_EQ(
        entries(menu.get()),
        (QStringList{QStringLiteral("Reply"), QStringLiteral("Reply All"), QStringLiteral("Forward"),
                     QStringLiteral("Archive"), QStringLiteral("Delete"), QStringLiteral("Move To…"),
                     QStringLiteral("Mark as Read"), QStringLiteral("Flag"), QStringLiteral("Copy Link")}));
    EXPECT_TRUE(menu->actions().first()->text().contains(QLatin1Char('\t'))) << "shortcuts are shown";

    entry(menu.get(), QStringLiteral("Flag"))->trigger();
    EXPECT_TRUE(store.thread(thread)->flagged);
    EXPECT_TRUE(window->currentThreadId().isEmpty()) << "nothing was opened";
    EXPECT_FALSE(store.message(mail[2].id)->isRead()) << "and so nothing was read";

    entry(menu.get(), QStringLiteral("Copy Link"))->trigger();
    EXPECT_EQ(QGuiApplication::clipboard()->text(), QStringLiteral("mid:") + mail[2].messageIdHeader);

    entry(menu.get(), QStringLiteral("Mark as Read"))->trigger();
    EXPECT_TRUE(store.message(mail[2].id)->isRead());

    std::unique_ptr<QMenu> again(window->threadMenu(thread));
    EXPECT_NE(entry(again.get(), QStringLiteral("Unflag")), nullptr) << "the menu says what the row is";
    EXPECT_NE(entry(again.get(), QStringLiteral("Mark as Unread")), nullptr);
    entry(again.get(), QStringLiteral("Archive"))->trigger();
    ASSERT_TRUE(waitUntil([&] { return provider.messagesIn(archive.id).size() == 1; }));
    EXPECT_TRUE(window->undoBar()->isVisible());
    QTest::mouseClick(window->undoBar()->undoButton(), Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return provider.messagesIn(archive.id).isEmpty(); }));
    EXPECT_TRUE(window->currentThreadId().isEmpty()) << "undo does not open a row that was not open";

    // A chat row: no forwarding or moving, a link only once the provider has one.
    std::unique_ptr<QMenu> chat(window->threadMenu(threadOf(chatMessage)));
    EXPECT_FALSE(entry(chat.get(), QStringLiteral("Forward"))->isEnabled());
    EXPECT_FALSE(entry(chat.get(), QStringLiteral("Move To…"))->isEnabled());
}

TEST_F(Interactions, RightClickOnARowOpensItsMenu) {
    QListView* view = window->threadView();
    view->doItemsLayout();
    const QModelIndex index = window->threadProxy()->index(1, 0);
    const QPoint at = view->visualRect(index).center();
    QContextMenuEvent click(QContextMenuEvent::Mouse, at, view->viewport()->mapToGlobal(at));
    QCoreApplication::sendEvent(view->viewport(), &click);
    QMenu* menu = nullptr;
    ASSERT_TRUE(waitUntil([&] {
        for (QWidget* w : QApplication::topLevelWidgets()) {
            if (w->objectName() == QLatin1String("threadMenu") && w->isVisible())
                menu = qobject_cast<QMenu*>(w);
        }
        return menu != nullptr;
    }));
    menu->close();
}

// -- move to ------------------------------------------------------------------------------

TEST_F(Interactions, MoveToPicksAFolderFromTheKeyboardAndIsUndoable) {
    clickRow(0);
    const QString thread = window->currentThreadId();
    key(Qt::Key_V);
    auto* picker = window->findChild<FolderPicker*>();
    ASSERT_NE(picker, nullptr);
    ASSERT_TRUE(waitUntil([&] { return picker->isVisible(); }));
    const QStringList offered = picker->shownChannels();
    EXPECT_FALSE(offered.contains(inbox.id)) << "where it is already";
    EXPECT_FALSE(offered.contains(lists.id)) << "a folder of folders holds no mail";
    EXPECT_FALSE(offered.contains(support.id)) << "another account's channel";
    EXPECT_TRUE(offered.contains(projects.id));
    EXPECT_TRUE(offered.contains(dev.id));

    QTest::keyClicks(picker->queryField(), QStringLiteral("zzz"));
    EXPECT_TRUE(picker->list()->isHidden());
    EXPECT_TRUE(picker->emptyNote()->text().startsWith(QStringLiteral("No folder matches")));
    picker->queryField()->clear();
    QTest::keyClicks(picker->queryField(), QStringLiteral("dev"));
    ASSERT_FALSE(picker->shownChannels().isEmpty());
    EXPECT_EQ(picker->shownChannels().first(), dev.id);
    EXPECT_EQ(picker->list()->item(0)->text(), QStringLiteral("Lists / dev"));
    QTest::keyClick(picker->queryField(), Qt::Key_Return);

    EXPECT_FALSE(store.message(mail[0].id).has_value()) << "left the Inbox at once";
    ASSERT_TRUE(waitUntil([&] { return provider.messagesIn(dev.id).size() == 1; }));
    EXPECT_EQ(window->undoBar()->text(), QStringLiteral("Moved 1 message to “dev”."));
    EXPECT_EQ(window->mailActions()->action(MailActions::Undo)->text(), QStringLiteral("&Undo Move"));
    window->threadView()->setFocus();
    key(Qt::Key_Z, Qt::ControlModifier);
    ASSERT_TRUE(waitUntil([&] { return provider.messagesIn(dev.id).isEmpty(); }));
    ASSERT_TRUE(waitUntil([&] { return window->currentThreadId() == thread; })) << "open again";
}

TEST_F(Interactions, MoveToIsInTheMessageMenuAndThePalette) {
    clickRow(0);
    QMenu* message = nullptr;
    for (QAction* a : window->menuBar()->actions()) {
        if (a->text().remove(QLatin1Char('&')) == QLatin1String("Message"))
            message = a->menu();
    }
    ASSERT_NE(message, nullptr);
    EXPECT_TRUE(message->actions().contains(window->mailActions()->action(MailActions::MoveTo)));

    window->mailActions()->action(MailActions::CommandPalette)->trigger();
    auto* palette = window->findChild<CommandPalette*>();
    ASSERT_NE(palette, nullptr);
    QTest::keyClicks(palette->queryField(), QStringLiteral("move to"));
    ASSERT_GE(palette->list()->count(), 1);
    EXPECT_TRUE(palette->list()->item(0)->text().startsWith(QStringLiteral("Move To")));
    QTest::keyClick(palette->queryField(), Qt::Key_Return);
    ASSERT_TRUE(waitUntil([&] {
        auto* picker = window->findChild<FolderPicker*>();
        return picker && picker->isVisible();
    })) << "the palette opens the picker";
}

// -- drag and drop --------------------------------------------------------------------------

TEST_F(Interactions, DroppingRowsOnAFolderMovesThemAndUndoBringsThemBack) {
    const QString thread = threadOf(mail[1]);
    ASSERT_TRUE(dropOn({thread}, projects.id));
    EXPECT_FALSE(store.message(mail[1].id).has_value()) << "optimistic: gone from the Inbox at once";
    ASSERT_TRUE(waitUntil([&] { return provider.messagesIn(projects.id).size() == 1; }));
    EXPECT_EQ(window->undoBar()->text(), QStringLiteral("Moved 1 message to “Projects”."));
    EXPECT_FALSE(window->sidebarView()->dropTarget().isValid()) << "the outline goes with the drop";
    QTest::mouseClick(window->undoBar()->undoButton(), Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return provider.messagesIn(projects.id).isEmpty(); }));
    ASSERT_TRUE(waitUntil([&] { return rowOf(thread) >= 0; }));

    // Places that cannot take mail refuse the drop.
    EXPECT_FALSE(dropOn({thread}, lists.id)) << "a folder of folders";
    EXPECT_FALSE(dropOn({thread}, support.id)) << "another account, and a chat channel";
    EXPECT_FALSE(dropOn({thread}, inbox.id)) << "where it is already";
    EXPECT_FALSE(window->whyNotMove({thread}, support.id).isEmpty());
    EXPECT_EQ(provider.messagesIn(inbox.id).size(), 4);
}

// -- folders --------------------------------------------------------------------------------

TEST_F(Interactions, TheFolderMenuCreatesRenamesAndDeletesFolders) {
    SidebarModel* model = window->sidebarModel();
    std::unique_ptr<QMenu> menu(window->folderMenu(model->indexForChannel(projects.id)));
    ASSERT_NE(menu, nullptr);
    EXPECT_EQ(entries(menu.get()),
              (QStringList{QStringLiteral("Mark Folder as Read"), QStringLiteral("New Subfolder…"),
                           QStringLiteral("Rename Folder…"), QStringLiteral("Delete Folder…")}));
    for (QAction* a : menu->actions())
        EXPECT_TRUE(a->isSeparator() || a->isEnabled()) << a->text().toStdString();

    entry(menu.get(), QStringLiteral("New Subfolder…"))->trigger();
    auto* name = window->findChild<QInputDialog*>(QStringLiteral("folderNameDialog"));
    ASSERT_NE(name, nullptr);
    name->setTextValue(QStringLiteral("2024"));
    name->accept();
    ASSERT_TRUE(waitUntil([&] { return sidebarChildren(projects.id) == 1; })) << "listed under Projects";

    ASSERT_TRUE(window->selectChannel(projects.id));
    window->mailActions()->action(MailActions::RenameFolder)->trigger(); // F2, the Folder menu
    auto* rename = window->findChild<QInputDialog*>(QStringLiteral("folderNameDialog"));
    ASSERT_TRUE(waitUntil([&] {
        rename = nullptr;
        for (auto* d : window->findChildren<QInputDialog*>(QStringLiteral("folderNameDialog"))) {
            if (d->isVisible())
                rename = d;
        }
        return rename != nullptr;
    }));
    EXPECT_EQ(rename->textValue(), QStringLiteral("Projects"));
    rename->setTextValue(QStringLiteral("Clients"));
    rename->accept();
    ASSERT_TRUE(waitUntil([&] { return window->threadListPane()->title() == QStringLiteral("Clients"); }))
        << "the renamed folder stays selected";
    const QString clients = makeId(IdKind::Channel, QStringLiteral("acme"), QStringLiteral("Clients"));
    EXPECT_FALSE(model->indexForChannel(projects.id).isValid());

    std::unique_ptr<QMenu> clientsMenu(window->folderMenu(model->indexForChannel(clients)));
    entry(clientsMenu.get(), QStringLiteral("Delete Folder…"))->trigger();
    auto* prompt = window->findChild<QMessageBox*>(QStringLiteral("deleteFolderPrompt"));
    ASSERT_NE(prompt, nullptr);
    EXPECT_TRUE(prompt->text().contains(QStringLiteral("Clients")));
    QPushButton* remove = nullptr;
    for (QAbstractButton* b : prompt->buttons()) {
        if (b->text() == QLatin1String("Delete Folder"))
            remove = qobject_cast<QPushButton*>(b);
    }
    ASSERT_NE(remove, nullptr);
    QTest::mouseClick(remove, Qt::LeftButton);
    ASSERT_TRUE(waitUntil([&] { return !model->indexForChannel(clients).isValid(); }));
    EXPECT_TRUE(provider.folderCalls.last().startsWith(QStringLiteral("delete ")));
}

TEST_F(Interactions, FoldersThatCannotChangeSayWhy) {
    SidebarModel* model = window->sidebarModel();
    std::unique_ptr<QMenu> inboxMenu(window->folderMenu(model->indexForChannel(inbox.id)));
    EXPECT_FALSE(entry(inboxMenu.get(), QStringLiteral("Rename Folder…"))->isEnabled());
    EXPECT_FALSE(entry(inboxMenu.get(), QStringLiteral("Delete Folder…"))->isEnabled());
    EXPECT_TRUE(entry(inboxMenu.get(), QStringLiteral("New Subfolder…"))->isEnabled());
    EXPECT_TRUE(entries(inboxMenu.get()).last().startsWith(QStringLiteral("Special folders")));

    // A chat account: its channels are managed in its own app; reading still works.
    std::unique_ptr<QMenu> chatMenu(window->folderMenu(model->indexForChannel(support.id)));
    EXPECT_TRUE(entry(chatMenu.get(), QStringLiteral("Mark Channel as Read"))->isEnabled());
    for (const QString& text : {QStringLiteral("New Subfolder…"), QStringLiteral("Rename Folder…"),
                                QStringLiteral("Delete Folder…")})
        EXPECT_FALSE(entry(chatMenu.get(), text)->isEnabled()) << text.toStdString();
    const QString why = entries(chatMenu.get()).last();
    EXPECT_TRUE(why.contains(QStringLiteral("keeps its channels in its own app"))) << why.toStdString();
    std::unique_ptr<QMenu> accountMenu(window->folderMenu(model->indexForAccount(QStringLiteral("team"))));
    EXPECT_FALSE(entry(accountMenu.get(), QStringLiteral("New Folder…"))->isEnabled());
    EXPECT_EQ(window->folderMenu(model->indexForView(UnifiedView::All)), nullptr);

    ASSERT_TRUE(window->selectChannel(support.id));
    EXPECT_FALSE(window->mailActions()->action(MailActions::RenameFolder)->isEnabled());
    EXPECT_TRUE(window->mailActions()
                    ->action(MailActions::RenameFolder)
                    ->statusTip()
                    .contains(QStringLiteral("own app")));
    EXPECT_TRUE(team.folderCalls.isEmpty());
}

TEST_F(Interactions, MarkFolderAsReadReadsItAllAndCanBeUndone) {
    std::unique_ptr<QMenu> menu(window->folderMenu(window->sidebarModel()->indexForChannel(inbox.id)));
    entry(menu.get(), QStringLiteral("Mark Folder as Read"))->trigger();
    for (const Message& m : mail)
        EXPECT_TRUE(store.message(m.id)->isRead());
    ASSERT_TRUE(waitUntil([&] { return provider.folderCalls.contains(QStringLiteral("read ") + inbox.id); }));
    EXPECT_EQ(window->undoBar()->text(), QStringLiteral("Marked everything in “INBOX” as read."));
    QTest::mouseClick(window->undoBar()->undoButton(), Qt::LeftButton);
    for (const Message& m : mail)
        EXPECT_FALSE(store.message(m.id)->isRead());
}

// -- Sent and Drafts ----------------------------------------------------------------------

TEST_F(Interactions, SentAndDraftRowsNameTheRecipients) {
    Message out = provider.addMessages(sent, 1, true).first();
    out.author = Participant{QStringLiteral("me@acme.example"), QStringLiteral("Me Myself"), {}};
    out.to = {Participant{QStringLiteral("bob@example.org"), QStringLiteral("Bob Ellison"), {}}};
    provider.replaceMessage(out);
    Message draft = provider.addMessages(drafts, 1, true).first();
    draft.author = out.author;
    draft.flags |= MessageFlag::Draft;
    provider.replaceMessage(draft);

    ThreadDelegate* delegate = window->threadListPane()->delegate();
    ASSERT_TRUE(window->selectChannel(sent.id));
    ASSERT_TRUE(waitUntil([&] { return window->threadProxy()->rowCount() == 1; }));
    EXPECT_EQ(delegate->firstLine(window->threadProxy()->index(0, 0)), QStringLiteral("To: Bob Ellison"));
    ASSERT_TRUE(window->selectChannel(drafts.id));
    ASSERT_TRUE(waitUntil([&] { return window->threadProxy()->rowCount() == 1; }));
    EXPECT_EQ(delegate->firstLine(window->threadProxy()->index(0, 0)),
              QStringLiteral("To: (no recipients yet)"));
    ASSERT_TRUE(window->selectChannel(inbox.id));
    ASSERT_TRUE(waitUntil([&] { return window->threadProxy()->rowCount() == 4; }));
    EXPECT_EQ(delegate->firstLine(window->threadProxy()->index(0, 0)), QStringLiteral("Ann"));
}

TEST_F(Interactions, ADraftOpensInTheComposer) {
    Message draft = provider.addMessages(drafts, 1, true).first();
    draft.flags |= MessageFlag::Draft;
    draft.to = {Participant{QStringLiteral("bob@example.org"), QStringLiteral("Bob"), {}}};
    provider.replaceMessage(draft);
    ASSERT_TRUE(window->selectChannel(drafts.id));
    ASSERT_TRUE(waitUntil([&] { return window->threadProxy()->rowCount() == 1; }));

    // Without a composer drafts read like any message.
    clickRow(0);
    EXPECT_FALSE(window->mailActions()->action(MailActions::EditDraft)->isEnabled());
    EXPECT_TRUE(window->conversationView()->noticeText().isEmpty());

    QStringList resumed;
    window->setDraftHandler([&](const QString& id) { resumed.append(id); });
    EXPECT_TRUE(window->mailActions()->action(MailActions::EditDraft)->isEnabled());
    EXPECT_FALSE(window->conversationView()->noticeText().isEmpty()) << "the reader says it is a draft";
    QTest::mouseClick(window->conversationView()->noticeButton(), Qt::LeftButton);
    ASSERT_EQ(resumed, QStringList{draft.id});

    window->threadView()->setFocus();
    key(Qt::Key_Return); // Enter on a draft row opens it where it can be written
    EXPECT_EQ(resumed.size(), 2);
    QListView* view = window->threadView();
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {},
                       view->visualRect(window->threadProxy()->index(0, 0)).center());
    EXPECT_EQ(resumed.size(), 3) << "double-click too";
    std::unique_ptr<QMenu> menu(window->threadMenu(window->currentThreadId()));
    ASSERT_NE(entry(menu.get(), QStringLiteral("Edit Draft")), nullptr);
}
