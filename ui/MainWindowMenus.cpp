// MainWindow's context menus (a row of the list, a sidebar folder or account) and the folder
// operations behind them: mark all read, new folder, rename, delete. Folders are changed
// through the provider contract (Capability::ManageFolders); where an account cannot, the
// entries stay in the menu, disabled, with the reason underneath.
#include "ConversationView.h"
#include "MainWindow.h"
#include "SidebarModel.h"
#include "SidebarView.h"
#include "ThreadListPane.h"
#include "ThreadListView.h"
#include "UndoBar.h"
#include "actions/MailActions.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadListModel.h"
#include "model/Ids.h"
#include "sync/SyncController.h"
#include "util/Futures.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>

namespace tributary::ui {

namespace {

//! An entry of a context menu standing for one of the window's actions: its text and the
//! shortcut shown (not bound: the window's own action has it), run on what the menu is for.
QAction* mirror(QMenu* menu, const QAction* global, bool enabled, std::function<void()> run,
                const QString& text = {}) {
    QString label = text.isEmpty() ? global->text() : text;
    if (!global->shortcuts().isEmpty())
        label += QLatin1Char('\t') + global->shortcuts().constFirst().toString(QKeySequence::NativeText);
    QAction* a = menu->addAction(global->icon(), label);
    a->setObjectName(global->objectName());
    a->setEnabled(enabled);
    a->setToolTip(global->toolTip());
    QObject::connect(a, &QAction::triggered, menu, std::move(run));
    return a;
}

//! A line at the end of a menu saying why entries above are disabled.
void explain(QMenu* menu, const QString& why) {
    if (why.isEmpty())
        return;
    menu->addSeparator();
    QAction* note = menu->addAction(why);
    note->setObjectName(QStringLiteral("whyDisabled"));
    note->setEnabled(false);
}

} // namespace

// -- rows -------------------------------------------------------------------------------

void MainWindow::showThreadMenu(const QPoint& pos) {
    const QModelIndex index = m_listPane->view()->indexAt(pos);
    if (!index.isValid())
        return;
    QMenu* menu = threadMenu(index.data(ThreadListModel::ThreadIdRole).toString());
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(m_listPane->view()->viewport()->mapToGlobal(pos));
}

QMenu* MainWindow::threadMenu(const QString& threadId) {
    // Acts on the row that was clicked without opening it: opening would read it.
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("threadMenu"));
    menu->setToolTipsVisible(true);
    const ThreadAbilities a = abilitiesOf(threadId);
    auto action = [this](MailActions::Id id) {
        return m_actions->action(id);
    };
    mirror(menu, action(MailActions::Reply), a.reply,
           [this, threadId] { compose(SendKind::Reply, threadId); });
    mirror(menu, action(MailActions::ReplyAll), a.replyAll,
           [this, threadId] { compose(SendKind::ReplyAll, threadId); });
    mirror(menu, action(MailActions::Forward), a.forward,
           [this, threadId] { compose(SendKind::Forward, threadId); });
    if (!a.draftId.isEmpty())
        mirror(menu, action(MailActions::EditDraft), true, [this, threadId] { editDraft(threadId); });
    menu->addSeparator();
    mirror(menu, action(MailActions::Archive), a.archive,
           [this, threadId] { archiveOrDelete(true, threadId); });
    mirror(menu, action(MailActions::Delete), a.remove,
           [this, threadId] { archiveOrDelete(false, threadId); });
    mirror(menu, action(MailActions::MoveTo), a.move, [this, threadId] { showMoveToPicker(threadId); });
    menu->addSeparator();
    mirror(
        menu, action(MailActions::ToggleRead), a.exists, [this, threadId] { toggleRead(threadId); },
        a.unread ? tr("Mark as &Read") : tr("Mark as &Unread"));
    mirror(
        menu, action(MailActions::ToggleFlag), a.flag, [this, threadId] { toggleFlag(threadId); },
        a.flagged ? tr("Un&flag") : tr("&Flag"));
    menu->addSeparator();
    mirror(menu, action(MailActions::CopyLink), !a.link.isEmpty(), [this, threadId] { copyLink(threadId); });
    return menu;
}

void MainWindow::copyLink(QString threadId) {
    const QString link = abilitiesOf(threadId).link;
    if (link.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(link);
    statusBar()->showMessage(tr("Copied the link %1").arg(link), 6000);
}

void MainWindow::setDraftHandler(DraftHandler handler) {
    m_draftHandler = std::move(handler);
    updateMessageActions();
}

void MainWindow::editDraft(QString threadId) {
    const QString draft = draftOf(threadId);
    if (draft.isEmpty() || !m_draftHandler)
        return;
    m_draftHandler(draft);
}

// -- folders ------------------------------------------------------------------------------

QString MainWindow::selectedChannel() const {
    return m_selection.kind == SidebarModel::NodeKind::Channel ? m_selection.id : QString();
}

QString MainWindow::whyNoFolderChanges(const QString& accountId) const {
    const Provider* p = m_sync->provider(accountId);
    if (!p)
        return tr("This account is not set up.");
    if (p->capabilities().testFlag(Capability::ManageFolders))
        return {};
    // Said without naming the service: the capability decides, whatever the provider.
    if (p->capabilities().testFlag(Capability::ChatChannels))
        return tr("%1 keeps its channels in its own app: create, rename and delete them there.")
            .arg(p->account().displayName);
    return tr("%1 does not let other programs change its folders.").arg(p->account().displayName);
}

QString MainWindow::whyFolderFixed(const QString& channelId) const {
    if (const QString why = whyNoFolderChanges(accountOf(channelId)); !why.isEmpty())
        return why;
    const std::optional<Channel> c = m_sidebarModel->channel(channelId);
    if (!c)
        return tr("This folder is no longer there.");
    if (c->role != ChannelRole::None)
        return tr("Special folders (Inbox, Sent, Drafts, Trash, Junk, Archive) keep their names: other mail "
                  "programs find them by them.");
    if (c->shared)
        return tr("Shared folders are changed by their owner.");
    return {};
}

void MainWindow::updateFolderActions() {
    if (!m_actions)
        return;
    const QString channel = selectedChannel();
    const QString account = !channel.isEmpty()                                    ? accountOf(channel)
                            : m_selection.kind == SidebarModel::NodeKind::Account ? m_selection.id
                                                                                  : QString();
    const Provider* p = account.isEmpty() ? nullptr : m_sync->provider(account);
    const bool flags = p && p->capabilities().testFlag(Capability::Flags);
    auto set = [this](MailActions::Id id, bool enabled, const QString& why) {
        QAction* a = m_actions->action(id);
        a->setEnabled(enabled);
        a->setStatusTip(enabled || why.isEmpty() ? a->toolTip() : why);
    };
    const QString noChanges =
        account.isEmpty() ? tr("Select a folder or an account first.") : whyNoFolderChanges(account);
    const QString fixed = channel.isEmpty() ? tr("Select a folder first.") : whyFolderFixed(channel);
    set(MailActions::MarkFolderRead, !channel.isEmpty() && flags, {});
    set(MailActions::NewFolder, noChanges.isEmpty(), noChanges);
    set(MailActions::RenameFolder, fixed.isEmpty(), fixed);
    set(MailActions::DeleteFolder, fixed.isEmpty(), fixed);
}

void MainWindow::showFolderMenu(const QPoint& pos) {
    QMenu* menu = folderMenu(m_sidebar->indexAt(pos));
    if (!menu)
        return;
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(m_sidebar->viewport()->mapToGlobal(pos));
}

QMenu* MainWindow::folderMenu(const QModelIndex& index) {
    if (!index.isValid())
        return nullptr;
    const auto kind = SidebarModel::NodeKind(index.data(SidebarModel::NodeKindRole).toInt());
    if (kind == SidebarModel::NodeKind::View)
        return nullptr;
    const QString accountId = index.data(SidebarModel::AccountIdRole).toString();
    const QString channelId = kind == SidebarModel::NodeKind::Channel
                                  ? index.data(SidebarModel::ChannelIdRole).toString()
                                  : QString();
    const Provider* p = m_sync->provider(accountId);
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("folderMenu"));
    menu->setToolTipsVisible(true);
    auto action = [this](MailActions::Id id) {
        return m_actions->action(id);
    };
    const QString noChanges = whyNoFolderChanges(accountId);
    QString why;
    if (!channelId.isEmpty()) {
        const bool chat = p && p->capabilities().testFlag(Capability::ChatChannels);
        mirror(
            menu, action(MailActions::MarkFolderRead), p && p->capabilities().testFlag(Capability::Flags),
            [this, channelId] { markFolderRead(channelId); },
            chat ? tr("&Mark Channel as Read") : tr("&Mark Folder as Read"));
        menu->addSeparator();
        const QString fixed = whyFolderFixed(channelId);
        QAction* sub = mirror(
            menu, action(MailActions::NewFolder), noChanges.isEmpty(),
            [this, accountId, channelId] { newFolder(accountId, channelId); }, tr("&New Subfolder…"));
        QAction* rename = mirror(menu, action(MailActions::RenameFolder), fixed.isEmpty(),
                                 [this, channelId] { renameFolder(channelId); });
        QAction* remove = mirror(menu, action(MailActions::DeleteFolder), fixed.isEmpty(),
                                 [this, channelId] { deleteFolder(channelId); });
        sub->setToolTip(noChanges);
        rename->setToolTip(fixed);
        remove->setToolTip(fixed);
        why = !noChanges.isEmpty() ? noChanges : fixed;
    } else {
        QAction* add = mirror(menu, action(MailActions::NewFolder), noChanges.isEmpty(),
                              [this, accountId] { newFolder(accountId, {}); });
        add->setToolTip(noChanges);
        why = noChanges;
    }
    explain(menu, why);
    return menu;
}

void MainWindow::markFolderRead(const QString& channelId) {
    if (channelId.isEmpty())
        return;
    const quint64 undoable = m_sync->newestUndoable();
    m_sync->markChannelRead(channelId);
    const std::optional<Channel> c = m_sidebarModel->channel(channelId);
    showUndoableMessage(tr("Marked everything in “%1” as read.").arg(c ? c->name : QString()), undoable);
}

QInputDialog* MainWindow::newFolder(const QString& accountId, const QString& parentChannelId) {
    if (accountId.isEmpty() || !whyNoFolderChanges(accountId).isEmpty())
        return nullptr;
    const std::optional<Channel> parent =
        parentChannelId.isEmpty() ? std::nullopt : m_sidebarModel->channel(parentChannelId);
    auto* dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("folderNameDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("New Folder"));
    const Provider* p = m_sync->provider(accountId);
    dialog->setLabelText(
        parent ? tr("Name of the new folder in “%1”:").arg(parent->name)
               : tr("Name of the new folder in %1:").arg(p ? p->account().displayName : accountId));
    dialog->setOkButtonText(tr("Create"));
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this, accountId, parentChannelId](const QString& name) {
                whenDone(m_sync->createFolder(accountId, parentChannelId, name), this,
                         [this, accountId, parentChannelId, name](const Result<Channel>& r) {
                             if (!r.ok()) {
                                 // Refused (a name in use, a character the server does not allow): ask
                                 // again with what was typed, the reason in the status bar.
                                 if (QInputDialog* again = newFolder(accountId, parentChannelId))
                                     again->setTextValue(name);
                                 return;
                             }
                             const QModelIndex created = m_sidebarModel->indexForChannel(r.value().id);
                             if (created.isValid())
                                 m_sidebar->scrollTo(created);
                             statusBar()->showMessage(tr("Created the folder “%1”.").arg(r.value().name),
                                                      6000);
                         });
            });
    dialog->open();
    return dialog;
}

void MainWindow::renameFolder(const QString& channelId) {
    if (channelId.isEmpty() || !whyFolderFixed(channelId).isEmpty())
        return;
    const std::optional<Channel> c = m_sidebarModel->channel(channelId);
    if (!c)
        return;
    auto* dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("folderNameDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Rename Folder"));
    dialog->setLabelText(tr("New name for “%1”:").arg(c->name));
    dialog->setTextValue(c->name);
    dialog->setOkButtonText(tr("Rename"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this, channelId](const QString& name) {
        const bool wasSelected = selectedChannel() == channelId;
        whenDone(m_sync->renameFolder(channelId, name), this, [this, wasSelected](const Result<Channel>& r) {
            if (!r.ok())
                return; // said in the status bar (actionFailed); the folder keeps its name
            if (wasSelected)
                selectChannel(r.value().id);
            statusBar()->showMessage(tr("Renamed the folder to “%1”.").arg(r.value().name), 6000);
        });
    });
    dialog->open();
}

void MainWindow::deleteFolder(const QString& channelId) {
    if (channelId.isEmpty() || !whyFolderFixed(channelId).isEmpty())
        return;
    const std::optional<Channel> c = m_sidebarModel->channel(channelId);
    if (!c)
        return;
    // What goes with it: its subfolders, and every message in them.
    int subfolders = 0;
    int messages = std::max(0, c->totalCount);
    QStringList parents{channelId};
    const QList<Channel> all = m_sidebarModel->channels(accountOf(channelId));
    for (int round = 0; round < 32 && !parents.isEmpty(); ++round) {
        QStringList next;
        for (const Channel& each : all) {
            if (parents.contains(each.parentId)) {
                ++subfolders;
                messages += std::max(0, each.totalCount);
                next.append(each.id);
            }
        }
        parents = next;
    }
    auto* box = new QMessageBox(
        QMessageBox::Warning, tr("Delete Folder"),
        subfolders > 0
            ? tr("Delete “%1”, its %n subfolder(s) and everything in them?", nullptr, subfolders).arg(c->name)
            : tr("Delete the folder “%1”?").arg(c->name),
        QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("deleteFolderPrompt"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(
        tr("%n message(s) will be deleted for good; this cannot be undone.", nullptr, messages));
    QPushButton* remove = box->addButton(tr("Delete Folder"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::finished, this, [this, box, remove, channelId, name = c->name] {
        if (box->clickedButton() != remove)
            return;
        whenDone(m_sync->deleteFolder(channelId), this, [this, name](const Result<void>& r) {
            if (r.ok())
                statusBar()->showMessage(tr("Deleted the folder “%1”.").arg(name), 6000);
        });
    });
    box->open();
}

} // namespace tributary::ui
