// MainWindow's message actions: keyboard navigation, archive, delete, flag, read state,
// compose, the command palette and the shortcut sheet.
#include "ConversationView.h"
#include "MainWindow.h"
#include "SidebarView.h"
#include "ThreadListPane.h"
#include "ThreadListView.h"
#include "UndoBar.h"
#include "actions/CommandPalette.h"
#include "actions/MailActions.h"
#include "inbox/InboxStore.h"
#include "inbox/ThreadListModel.h"
#include "model/Ids.h"
#include "search/SearchResultsModel.h"
#include "search/ServerSearch.h"
#include "sync/SyncController.h"

#include <QAction>
#include <QActionGroup>
#include <QLineEdit>
#include <QListView>
#include <QStatusBar>

namespace tributary::ui {

void MainWindow::connectMailActions() {
    auto on = [this](MailActions::Id id, auto slot) {
        connect(m_actions->action(id), &QAction::triggered, this, slot);
    };
    on(MailActions::NextThread, [this] { moveSelection(+1); });
    on(MailActions::PreviousThread, [this] { moveSelection(-1); });
    // Enter opens from the list only: elsewhere (the search field, a reply) it is the
    // field's own key.
    QAction* openThread = m_actions->action(MailActions::OpenThread);
    openThread->setShortcutContext(Qt::WidgetShortcut);
    m_listPane->view()->addAction(openThread);
    on(MailActions::OpenThread, [this] {
        if (m_currentThread.isEmpty())
            return;
        // A conversation that is only a draft opens where it can be written on.
        if (m_draftHandler && !draftOf(m_currentThread).isEmpty() &&
            isOutgoing(m_store->thread(m_currentThread)->channelIds))
            editDraft(m_currentThread);
        else
            m_conversation->setFocus(Qt::ShortcutFocusReason);
    });
    connect(m_listPane->view(), &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        const QString thread = index.data(ThreadListModel::ThreadIdRole).toString();
        if (m_draftHandler && !draftOf(thread).isEmpty())
            editDraft(thread);
    });
    on(MailActions::Archive, [this] { archiveOrDelete(true, m_currentThread); });
    on(MailActions::Delete, [this] { archiveOrDelete(false, m_currentThread); });
    on(MailActions::ToggleFlag, [this] { toggleFlag(m_currentThread); });
    on(MailActions::ToggleRead, [this] { toggleRead(m_currentThread); });
    on(MailActions::Compose, [this] { compose(SendKind::New, m_currentThread); });
    on(MailActions::Reply, [this] { compose(SendKind::Reply, m_currentThread); });
    on(MailActions::ReplyAll, [this] { compose(SendKind::ReplyAll, m_currentThread); });
    on(MailActions::Forward, [this] { compose(SendKind::Forward, m_currentThread); });
    on(MailActions::MoveTo, [this] { showMoveToPicker(m_currentThread); });
    on(MailActions::EditDraft, [this] { editDraft(m_currentThread); });
    on(MailActions::CopyLink, [this] { copyLink(m_currentThread); });
    on(MailActions::MarkFolderRead, [this] { markFolderRead(selectedChannel()); });
    on(MailActions::NewFolder, [this] {
        const QString channel = selectedChannel();
        const QString account = channel.isEmpty() && m_selection.kind == SidebarModel::NodeKind::Account
                                    ? m_selection.id
                                    : accountOf(channel);
        newFolder(account, channel);
    });
    on(MailActions::RenameFolder, [this] { renameFolder(selectedChannel()); });
    on(MailActions::DeleteFolder, [this] { deleteFolder(selectedChannel()); });
    connect(m_listPane->view(), &QWidget::customContextMenuRequested, this, &MainWindow::showThreadMenu);
    connect(m_sidebar, &QWidget::customContextMenuRequested, this, &MainWindow::showFolderMenu);
    m_sidebar->setDropCheck([this](const QStringList& threads, const QString& channelId) {
        return whyNotMove(threads, channelId);
    });
    connect(m_sidebar, &SidebarView::threadsDropped, this, &MainWindow::moveThreads);
    on(MailActions::Search, [this] {
        m_listPane->searchField()->setFocus(Qt::ShortcutFocusReason);
        m_listPane->searchField()->selectAll();
    });
    on(MailActions::CommandPalette, [this] { showCommandPalette(); });
    on(MailActions::ShortcutSheet, [this] { showShortcutSheet(); });
    on(MailActions::Settings, [this] { emit settingsRequested(); });
    on(MailActions::Undo, [this] { undo(); });
    connect(m_undoBar, &UndoBar::undoRequested, this, &MainWindow::undo);
    connect(m_sync, &SyncController::undoChanged, this, [this](const QString& what) {
        QAction* action = m_actions->action(MailActions::Undo);
        action->setEnabled(!what.isEmpty());
        action->setText(what.isEmpty() ? tr("&Undo") : tr("&Undo %1").arg(what));
        if (what.isEmpty())
            m_undoBar->dismiss();
    });
    m_serverSearch = new ServerSearch(m_sync, this);
    m_searchResults = new SearchResultsModel(m_serverSearch, this);
    connect(m_listPane, &ThreadListPane::serverSearchRequested, this, &MainWindow::startServerSearch);
    connect(m_serverSearch, &ServerSearch::resultsChanged, this, &MainWindow::updateSearchNote);
    connect(m_serverSearch, &ServerSearch::finished, this, &MainWindow::updateSearchNote);
    connect(m_serverSearch, &ServerSearch::accountFailed, this,
            [this](const QString& accountId, const QString& why) {
                const Provider* p = m_sync->provider(accountId);
                m_searchFailures.append(tr("%1: %2").arg(p ? p->account().displayName : accountId, why));
                updateSearchNote();
            });
    m_listPane->showResults(m_searchResults);
    m_listPane->showConversations();
    connect(m_listPane->resultsView()->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { openSearchResult(current); });
    // A refused action was undone; say why where the user is looking.
    connect(m_sync, &SyncController::actionFailed, this,
            [this](const QString& why) { statusBar()->showMessage(why, 12000); });
    connectChatEdits();
    updateMessageActions();
}

void MainWindow::startServerSearch(const QString& text) {
    m_searchFailures.clear();
    m_serverSearch->start(text);
    m_listPane->showResults(m_searchResults);
    updateSearchNote();
}

void MainWindow::updateSearchNote() {
    QString note;
    const int found = int(m_serverSearch->results().size());
    if (m_serverSearch->accountsAsked() == 0)
        note = tr("No account here can search its server; the list above filters what is loaded.");
    else if (m_serverSearch->isRunning())
        note = tr("Searching %n account(s) for “%1”…", nullptr, m_serverSearch->accountsAsked())
                   .arg(m_serverSearch->text());
    else
        note = tr("%n result(s) for “%1” from the servers. Esc returns to the conversations.", nullptr, found)
                   .arg(m_serverSearch->text());
    if (!m_searchFailures.isEmpty())
        note += QLatin1Char('\n') + tr("Not searched: %1").arg(m_searchFailures.join(QStringLiteral("; ")));
    m_listPane->setResultsNote(note);
}

void MainWindow::openSearchResult(const QModelIndex& index) {
    if (!index.isValid())
        return;
    const Message m = m_searchResults->messageAt(index.row());
    // A result older than what is loaded joins the store, so it opens like any thread.
    if (!m_store->message(m.id))
        m_store->addMessages({m});
    const std::optional<Message> stored = m_store->message(m.id);
    if (!stored)
        return;
    openThread(stored->threadId); // read as the reading settings say, like any conversation
}

void MainWindow::setComposeHandler(ComposeHandler handler) {
    m_compose = std::move(handler);
    updateMessageActions();
}

ChannelRole MainWindow::roleOf(const Message& m) const {
    for (const Channel& c : m_sync->channels(m.accountId)) {
        if (c.id == m.channelId)
            return c.role;
    }
    return ChannelRole::None;
}

ChannelRole MainWindow::roleOfChannel(const QString& channelId) const {
    for (const Channel& c : m_sync->channels(accountOf(channelId))) {
        if (c.id == channelId)
            return c.role;
    }
    return ChannelRole::None;
}

bool MainWindow::isOutgoing(const QStringList& channelIds) const {
    return !channelIds.isEmpty() &&
           std::all_of(channelIds.cbegin(), channelIds.cend(), [this](const QString& id) {
               const ChannelRole role = roleOfChannel(id);
               return role == ChannelRole::Sent || role == ChannelRole::Drafts;
           });
}

QList<Message> MainWindow::threadMessagesExcept(const QString& threadId,
                                                std::initializer_list<ChannelRole> roles) const {
    QList<Message> out;
    if (threadId.isEmpty())
        return out;
    for (const Message& m : m_store->messagesInThread(threadId)) {
        if (std::find(roles.begin(), roles.end(), roleOf(m)) == roles.end())
            out.append(m);
    }
    return out;
}

QString MainWindow::draftOf(const QString& threadId) const {
    const QList<Message> messages =
        threadId.isEmpty() ? QList<Message>() : m_store->messagesInThread(threadId);
    for (auto it = messages.crbegin(); it != messages.crend(); ++it) {
        if (roleOf(*it) == ChannelRole::Drafts)
            return it->id;
    }
    return {};
}

MainWindow::ThreadAbilities MainWindow::abilitiesOf(const QString& threadId) const {
    ThreadAbilities a;
    const std::optional<Thread> thread = threadId.isEmpty() ? std::nullopt : m_store->thread(threadId);
    if (!thread)
        return a;
    const QList<Message> messages = m_store->messagesInThread(threadId);
    auto anyCan = [&](Capability c) {
        return std::any_of(messages.cbegin(), messages.cend(), [&](const Message& m) {
            const Provider* p = m_sync->provider(m.accountId);
            return p && p->capabilities().testFlag(c);
        });
    };
    const bool email = thread->kind == ConversationKind::Email;
    a.exists = true;
    // A chat is answered in its own message box, never in the mail composer.
    a.reply = email ? m_compose && anyCan(Capability::Reply) : m_chatInput && anyCan(Capability::ThreadReply);
    a.replyAll = m_compose && email && anyCan(Capability::Reply);
    a.forward = m_compose && email && anyCan(Capability::Forward);
    a.archive = anyCan(Capability::Move);
    a.remove = anyCan(Capability::Delete);
    a.flag = anyCan(Capability::Flags);
    a.move = anyCan(Capability::Move);
    a.flagged = thread->flagged;
    a.unread = thread->unreadCount > 0;
    if (m_draftHandler)
        a.draftId = draftOf(threadId);
    if (!messages.isEmpty()) {
        const Message& newest = messages.last();
        if (const Provider* p = m_sync->provider(newest.accountId))
            a.link = p->messageLink(newest);
    }
    return a;
}

void MainWindow::updateMessageActions() {
    if (!m_actions)
        return;
    const ThreadAbilities a = abilitiesOf(m_currentThread);
    const bool open = a.exists;
    m_actions->action(MailActions::Reply)->setEnabled(a.reply);
    m_actions->action(MailActions::ReplyAll)->setEnabled(a.replyAll);
    m_actions->action(MailActions::Forward)->setEnabled(a.forward);
    // New Message is mail from a mail account; in an open chat it is the chat's message box.
    bool canSendMail = false;
    for (const QString& id : m_sync->accountIds()) {
        const Provider* p = m_sync->provider(id);
        canSendMail = canSendMail || (p && p->capabilities().testFlag(Capability::SendNew) &&
                                      !p->capabilities().testFlag(Capability::ChatChannels));
    }
    const bool chatBox = m_chatInput && m_conversation->isShowingChat();
    m_actions->action(MailActions::Compose)->setEnabled((m_compose && canSendMail) || chatBox);
    m_actions->action(MailActions::Archive)->setEnabled(a.archive);
    m_actions->action(MailActions::Delete)->setEnabled(a.remove);
    m_actions->action(MailActions::ToggleFlag)->setEnabled(a.flag);
    m_actions->action(MailActions::ToggleRead)->setEnabled(open);
    m_actions->action(MailActions::OpenThread)->setEnabled(open);
    m_actions->action(MailActions::MoveTo)->setEnabled(a.move);
    m_actions->action(MailActions::EditDraft)->setEnabled(!a.draftId.isEmpty());
    m_actions->action(MailActions::CopyLink)->setEnabled(!a.link.isEmpty());
    m_actions->action(MailActions::ToggleFlag)->setText(a.flagged ? tr("Un&flag") : tr("&Flag"));
    m_actions->action(MailActions::ToggleRead)
        ->setText(a.unread ? tr("Mark as &Read") : tr("Mark as &Unread"));
    // A draft says how to go on writing it.
    if (!a.draftId.isEmpty())
        m_conversation->setNotice(tr("This conversation has a draft you have not sent."),
                                  m_actions->action(MailActions::EditDraft));
    else
        m_conversation->setNotice({});
}

void MainWindow::moveSelection(int delta) {
    QListView* view = m_listPane->view();
    const int rows = m_proxy->rowCount();
    if (rows == 0)
        return;
    const QModelIndex current = view->currentIndex();
    int row = 0;
    if (current.isValid())
        row = current.row() + delta;
    else if (m_anchorRow >= 0) // after an archive: j takes the row that took its place, k the one above
        row = delta > 0 ? m_anchorRow : m_anchorRow - 1;
    const QModelIndex target = m_proxy->index(std::clamp(row, 0, rows - 1), 0);
    m_anchorRow = -1;
    view->scrollTo(target);
    setListCurrent(target);
    openThread(target.data(ThreadListModel::ThreadIdRole).toString());
}

void MainWindow::selectRowSoon(int row) {
    // The rows go once the store applied the optimistic change; open what took the place.
    QMetaObject::invokeMethod(
        this,
        [this, row] {
            const int rows = m_proxy->rowCount();
            if (rows == 0)
                return;
            const QModelIndex target = m_proxy->index(std::min(row, rows - 1), 0);
            m_listPane->view()->scrollTo(target);
            setListCurrent(target);
            openThread(target.data(ThreadListModel::ThreadIdRole).toString());
        },
        Qt::QueuedConnection);
}

void MainWindow::archiveOrDelete(bool archive, QString threadId) {
    // Sent and drafts stay where they are; what is already there is left alone.
    const QList<Message> messages =
        archive ? threadMessagesExcept(threadId, {ChannelRole::Sent, ChannelRole::Drafts,
                                                  ChannelRole::Archive, ChannelRole::Trash})
                : threadMessagesExcept(threadId, {ChannelRole::Drafts, ChannelRole::Trash});
    if (messages.isEmpty())
        return;
    QStringList ids;
    for (const Message& m : messages)
        ids.append(m.id);
    const bool open = threadId == m_currentThread;
    const QModelIndex at = listIndexOf(threadId);
    const int row = std::max(at.isValid() ? at.row() : m_listPane->view()->currentIndex().row(), 0);
    const quint64 undoable = m_sync->newestUndoable();
    if (archive)
        m_sync->archiveMessages(ids);
    else
        m_sync->deleteMessages(ids);
    // Undo shows it again where it was only if it was open (a menu's row was not).
    m_undoThread = open ? threadId : QString();
    // No English translation is installed, so "%n message(s)" would show as written: say it.
    const int count = int(ids.size());
    const QString done =
        archive ? (count == 1 ? tr("Archived 1 message.") : tr("Archived %n messages.", nullptr, count))
                : (count == 1 ? tr("Moved 1 message to the Trash.")
                              : tr("Moved %n messages to the Trash.", nullptr, count));
    showUndoableMessage(done, undoable);
    if (open)
        leaveClosedThread(row);
}

void MainWindow::leaveClosedThread(int row) {
    if (m_reading.afterMove == ReadingSettings::AfterMove::OpenNext) {
        selectRowSoon(row);
        return;
    }
    // Back to the list: nothing else opens (or is read) until the user picks it.
    m_currentThread.clear();
    m_markReadTimer->stop();
    m_conversation->clear();
    setListCurrent({});
    m_anchorRow = row;
    m_listPane->view()->setFocus(Qt::OtherFocusReason);
    updateMessageActions();
}

void MainWindow::toggleFlag(QString threadId) {
    const std::optional<Thread> thread = threadId.isEmpty() ? std::nullopt : m_store->thread(threadId);
    if (!thread)
        return;
    const QList<Message> messages = m_store->messagesInThread(threadId);
    m_undoThread = threadId == m_currentThread ? threadId : QString();
    const quint64 undoable = m_sync->newestUndoable();
    if (thread->flagged) {
        QStringList flagged;
        for (const Message& m : messages) {
            if (m.flags.testFlag(MessageFlag::Flagged))
                flagged.append(m.id);
        }
        m_sync->setFlags(flagged, {}, MessageFlag::Flagged);
        showUndoableMessage(tr("Unflagged the conversation."), undoable);
    } else if (!messages.isEmpty()) {
        m_sync->setFlags({messages.last().id}, MessageFlag::Flagged, {}); // the newest, as mail clients do
        showUndoableMessage(tr("Flagged the conversation."), undoable);
    }
}

void MainWindow::toggleRead(QString threadId) {
    const std::optional<Thread> thread = threadId.isEmpty() ? std::nullopt : m_store->thread(threadId);
    if (!thread)
        return;
    const bool open = threadId == m_currentThread;
    m_undoThread = open ? threadId : QString();
    if (open)
        m_markReadTimer->stop(); // the user decided
    const quint64 undoable = m_sync->newestUndoable();
    if (thread->unreadCount > 0) {
        m_sync->markThreadRead(threadId, SyncController::Record::Undoable);
        showUndoableMessage(tr("Marked the conversation as read."), undoable);
        return;
    }
    const QList<Message> messages = m_store->messagesInThread(threadId);
    if (!messages.isEmpty()) {
        m_sync->setFlags({messages.last().id}, {}, MessageFlag::Read);
        showUndoableMessage(tr("Marked the conversation as unread."), undoable);
    }
}

void MainWindow::showUndoableMessage(const QString& text, quint64 undoableBefore) {
    if (m_sync->newestUndoable() == undoableBefore) { // nothing was done, or it cannot be taken back
        statusBar()->showMessage(text, UndoBar::kShownMs);
        return;
    }
    statusBar()->clearMessage();
    m_undoBar->showMessage(text);
}

void MainWindow::undo() {
    const QString what = m_sync->undoText();
    if (!m_sync->undo())
        return;
    m_undoBar->dismiss();
    statusBar()->showMessage(tr("Undone: %1").arg(what), 4000);
    // What came back is shown where it was, if it was open.
    const QString thread = m_undoThread;
    m_undoThread.clear();
    if (!thread.isEmpty() && thread != m_currentThread)
        QMetaObject::invokeMethod(
            this, [this, thread] { selectThread(thread); }, Qt::QueuedConnection);
}

void MainWindow::compose(SendKind kind, QString threadId) {
    const QList<Message> messages =
        threadId.isEmpty() ? QList<Message>() : m_store->messagesInThread(threadId);
    // A chat is written to in its message box: New in the open chat posts to its channel, a
    // reply answers in the thread the reader shows, else in the thread of the newest message.
    const bool chat = !messages.isEmpty() && messages.last().kind == ConversationKind::Chat;
    if (chat && m_chatInput && (kind != SendKind::New || m_conversation->isShowingChat())) {
        const QString shownThread =
            threadId == m_currentThread ? m_conversation->chatThreadParentId() : QString();
        if (threadId != m_currentThread && !selectThread(threadId))
            openThread(threadId);
        focusChatBox(kind == SendKind::New   ? QString()
                     : shownThread.isEmpty() ? messages.last().id
                                             : shownThread);
        return;
    }
    if (!m_compose)
        return;
    if (kind == SendKind::New) {
        // The open conversation's account is a hint for From (ignored if it cannot send mail).
        m_compose(kind, messages.isEmpty() ? QString() : messages.last().id);
        return;
    }
    if (messages.isEmpty())
        return;
    if (chat)
        return; // never as mail (no box: nothing to write with here)
    // Answer the newest message someone else wrote; in a thread of one's own, the newest.
    m_compose(kind, messages.last().id);
}

void MainWindow::showCommandPalette() {
    QList<CommandPalette::Entry> entries;
    for (MailActions::Id id : m_actions->ids()) {
        if (id != MailActions::CommandPalette)
            entries.append({m_actions->action(id), m_actions->menuOf(id), {}});
    }
    for (QAction* view : m_viewActions->actions())
        entries.append({view, tr("&View"), tr("show list conversations")});
    // Places and settings: actions that live as long as the palette.
    auto* owner = new QObject(this);
    auto place = [&](const QIcon& icon, const QString& text, const QString& where, const QString& keywords,
                     auto go) {
        auto* action = new QAction(icon, text, owner);
        connect(action, &QAction::triggered, this, go);
        entries.append({action, where, keywords});
    };
    for (const QString& accountId : m_sync->accountIds()) {
        const Provider* p = m_sync->provider(accountId);
        const QString account = p ? p->account().displayName : accountId;
        place(QIcon(), account, tr("Account"), tr("go to open show"),
              [this, accountId] { selectAccount(accountId); });
        for (const Channel& c : m_sidebarModel->channels(accountId)) {
            if (!c.selectable)
                continue;
            const bool chat = c.kind == ChannelKind::ChatChannel || c.kind == ChannelKind::DirectMessage ||
                              c.kind == ChannelKind::GroupMessage;
            const QString name = m_chatChannelLabels.value(c.id, c.name);
            place(m_sidebarModel->data(m_sidebarModel->indexForChannel(c.id), Qt::DecorationRole)
                      .value<QIcon>(),
                  name, chat ? tr("Channel in %1").arg(account) : tr("Folder in %1").arg(account),
                  tr("go to open show %1").arg(c.nativeId), [this, id = c.id] { selectChannel(id); });
        }
    }
    const std::pair<QString, QString> settings[] = {
        {tr("Theme"), tr("dark light appearance colours")},
        {tr("List density"), tr("compact comfortable snippets appearance")},
        {tr("Mark as read"), tr("reading opened delay unread")},
        {tr("After archiving or deleting"), tr("reading next conversation list")},
        {tr("Privacy mode"), tr("disk cache subjects names")},
        {tr("Remote images"), tr("tracking pictures load")},
        {tr("Notifications"), tr("mute alerts new messages")},
    };
    for (const auto& [name, keywords] : settings)
        place(QIcon(), name, tr("Settings"), keywords, [this] { emit settingsRequested(); });

    auto* palette = new CommandPalette(entries, this);
    palette->setAttribute(Qt::WA_DeleteOnClose);
    connect(palette, &QObject::destroyed, owner, &QObject::deleteLater);
    palette->show();
}

void MainWindow::showShortcutSheet() {
    QList<CommandPalette::Entry> entries;
    for (MailActions::Id id : m_actions->ids())
        entries.append({m_actions->action(id), m_actions->menuOf(id), {}});
    for (QAction* view : m_viewActions->actions())
        entries.append({view, tr("&View"), {}});
    auto* sheet = new ShortcutSheet(entries, this);
    sheet->setAttribute(Qt::WA_DeleteOnClose);
    sheet->show();
}

} // namespace tributary::ui
