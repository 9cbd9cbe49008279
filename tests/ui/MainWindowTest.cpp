#include "MainWindow.h"

#include "AccountStatusBar.h"
#include "Await.h"
#include "ConversationView.h"
#include "SidebarModel.h"
#include "ThreadDelegate.h"
#include "ThreadListPane.h"
#include "TimeFormat.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadListModel.h"
#include "model/Ids.h"
#include "sync/SyncController.h"
#include "util/ReadyFuture.h"

#include <QAction>
#include <QListView>
#include <QMenuBar>
#include <QPromise>
#include <QPushButton>
#include <QTest>
#include <QTreeView>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;
using tributary::test::waitUntil;

namespace {

//! An in-memory mail account: folders, threaded messages with text bodies, flags.
class FakeMailProvider : public Provider {
public:
    explicit FakeMailProvider(const QString& id)
        : Provider(
              Account{id, QStringLiteral("fake"), QStringLiteral("Work"), QColor(0x3d, 0x8b, 0xf2), {}}) {}

    Capabilities capabilities() const override { return Capability::Folders | Capability::Flags; }

    QFuture<Result<void>> connectAccount() override {
        if (authError)
            return readyResult<void>(
                ProviderError::auth(QStringLiteral("The server rejected the password.")));
        return readyResult<void>(Done{});
    }

    QFuture<Result<QList<Channel>>> listChannels() override {
        QList<Channel> list = channels;
        for (Channel& c : list) {
            c.totalCount = 0;
            c.unreadCount = 0;
            for (const Message& m : std::as_const(messages)) {
                if (m.channelId != c.id)
                    continue;
                ++c.totalCount;
                c.unreadCount += m.isRead() ? 0 : 1;
            }
        }
        return readyResult<QList<Channel>>(list);
    }

    QFuture<Result<MessagePage>> listMessages(const QString& channelId, const PageRequest&) override {
        MessagePage page;
        for (const Message& m : std::as_const(messages)) {
            if (m.channelId == channelId)
                page.messages.append(m);
        }
        std::sort(page.messages.begin(), page.messages.end(),
                  [](const Message& a, const Message& b) { return a.activityAt() > b.activityAt(); });
        return readyResult<MessagePage>(page);
    }

    QFuture<Result<Message>> fetchBody(const QString& messageId) override {
        for (Message m : std::as_const(messages)) {
            if (m.id != messageId)
                continue;
            m.bodyLoaded = true;
            m.text = bodies.value(m.id);
            m.html = htmlBodies.value(m.id);
            return readyResult<Message>(m);
        }
        return readyResult<Message>(ProviderError::notFound(QStringLiteral("gone")));
    }

    QFuture<Result<SendReceipt>> send(const OutgoingMessage&) override {
        return failed<SendReceipt>(ProviderError::unsupported(QStringLiteral("send")));
    }

    QFuture<Result<void>> setFlags(const QStringList& ids, MessageFlags add, MessageFlags remove) override {
        flagged.append(ids);
        for (Message& m : messages) {
            if (ids.contains(m.id))
                m.flags = (m.flags | add) & ~remove;
        }
        return readyResult<void>(Done{});
    }

    Channel addChannel(const QString& path, ChannelRole role, bool shared = false) {
        Channel c;
        c.accountId = account().id;
        c.nativeId = path;
        c.id = makeId(IdKind::Channel, c.accountId, path);
        c.name =
            path == QLatin1String("INBOX") ? QStringLiteral("Inbox") : path.section(QLatin1Char('/'), -1);
        c.role = role;
        c.shared = shared;
        channels.append(c);
        return c;
    }

    Message addMessage(const Channel& channel, const QString& subject, const QString& from, int minutesAgo,
                       const QString& body, const Message* replyTo = nullptr) {
        Message m;
        const int uid = int(messages.size()) + 1;
        m.accountId = account().id;
        m.channelId = channel.id;
        m.nativeId = channel.nativeId + QLatin1Char('/') + QString::number(uid);
        m.id = makeId(IdKind::Message, m.accountId, m.nativeId);
        m.messageIdHeader = QStringLiteral("%1.%2@fake.example").arg(uid).arg(account().id);
        if (replyTo) {
            m.inReplyTo = replyTo->messageIdHeader;
            m.references = {replyTo->messageIdHeader};
        }
        m.subject = subject;
        m.author = Participant{from.toLower() + QStringLiteral("@example.org"), from, {}};
        m.to = {Participant{QStringLiteral("me@example.org"), QStringLiteral("Me"), {}}};
        m.receivedAt = QDateTime::currentDateTimeUtc().addSecs(-60 * minutesAgo);
        m.sentAt = m.receivedAt;
        m.snippet = makeSnippet(body);
        messages.append(m);
        bodies.insert(m.id, body);
        return m;
    }

    QList<Channel> channels;
    QList<Message> messages;
    QHash<QString, QString> bodies;
    QHash<QString, QString> htmlBodies;
    QStringList flagged;
    bool authError = false;
};

struct MainWindowTest : ::testing::Test {
    MainWindowTest()
        : provider(QStringLiteral("work"))
        , sync(&store, nullptr) {
        inbox = provider.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
        projects = provider.addChannel(QStringLiteral("Projects"), ChannelRole::None);
        team = provider.addChannel(QStringLiteral("Team"), ChannelRole::None, true);
        const Message budget =
            provider.addMessage(inbox, QStringLiteral("Budget for Q3"), QStringLiteral("Ann"), 120,
                                QStringLiteral("Here is the budget draft.\nPlease review."));
        provider.addMessage(inbox, QStringLiteral("Re: Budget for Q3"), QStringLiteral("Bob"), 60,
                            QStringLiteral("Looks good to me."), &budget);
        provider.addMessage(inbox, QStringLiteral("Lunch on Friday?"), QStringLiteral("Carol"), 30,
                            QStringLiteral("Shall we try the new place?"));
        const Message html =
            provider.addMessage(inbox, QStringLiteral("Newsletter"), QStringLiteral("News"), 10, {});
        provider.htmlBodies.insert(
            html.id, QStringLiteral("<p>Only <b>HTML</b> inside<img src=\"https://t.example/x.gif\"></p>"));
        provider.addMessage(projects, QStringLiteral("Alpha kickoff"), QStringLiteral("Dan"), 300,
                            QStringLiteral("Kickoff notes attached."));
        provider.addMessage(projects, QStringLiteral("Beta status"), QStringLiteral("Eve"), 200,
                            QStringLiteral("Beta is on track."));
        sync.addProvider(&provider);
    }

    void startWindow() {
        window = std::make_unique<MainWindow>(&sync, &store);
        window->show();
        sync.start();
        ASSERT_TRUE(
            waitUntil([&] { return sync.status(QStringLiteral("work")).state == AccountState::Live; }));
    }

    QModelIndex sidebarRow(const QString& name) const {
        SidebarModel* model = window->sidebarModel();
        const QModelIndex account = model->indexForAccount(QStringLiteral("work"));
        for (int row = 0; row < model->rowCount(account); ++row) {
            const QModelIndex index = model->index(row, 0, account);
            if (index.data().toString() == name)
                return index;
        }
        return {};
    }

    void click(QAbstractItemView* view, const QModelIndex& index) {
        view->scrollTo(index);
        const QRect rect = view->visualRect(index);
        ASSERT_TRUE(rect.isValid());
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    }

    QStringList listedSubjects() const {
        QStringList subjects;
        QAbstractItemModel* model = window->threadView()->model();
        for (int row = 0; row < model->rowCount(); ++row)
            subjects.append(model->index(row, 0).data(ThreadListModel::SubjectRole).toString());
        return subjects;
    }

    FakeMailProvider provider;
    Channel inbox;
    Channel projects;
    Channel team;
    InboxStore store;
    SyncController sync;
    std::unique_ptr<MainWindow> window;
};

} // namespace

TEST_F(MainWindowTest, SidebarListsTheAccountsFolders) {
    startWindow();
    SidebarModel* model = window->sidebarModel();
    const QModelIndex account = model->indexForAccount(QStringLiteral("work"));
    ASSERT_TRUE(account.isValid());
    EXPECT_EQ(account.data().toString(), QStringLiteral("Work"));
    EXPECT_TRUE(window->sidebarView()->isExpanded(account));
    ASSERT_TRUE(sidebarRow(QStringLiteral("Inbox")).isValid());
    ASSERT_TRUE(sidebarRow(QStringLiteral("Projects")).isValid());
    EXPECT_EQ(sidebarRow(QStringLiteral("Inbox")).row(), 0) << "the Inbox comes first";
    EXPECT_TRUE(sidebarRow(QStringLiteral("Team")).data(SidebarModel::SharedRole).toBool());
    EXPECT_EQ(sidebarRow(QStringLiteral("Inbox")).data(SidebarModel::UnreadCountRole).toInt(), 4);
    // The Unread view counts what it lists: conversations (the Inbox's badge counts messages).
    window->selectView(UnifiedView::Unread);
    ASSERT_TRUE(waitUntil([&] {
        return model->indexForView(UnifiedView::Unread).data(SidebarModel::UnreadCountRole).toInt() ==
               window->threadProxy()->rowCount();
    }));
    EXPECT_GT(window->threadProxy()->rowCount(), 0);
    EXPECT_FALSE(window->sidebarView()->accessibleName().isEmpty());
    EXPECT_FALSE(window->threadView()->accessibleName().isEmpty());
    EXPECT_FALSE(window->conversationView()->accessibleName().isEmpty());
}

TEST_F(MainWindowTest, SelectingAFolderShowsItsThreads) {
    startWindow();
    click(window->sidebarView(), sidebarRow(QStringLiteral("Projects")));
    ASSERT_TRUE(waitUntil([&] { return listedSubjects().size() == 2; }))
        << listedSubjects().join(QLatin1Char('|')).toStdString();
    EXPECT_EQ(listedSubjects(),
              (QStringList{QStringLiteral("Beta status"), QStringLiteral("Alpha kickoff")}));
    EXPECT_EQ(sync.openChannelId(), projects.id);
    EXPECT_EQ(window->threadListPane()->title(), QStringLiteral("Projects"));

    click(window->sidebarView(), sidebarRow(QStringLiteral("Inbox")));
    ASSERT_TRUE(waitUntil([&] { return listedSubjects().size() == 3; }))
        << listedSubjects().join(QLatin1Char('|')).toStdString();
    EXPECT_EQ(listedSubjects().first(), QStringLiteral("Newsletter")) << "newest first";
    EXPECT_TRUE(listedSubjects().contains(QStringLiteral("Budget for Q3")));
    EXPECT_TRUE(window->windowTitle().startsWith(QStringLiteral("Inbox")));

    // The unified views filter too.
    window->selectView(UnifiedView::All);
    EXPECT_EQ(listedSubjects().size(), 5);
    EXPECT_TRUE(sync.openChannelId().isEmpty());
}

TEST_F(MainWindowTest, SelectingAThreadShowsItsTextAndMarksItRead) {
    startWindow();
    click(window->sidebarView(), sidebarRow(QStringLiteral("Inbox")));
    QAbstractItemModel* list = window->threadView()->model();
    int budgetRow = -1;
    for (int row = 0; row < list->rowCount(); ++row) {
        if (list->index(row, 0).data(ThreadListModel::SubjectRole).toString() ==
            QLatin1String("Budget for Q3"))
            budgetRow = row;
    }
    ASSERT_GE(budgetRow, 0);
    EXPECT_EQ(list->index(budgetRow, 0).data(ThreadListModel::MessageCountRole).toInt(), 2);
    click(window->threadView(), list->index(budgetRow, 0));

    ConversationView* conversation = window->conversationView();
    ASSERT_TRUE(waitUntil([&] {
        return conversation->plainText().contains(QStringLiteral("Looks good to me."));
    })) << conversation->plainText().toStdString();
    const QString text = conversation->plainText();
    EXPECT_TRUE(text.contains(QStringLiteral("Budget for Q3")));
    EXPECT_TRUE(text.contains(QStringLiteral("Here is the budget draft.")));
    EXPECT_LT(text.indexOf(QStringLiteral("Here is the budget draft.")),
              text.indexOf(QStringLiteral("Looks good")))
        << "oldest first";

    ASSERT_TRUE(waitUntil([&] { return provider.flagged.size() == 2; }));
    ASSERT_TRUE(waitUntil([&] {
        return sidebarRow(QStringLiteral("Inbox")).data(SidebarModel::UnreadCountRole).toInt() == 2;
    }));
    EXPECT_FALSE(list->index(budgetRow, 0).data(ThreadListModel::UnreadRole).toBool());
}

TEST_F(MainWindowTest, HtmlOnlyMailIsShownAsText) {
    startWindow();
    window->selectChannel(inbox.id);
    const QModelIndex newsletter = window->threadView()->model()->index(0, 0);
    ASSERT_EQ(newsletter.data(ThreadListModel::SubjectRole).toString(), QStringLiteral("Newsletter"));
    click(window->threadView(), newsletter);
    ASSERT_TRUE(waitUntil([&] {
        return window->conversationView()->plainText().contains(QStringLiteral("Only HTML inside"));
    })) << window->conversationView()->plainText().toStdString();
}

TEST_F(MainWindowTest, StatusBarShowsTheAccountState) {
    startWindow();
    EXPECT_EQ(window->accountStatusBar()->text(QStringLiteral("work")), QStringLiteral("Work: Live"));
    const QModelIndex account = window->sidebarModel()->indexForAccount(QStringLiteral("work"));
    EXPECT_EQ(account.data(SidebarModel::StatusTextRole).toString(), QStringLiteral("Live"));
    EXPECT_FALSE(window->accountStatusBar()->signInButton(QStringLiteral("work"))->isVisible());
}

TEST_F(MainWindowTest, SignInAgainIsOneClickAwayWhenTheSignInWasRefused) {
    provider.authError = true;
    window = std::make_unique<MainWindow>(&sync, &store);
    window->show();
    sync.start();
    ASSERT_TRUE(waitUntil([&] {
        return window->accountStatusBar()->text(QStringLiteral("work")) ==
               QLatin1String("Work: Sign in again");
    })) << window->accountStatusBar()->text(QStringLiteral("work")).toStdString();
    QPushButton* button = window->accountStatusBar()->signInButton(QStringLiteral("work"));
    ASSERT_NE(button, nullptr);
    EXPECT_TRUE(button->isVisible());
    EXPECT_EQ(button->text(), QStringLiteral("Sign in again\u2026"));
    QStringList asked;
    QObject::connect(window.get(), &MainWindow::signInRequested,
                     [&](const QString& id) { asked.append(id); });
    QTest::mouseClick(button, Qt::LeftButton);
    EXPECT_EQ(asked, QStringList{QStringLiteral("work")}) << "the app runs the account's sign-in";

    // Signed in again (the app reconnects): the button goes.
    provider.authError = false;
    sync.reconnect(QStringLiteral("work"));
    ASSERT_TRUE(waitUntil([&] { return sync.status(QStringLiteral("work")).state == AccountState::Live; }));
    EXPECT_FALSE(button->isVisible());
}

TEST_F(MainWindowTest, StatusBarCountsDownToTheNextTry) {
    startWindow();
    AccountStatusBar* bar = window->accountStatusBar();
    AccountStatus reconnecting;
    reconnecting.state = AccountState::Reconnecting;
    reconnecting.reason = QStringLiteral("Connection refused.");
    reconnecting.nextAttempt = QDateTime::currentDateTimeUtc().addSecs(30);
    bar->setStatus(QStringLiteral("work"), reconnecting);
    const QString first = bar->text(QStringLiteral("work"));
    EXPECT_TRUE(first.startsWith(QStringLiteral("Work: Reconnecting (next try in "))) << first.toStdString();
    ASSERT_TRUE(waitUntil([&] { return bar->text(QStringLiteral("work")) != first; }, 5000))
        << "the seconds count down";
    EXPECT_TRUE(
        bar->text(QStringLiteral("work")).startsWith(QStringLiteral("Work: Reconnecting (next try in ")));
}

TEST_F(MainWindowTest, MenusOfferTheViewsAndLayoutRoundTrips) {
    startWindow();
    QStringList menus;
    for (QAction* action : window->menuBar()->actions())
        menus.append(action->text().remove(QLatin1Char('&')));
    EXPECT_EQ(menus, (QStringList{QStringLiteral("File"), QStringLiteral("Edit"), QStringLiteral("Message"),
                                  QStringLiteral("Go"), QStringLiteral("View"), QStringLiteral("Help")}));
    QAction* unread = nullptr;
    for (QAction* action : window->menuBar()->actions().at(4)->menu()->actions()) {
        if (action->text() == QLatin1String("Unread"))
            unread = action;
    }
    ASSERT_NE(unread, nullptr);
    unread->trigger();
    EXPECT_EQ(window->threadListPane()->title(), QStringLiteral("Unread"));
    EXPECT_EQ(window->sidebarView()->currentIndex(),
              window->sidebarModel()->indexForView(UnifiedView::Unread));

    EXPECT_GE(window->width(), 800);
    const QHash<QString, QByteArray> layout = window->layoutState();
    EXPECT_EQ(layout.size(), MainWindow::layoutKeys().size());
    MainWindow other(&sync, &store);
    other.restoreLayout(layout);
    EXPECT_EQ(other.layoutState().value(QStringLiteral("mainwindow/splitter")),
              layout.value(QStringLiteral("mainwindow/splitter")));
}

TEST(MainWindowWelcome, ShownWhileThereIsNoAccount) {
    InboxStore store;
    SyncController sync(&store, nullptr);
    MainWindow window(&sync, &store);
    auto* page = new QWidget;
    window.setWelcomePage(page);
    window.show();
    EXPECT_TRUE(window.isShowingWelcome());
    EXPECT_TRUE(page->isVisible());

    FakeMailProvider provider(QStringLiteral("work"));
    provider.addChannel(QStringLiteral("INBOX"), ChannelRole::Inbox);
    sync.addProvider(&provider);
    EXPECT_FALSE(window.isShowingWelcome()) << "the first account replaces the welcome page";
    EXPECT_TRUE(window.threadView()->isVisible());

    sync.removeProvider(QStringLiteral("work"));
    EXPECT_TRUE(window.isShowingWelcome()) << "and it comes back when the last one goes";
}

TEST_F(MainWindowTest, ListGroupsThreadsByDayWithTallerHeadingRows) {
    provider.addMessage(inbox, QStringLiteral("Old news"), QStringLiteral("Fay"), 60 * 24 * 40,
                        QStringLiteral("From last month."));
    startWindow();
    window->selectView(UnifiedView::All);
    QListView* list = window->threadView();
    // The Inbox is what loads at start: four threads, one of them from last month.
    ASSERT_TRUE(waitUntil([&] { return list->model()->rowCount() == 4; })) << list->model()->rowCount();
    auto* delegate = window->threadListPane()->delegate();
    ASSERT_TRUE(delegate->dayGrouping());
    const QDateTime now = QDateTime::currentDateTime();
    QString previous;
    int headings = 0;
    for (int row = 0; row < list->model()->rowCount(); ++row) {
        const QModelIndex index = list->model()->index(row, 0);
        const QString group = listGroup(index.data(ThreadListModel::LatestActivityRole).toDateTime(), now);
        const QString heading = delegate->groupHeading(index);
        EXPECT_EQ(heading, group == previous ? QString() : group) << "row " << row;
        previous = group;
        headings += heading.isEmpty() ? 0 : 1;
    }
    EXPECT_GE(headings, 2) << "today's threads and last month's are two groups";
    const QModelIndex last = list->model()->index(list->model()->rowCount() - 1, 0);
    EXPECT_EQ(last.data(ThreadListModel::SubjectRole).toString(), QStringLiteral("Old news"));
    EXPECT_FALSE(delegate->groupHeading(last).isEmpty());
    ASSERT_TRUE(waitUntil([&] { return list->visualRect(last).isValid(); }));
    int plainHeight = 0;
    for (int row = 0; row < list->model()->rowCount(); ++row) {
        const QModelIndex index = list->model()->index(row, 0);
        if (delegate->groupHeading(index).isEmpty())
            plainHeight = list->visualRect(index).height();
    }
    ASSERT_GT(plainHeight, 0) << "three threads of the last hours share at least one group";
    EXPECT_GT(list->visualRect(last).height(), plainHeight)
        << "a row that starts a group carries its heading";
}
