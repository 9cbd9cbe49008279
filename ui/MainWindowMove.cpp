// MainWindow: moving conversations into folders (Move To…, drag and drop onto the sidebar),
// and the status bar's notes about messages on their way out ("Sending… Undo", "Sent").
#include "ConversationView.h"
#include "MainWindow.h"
#include "SidebarModel.h"
#include "ThreadListPane.h"
#include "UndoBar.h"
#include "actions/FolderPicker.h"
#include "compose/Outbox.h"
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "sync/SyncController.h"

#include <QPushButton>
#include <QSet>
#include <QStatusBar>
#include <functional>

namespace tributary::ui {

namespace {

//! Longer than any hold: the outbox's next state replaces the note.
constexpr int kSendNoteMs = 10 * 60 * 1000;

bool holdsMail(const Channel& c) {
    return c.selectable && (c.kind == ChannelKind::Folder || c.kind == ChannelKind::Label);
}

//! The folder's place in the tree: "Lists / dev".
QString pathOf(const Channel& c, const QList<Channel>& all) {
    QStringList names{c.name};
    QString parent = c.parentId;
    for (int depth = 0; depth < 32 && !parent.isEmpty(); ++depth) {
        const auto it =
            std::find_if(all.cbegin(), all.cend(), [&](const Channel& p) { return p.id == parent; });
        if (it == all.cend())
            break;
        names.prepend(it->name);
        parent = it->parentId;
    }
    return names.join(QStringLiteral(" / "));
}

//! The messages "move this conversation" means: all but copies of the user's own (Sent,
//! Drafts) and what was thrown away (Trash, Junk); a conversation that is only those moves
//! whole (restoring from the Trash).
QList<Message> movable(const QList<Message>& messages,
                       const std::function<ChannelRole(const Message&)>& role) {
    QList<Message> kept;
    for (const Message& m : messages) {
        const ChannelRole r = role(m);
        if (r != ChannelRole::Sent && r != ChannelRole::Drafts && r != ChannelRole::Trash &&
            r != ChannelRole::Junk)
            kept.append(m);
    }
    return kept.isEmpty() ? messages : kept;
}

} // namespace

QString MainWindow::whyNotMove(const QStringList& threadIds, const QString& channelId) const {
    const QString accountId = accountOf(channelId);
    const Provider* p = m_sync->provider(accountId);
    const std::optional<Channel> target = m_sidebarModel->channel(channelId);
    if (!p || !target)
        return tr("This folder is no longer there.");
    if (!p->capabilities().testFlag(Capability::Move))
        return tr("%1 cannot move messages.").arg(p->account().displayName);
    if (!holdsMail(*target))
        return target->selectable ? tr("“%1” is a conversation, not a folder.").arg(target->name)
                                  : tr("“%1” only holds folders.").arg(target->name);
    bool inAccount = false;
    bool elsewhere = false;
    for (const QString& thread : threadIds) {
        for (const Message& m :
             movable(m_store->messagesInThread(thread), [this](const Message& m) { return roleOf(m); })) {
            if (m.accountId != accountId)
                continue;
            inAccount = true;
            elsewhere = elsewhere || m.channelId != channelId;
        }
    }
    if (!inAccount)
        return tr("Mail moves within its own account: these messages are not in %1.")
            .arg(p->account().displayName);
    if (!elsewhere)
        return tr("Already in “%1”.").arg(target->name);
    return {};
}

void MainWindow::moveThreads(const QStringList& threadIds, const QString& channelId) {
    if (const QString why = whyNotMove(threadIds, channelId); !why.isEmpty()) {
        statusBar()->showMessage(why, 6000);
        return;
    }
    const QString accountId = accountOf(channelId);
    QStringList ids;
    for (const QString& thread : threadIds) {
        for (const Message& m :
             movable(m_store->messagesInThread(thread), [this](const Message& m) { return roleOf(m); })) {
            if (m.accountId == accountId && m.channelId != channelId)
                ids.append(m.id);
        }
    }
    const QString open = m_currentThread;
    const bool movingOpen = !open.isEmpty() && threadIds.contains(open);
    const QModelIndex at = listIndexOf(movingOpen ? open : threadIds.value(0));
    const int row = std::max(at.isValid() ? at.row() : 0, 0);
    const quint64 undoable = m_sync->newestUndoable();
    m_sync->moveMessages(ids, channelId);
    m_undoThread = movingOpen ? open : QString();
    const std::optional<Channel> target = m_sidebarModel->channel(channelId);
    showUndoableMessage((ids.size() == 1 ? tr("Moved 1 message to “%1”.")
                                         : tr("Moved %n messages to “%1”.", nullptr, int(ids.size())))
                            .arg(target ? target->name : QString()),
                        undoable);
    // The open conversation left this view: back to the list (or the next one), as after archiving.
    if (movingOpen && (m_currentThread.isEmpty() || !listIndexOf(open).isValid()))
        leaveClosedThread(row);
}

FolderPicker* MainWindow::showMoveToPicker(const QString& threadIdOrEmpty) {
    const QString threadId = threadIdOrEmpty.isEmpty() ? m_currentThread : threadIdOrEmpty;
    const QList<Message> messages =
        threadId.isEmpty()
            ? QList<Message>()
            : movable(m_store->messagesInThread(threadId), [this](const Message& m) { return roleOf(m); });
    QStringList accounts;
    for (const Message& m : messages) {
        const Provider* p = m_sync->provider(m.accountId);
        if (p && p->capabilities().testFlag(Capability::Move) && !accounts.contains(m.accountId))
            accounts.append(m.accountId);
    }
    if (accounts.isEmpty())
        return nullptr;
    QList<FolderPicker::Folder> folders;
    for (const QString& accountId : std::as_const(accounts)) {
        const QList<Channel> all = m_sidebarModel->channels(accountId);
        const Provider* p = m_sync->provider(accountId);
        for (const Channel& c : all) {
            if (!holdsMail(c) || !whyNotMove({threadId}, c.id).isEmpty())
                continue;
            folders.append({c.id, pathOf(c, all), p->account().displayName,
                            m_sidebarModel->data(m_sidebarModel->indexForChannel(c.id), Qt::DecorationRole)
                                .value<QIcon>()});
        }
    }
    const std::optional<Thread> thread = m_store->thread(threadId);
    auto* picker = new FolderPicker(
        tr("Move “%1” to…").arg(thread && !thread->subject.isEmpty() ? thread->subject : tr("(no subject)")),
        folders, this);
    picker->setAttribute(Qt::WA_DeleteOnClose);
    connect(picker, &FolderPicker::picked, this,
            [this, threadId](const QString& channelId) { moveThreads({threadId}, channelId); });
    picker->show();
    return picker;
}

// -- messages on their way out --------------------------------------------------------------

void MainWindow::setOutbox(Outbox* outbox) {
    if (m_outbox)
        disconnect(m_outbox, nullptr, this, nullptr);
    m_outbox = outbox;
    if (!m_outbox)
        return;
    connect(m_outbox, &Outbox::stateChanged, this,
            [this](const QString& clientId, OutboxState state, const QString& detail) {
                onOutboxState(clientId, int(state), detail);
            });
    connect(m_sendBar, &UndoBar::undoRequested, this, [this] {
        const auto it = m_sending.find(m_sendBarClient);
        if (it == m_sending.end())
            return;
        const QString subject = it->subject;
        const bool undone = it->undo && it->undo();
        if (undone)
            m_sending.erase(it);
        m_sendBar->showNote(undone ? tr("Not sent: “%1” is open again.").arg(subject)
                                   : tr("Too late to take “%1” back: it is being sent.").arg(subject),
                            UndoBar::kShownMs);
    });
    connectChatBox(); // chat messages go out through the same outbox
}

void MainWindow::noteSending(const QString& clientId, const QString& subject, std::function<bool()> undo) {
    const QString shown = subject.trimmed().isEmpty() ? tr("(no subject)") : subject.trimmed();
    m_sending.insert(clientId, Sending{shown, std::move(undo)});
    // Noted as Send is pressed, before or as the outbox takes it: Undo while it is Pending.
    const std::optional<OutboxEntry> entry = m_outbox ? m_outbox->entry(clientId) : std::nullopt;
    if (entry && entry->state != OutboxState::Pending)
        return;
    m_sendBarClient = clientId;
    // Shown until the outbox moves on (Sending, Sent or Failed replace it).
    m_sendBar->showMessage(tr("Sending “%1”…").arg(shown), kSendNoteMs);
}

void MainWindow::onOutboxState(const QString& clientId, int stateValue, const QString& detail) {
    const auto it = m_sending.find(clientId);
    if (it == m_sending.end())
        return;
    const QString subject = it->subject;
    switch (OutboxState(stateValue)) {
    case OutboxState::Pending:
        break;
    case OutboxState::Sending:
        m_sendBarClient = clientId;
        m_sendBar->showNote(tr("Sending “%1”…").arg(subject), kSendNoteMs);
        break;
    case OutboxState::Sent:
        m_sending.erase(it);
        m_sendBar->showNote(tr("Sent “%1”.").arg(subject), UndoBar::kShownMs);
        break;
    case OutboxState::Failed:
        m_sending.erase(it);
        m_sendBar->showNote(tr("Could not send “%1”: %2").arg(subject, detail), 12000);
        break;
    case OutboxState::Uncertain:
        // Its composer comes back asking whether it was sent; the note says why.
        m_sending.erase(it);
        m_sendBar->showNote(tr("“%1” may have been sent: %2").arg(subject, detail), 12000);
        break;
    }
}

} // namespace tributary::ui
