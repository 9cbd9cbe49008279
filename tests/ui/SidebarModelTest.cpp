#include "SidebarModel.h"

#include "model/Ids.h"

#include <QAbstractItemModelTester>
#include <QIcon>
#include <QSignalSpy>
#include <gtest/gtest.h>

using namespace tributary;
using namespace tributary::ui;

namespace {

//! Collects QAbstractItemModelTester complaints (it reports through qWarning in Warning mode).
class ModelWarnings {
public:
    ModelWarnings() {
        s_messages.clear();
        m_previous = qInstallMessageHandler(&ModelWarnings::handle);
    }
    ~ModelWarnings() { qInstallMessageHandler(m_previous); }
    const QStringList& messages() const { return s_messages; }

private:
    static void handle(QtMsgType type, const QMessageLogContext&, const QString& message) {
        if (type != QtDebugMsg && message.contains(QLatin1String("FAIL")))
            s_messages.append(message);
    }
    static inline QStringList s_messages;
    QtMessageHandler m_previous = nullptr;
};

Account account(const QString& id) {
    return Account{id, QStringLiteral("fake"), id + QStringLiteral("@example.org"), QColor(Qt::red), {}};
}

Channel channel(const QString& accountId, const QString& path, ChannelRole role = ChannelRole::None,
                int unread = 0, const QString& parentPath = {}) {
    Channel c;
    c.accountId = accountId;
    c.nativeId = path;
    c.id = makeId(IdKind::Channel, accountId, path);
    c.name = path.section(QLatin1Char('/'), -1);
    c.role = role;
    c.unreadCount = unread;
    c.totalCount = unread * 10;
    if (!parentPath.isEmpty())
        c.parentId = makeId(IdKind::Channel, accountId, parentPath);
    return c;
}

QStringList childNames(const SidebarModel& model, const QModelIndex& parent) {
    QStringList names;
    for (int row = 0; row < model.rowCount(parent); ++row)
        names.append(model.index(row, 0, parent).data().toString());
    return names;
}

QList<Channel> workChannels() {
    const QString a = QStringLiteral("work");
    Channel team = channel(a, QStringLiteral("Public/Team"), ChannelRole::None, 4, QStringLiteral("Public"));
    team.shared = true;
    Channel publicRoot = channel(a, QStringLiteral("Public"));
    publicRoot.shared = true;
    publicRoot.selectable = false;
    return {channel(a, QStringLiteral("Trash"), ChannelRole::Trash),
            channel(a, QStringLiteral("zebra")),
            channel(a, QStringLiteral("Sent"), ChannelRole::Sent),
            team,
            channel(a, QStringLiteral("INBOX"), ChannelRole::Inbox, 3),
            channel(a, QStringLiteral("Projects"), ChannelRole::None, 2),
            channel(a, QStringLiteral("Projects/Alpha"), ChannelRole::None, 0, QStringLiteral("Projects")),
            publicRoot,
            channel(a, QStringLiteral("Drafts"), ChannelRole::Drafts)};
}

} // namespace

TEST(SidebarModel, PassesTheModelTesterThroughEveryChange) {
    ModelWarnings warnings;
    SidebarModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);

    model.addAccount(account(QStringLiteral("work")));
    model.addAccount(account(QStringLiteral("home")));
    model.setChannels(QStringLiteral("work"), workChannels());
    model.setChannels(QStringLiteral("home"),
                      {channel(QStringLiteral("home"), QStringLiteral("INBOX"), ChannelRole::Inbox, 1)});

    // Same shape, new counts: rows are updated in place.
    QList<Channel> recounted = workChannels();
    recounted[4].unreadCount = 9;
    QPersistentModelIndex inbox = model.indexForChannel(recounted[4].id);
    model.setChannels(QStringLiteral("work"), recounted);
    EXPECT_TRUE(inbox.isValid()) << "an in-place update keeps indexes";
    EXPECT_EQ(inbox.data(SidebarModel::UnreadCountRole).toInt(), 9);

    // A new folder: the account's rows are rebuilt.
    recounted.append(channel(QStringLiteral("work"), QStringLiteral("Receipts")));
    model.setChannels(QStringLiteral("work"), recounted);
    EXPECT_TRUE(
        model.indexForChannel(makeId(IdKind::Channel, QStringLiteral("work"), QStringLiteral("Receipts")))
            .isValid());

    AccountStatus offline;
    offline.state = AccountState::Offline;
    offline.reason = QStringLiteral("no route");
    model.setAccountStatus(QStringLiteral("work"), offline);
    model.updateAccount(account(QStringLiteral("work")));
    model.removeAccount(QStringLiteral("home"));
    model.setChannels(QStringLiteral("work"), {});
    model.removeAccount(QStringLiteral("work"));
    model.removeAccount(QStringLiteral("unknown"));
    model.setChannels(QStringLiteral("unknown"), workChannels());

    EXPECT_TRUE(warnings.messages().isEmpty()) << warnings.messages().join(QLatin1Char('\n')).toStdString();
}

TEST(SidebarModel, ListsViewsThenAccountsWithOrderedNestedFolders) {
    SidebarModel model;
    model.addAccount(account(QStringLiteral("work")));
    model.setChannels(QStringLiteral("work"), workChannels());

    EXPECT_EQ(
        childNames(model, {}),
        (QStringList{QStringLiteral("All"), QStringLiteral("Unread"), QStringLiteral("Flagged"),
                     QStringLiteral("Email"), QStringLiteral("Chats"), QStringLiteral("work@example.org")}));
    const QModelIndex work = model.indexForAccount(QStringLiteral("work"));
    ASSERT_TRUE(work.isValid());
    EXPECT_EQ(work.data(SidebarModel::NodeKindRole).toInt(), int(SidebarModel::NodeKind::Account));
    // Role folders first in reading order, then by name, shared folders last.
    EXPECT_EQ(childNames(model, work),
              (QStringList{QStringLiteral("INBOX"), QStringLiteral("Drafts"), QStringLiteral("Sent"),
                           QStringLiteral("Trash"), QStringLiteral("Projects"), QStringLiteral("zebra"),
                           QStringLiteral("Public")}));
    const QModelIndex projects = model.index(4, 0, work);
    EXPECT_EQ(childNames(model, projects), QStringList{QStringLiteral("Alpha")});

    const QModelIndex team =
        model.indexForChannel(makeId(IdKind::Channel, QStringLiteral("work"), QStringLiteral("Public/Team")));
    ASSERT_TRUE(team.isValid());
    EXPECT_TRUE(team.data(SidebarModel::SharedRole).toBool());
    EXPECT_TRUE(team.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Shared")));
    EXPECT_TRUE(team.data(Qt::AccessibleTextRole).toString().contains(QStringLiteral("shared")));
    EXPECT_EQ(team.parent().data().toString(), QStringLiteral("Public"));
    EXPECT_FALSE(team.parent().flags().testFlag(Qt::ItemIsSelectable)) << "a \\Noselect container";
    EXPECT_TRUE(team.flags().testFlag(Qt::ItemIsSelectable));
    EXPECT_FALSE(team.data(Qt::DecorationRole).value<QIcon>().isNull());
    EXPECT_EQ(team.data(SidebarModel::AccountColourRole).value<QColor>(), QColor(Qt::red));
}

TEST(SidebarModel, UnifiedViewsCountInboxUnread) {
    SidebarModel model;
    model.addAccount(account(QStringLiteral("work")));
    model.addAccount(account(QStringLiteral("home")));
    const QModelIndex all = model.indexForView(UnifiedView::All);
    EXPECT_EQ(model.indexForView(UnifiedView::Unread).data(SidebarModel::UnreadCountRole).toInt(), -1)
        << "unknown until channels arrive";
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setChannels(QStringLiteral("work"), workChannels());
    model.setChannels(QStringLiteral("home"),
                      {channel(QStringLiteral("home"), QStringLiteral("INBOX"), ChannelRole::Inbox, 5)});
    EXPECT_EQ(all.data(SidebarModel::UnreadCountRole).toInt(), -1) << "All shows no count of its own";
    EXPECT_EQ(model.indexForView(UnifiedView::Unread).data(SidebarModel::UnreadCountRole).toInt(), 8);
    EXPECT_EQ(model.indexForView(UnifiedView::Flagged).data(SidebarModel::UnreadCountRole).toInt(), -1);
    EXPECT_GE(changed.count(), 2);
    EXPECT_TRUE(model.indexForView(UnifiedView::Unread)
                    .data(Qt::AccessibleTextRole)
                    .toString()
                    .contains(QStringLiteral("8 unread")));
}

TEST(SidebarModel, AccountRowsCarryStatusAndColour) {
    SidebarModel model;
    Account a = account(QStringLiteral("work"));
    a.colour = QColor();
    model.addAccount(a);
    const QModelIndex index = model.indexForAccount(QStringLiteral("work"));
    EXPECT_TRUE(index.data(SidebarModel::AccountColourRole).value<QColor>().isValid()) << "a derived colour";
    AccountStatus signIn;
    signIn.state = AccountState::SignInRequired;
    signIn.reason = QStringLiteral("The token was revoked.");
    model.setAccountStatus(QStringLiteral("work"), signIn);
    EXPECT_EQ(index.data(SidebarModel::AccountStateRole).toInt(), int(AccountState::SignInRequired));
    EXPECT_EQ(index.data(SidebarModel::StatusTextRole).toString(), QStringLiteral("Sign in again"));
    EXPECT_TRUE(index.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Sign in again")));
    EXPECT_TRUE(index.data(Qt::ToolTipRole).toString().contains(signIn.reason))
        << "the reason in the tooltip";
    EXPECT_FALSE(index.data(SidebarModel::ProviderIconRole).value<QIcon>().isNull())
        << "a generic mark for a provider without an icon of its own";
}

TEST(SidebarModel, SurvivesBrokenParentLinks) {
    ModelWarnings warnings;
    SidebarModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    model.addAccount(account(QStringLiteral("a")));
    // A and B name each other as parent; C names a parent that does not exist; D appears twice.
    Channel a = channel(QStringLiteral("a"), QStringLiteral("A"), ChannelRole::None, 0, QStringLiteral("B"));
    Channel b = channel(QStringLiteral("a"), QStringLiteral("B"), ChannelRole::None, 0, QStringLiteral("A"));
    Channel c =
        channel(QStringLiteral("a"), QStringLiteral("C"), ChannelRole::None, 0, QStringLiteral("Missing"));
    Channel d = channel(QStringLiteral("a"), QStringLiteral("D"));
    model.setChannels(QStringLiteral("a"), {a, b, c, d, d});
    EXPECT_EQ(model.channels(QStringLiteral("a")).size(), 4);
    EXPECT_TRUE(model.indexForChannel(c.id).parent() == model.indexForAccount(QStringLiteral("a")));
    EXPECT_TRUE(warnings.messages().isEmpty()) << warnings.messages().join(QLatin1Char('\n')).toStdString();
}
