// Chat conversations: the message box at their bottom (send, reply in a thread, edit the
// last message with Up), older history on demand, and the user's own messages: edit (a dialog
// with the text, from a message's menu) and delete (after asking), for accounts whose provider
// can (Capability::EditOwnMessages).
#include "ConversationView.h"
#include "MainWindow.h"
#include "chat/ChatInput.h"
#include "chat/ChatPendingList.h"
#include "compose/ChatSender.h"
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "sync/SyncController.h"
#include "util/Futures.h"

#include <QCloseEvent>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>

namespace tributary::ui {

void MainWindow::connectChatEdits() {
    m_conversation->setChatEditable([this](const Message& m) { return m_sync->canEdit(m.id); });
    connect(m_conversation, &ConversationView::editMessageRequested, this, &MainWindow::editChatMessage);
    connect(m_conversation, &ConversationView::deleteMessageRequested, this, &MainWindow::deleteChatMessage);
    // A chat transcript scrolled to its top pages in the channel's older history.
    connect(m_conversation, &ConversationView::olderHistoryRequested, m_sync, &SyncController::loadOlder);
    // A refused edit is undone; what the user wrote comes back in the dialog, not lost.
    connect(m_sync, &SyncController::editFailed, this,
            [this](const QString& messageId, const QString& text, const QString& why) {
                // From the box: back in the box, with the reason under it.
                if (m_chatInput && m_chatInput->isVisible()) {
                    m_chatInput->beginEdit(messageId, text);
                    m_chatInput->showStatus(tr("Edit not saved: %1").arg(why));
                    return;
                }
                QMessageBox::warning(this, tr("Edit not saved"), why);
                editChatMessage(messageId, text);
            });
}

void MainWindow::editChatMessage(const QString& messageId, const QString& currentText) {
    bool ok = false;
    const QString text =
        QInputDialog::getMultiLineText(this, tr("Edit Message"), tr("Message:"), currentText, &ok);
    if (!ok || text.trimmed().isEmpty() || text == currentText)
        return;
    m_sync->editMessage(messageId, text);
}

void MainWindow::deleteChatMessage(const QString& messageId) {
    QMessageBox ask(QMessageBox::Question, tr("Delete Message"),
                    tr("Delete this message for everyone in the conversation?"), QMessageBox::Cancel, this);
    QPushButton* remove = ask.addButton(tr("Delete"), QMessageBox::DestructiveRole);
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.exec();
    if (ask.clickedButton() == remove)
        m_sync->deleteMessages({messageId});
}

// -- the message box ---------------------------------------------------------------------

void MainWindow::connectChatBox() {
    if (m_chatInput || !m_outbox)
        return;
    m_chatSender = new ChatSender(m_outbox, this);
    m_chatInput = new ChatInput(m_chatSender, m_conversation);
    m_chatPending = new ChatPendingList(m_chatSender, m_conversation);
    m_conversation->setChatBox(m_chatInput);
    m_conversation->setTranscriptTail(m_chatPending);
    QPointer<SyncController> sync(m_sync);
    m_chatInput->setMentions(
        [sync](const ChatTarget& target) {
            const Provider* p = sync ? sync->provider(target.accountId) : nullptr;
            return p ? p->mentionCandidates(target.channelId) : QList<Participant>();
        },
        [sync](const ChatTarget& target, const Participant& person) {
            const Provider* p = sync ? sync->provider(target.accountId) : nullptr;
            return p ? p->mentionMarkup(person) : QString();
        });
    connect(m_chatInput, &ChatInput::editSubmitted, this,
            [this](const QString& messageId, const QString& text) { m_sync->editMessage(messageId, text); });
    connect(m_chatInput, &ChatInput::editLastRequested, this, &MainWindow::editLastChatMessage);
    connect(m_chatInput, &ChatInput::leaveThreadRequested, this, [this] {
        m_chatThreadParent.clear();
        m_conversation->closeChatThread(); // back to the channel's transcript, if a thread shows
        updateChatBox();
        m_chatInput->focusInput();
    });
    // The box posts where the reader is: in the thread opened from "N replies", else the channel.
    connect(m_conversation, &ConversationView::chatThreadChanged, this, [this](const QString& parentId) {
        if (parentId == m_chatThreadParent)
            return;
        m_chatThreadParent = parentId;
        updateChatBox();
    });
    connect(m_chatPending, &ChatPendingList::discarded, m_chatInput, &ChatInput::putBack);
    // The provider confirmed a post: its copy is fetched now, and replaces the pending one.
    connect(m_chatSender, &ChatSender::confirmed, this,
            [this](const QString&, const QString& channelId, const QString&) {
                m_sync->refreshAfterSend(channelId);
                m_chatSender->dropKnown(
                    [this](const QString& id) { return m_store->message(id).has_value(); });
            });
    const auto sweep = [this] {
        m_chatSender->dropKnown([this](const QString& id) { return m_store->message(id).has_value(); });
    };
    connect(m_store, &InboxStore::threadsInserted, this, sweep);
    connect(m_store, &InboxStore::threadsChanged, this, sweep);
    updateChatBox();
    updateMessageActions();
}

bool MainWindow::sentFromChatBox(const QString& clientId) const {
    return m_chatSender && m_chatSender->owns(clientId);
}

void MainWindow::updateChatBox() {
    if (!m_chatInput)
        return;
    const std::optional<Thread> thread =
        m_currentThread.isEmpty() ? std::nullopt : m_store->thread(m_currentThread);
    if (!thread || thread->kind != ConversationKind::Chat || thread->channelIds.isEmpty()) {
        m_chatPending->setTargetKey({});
        return;
    }
    ChatTarget target;
    target.channelId = thread->channelIds.first();
    target.accountId = accountOf(target.channelId);
    target.label = m_chatChannelLabels.value(target.channelId);
    target.threadParentId = m_chatThreadParent;
    const Provider* p = m_sync->provider(target.accountId);
    const Capability needed = target.isThread() ? Capability::ThreadReply : Capability::SendNew;
    if (!p || !p->capabilities().testFlag(needed)) {
        // This account cannot post here: no box that would only refuse.
        m_chatInput->hide();
        m_chatPending->setTargetKey({});
        return;
    }
    m_chatInput->setTarget(target);
    m_chatPending->setTargetKey(target.key());
    updateMessageActions(); // New Message and Reply follow the box
}

void MainWindow::focusChatBox(const QString& threadParentId) {
    if (!m_chatInput)
        return;
    m_chatThreadParent = threadParentId;
    // Replying in a thread shows the thread, as Slack opens its thread pane.
    if (threadParentId.isEmpty())
        m_conversation->closeChatThread();
    else
        m_conversation->openChatThread(threadParentId);
    updateChatBox();
    if (m_chatInput->isVisible())
        m_chatInput->focusInput();
}

void MainWindow::editLastChatMessage(const ChatTarget& target) {
    // In a thread: the user's last reply there; in the channel: their last message in it,
    // wherever the list shows it.
    QList<Message> candidates;
    if (target.isThread()) {
        if (const std::optional<Message> parent = m_store->message(target.threadParentId))
            candidates = m_store->messagesInThread(parent->threadId);
    } else {
        // Every conversation of the channel the inbox holds (also messages that came by push).
        for (const Thread& t : m_store->threads()) {
            if (t.channelIds.contains(target.channelId))
                candidates.append(m_store->messagesInThread(t.id));
        }
    }
    const Message* last = nullptr;
    for (const Message& m : std::as_const(candidates)) {
        if (m.channelId == target.channelId && m_sync->canEdit(m.id) &&
            (!last || m.activityAt() >= last->activityAt()))
            last = &m;
    }
    if (!last) {
        m_chatInput->showStatus(tr("Nothing of yours here to edit."));
        return;
    }
    // The whole text (an envelope has only a snippet), then the box edits it.
    const QString id = last->id;
    const QPointer<ChatInput> box(m_chatInput);
    whenDone(m_sync->fetchBody(id), this, [box, id, target](const Result<Message>& full) {
        if (!box || !(box->target() == target))
            return;
        if (!full.ok()) {
            box->showStatus(tr("Could not load your last message to edit it: %1").arg(full.error().message));
            return;
        }
        box->beginEdit(id, full.value().text);
    });
}

bool MainWindow::allowCloseWithChatText() {
    if (!m_chatSender || m_chatTextDiscarded)
        return true;
    // What the open box holds is in the sender as it is typed.
    const QStringList places = m_chatSender->unsentKeys();
    if (places.isEmpty())
        return true;
    QStringList where;
    for (const QString& key : places) {
        const QString channel = key.section(QLatin1Char('\n'), 0, 0);
        const QString label = m_chatChannelLabels.value(channel);
        if (!label.isEmpty() && !where.contains(label))
            where.append(label);
    }
    auto* box =
        new QMessageBox(QMessageBox::Warning, tr("Quit Tributary"),
                        tr("You have written a chat message you have not sent."), QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("quitWithChatText"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(
        (where.isEmpty() ? QString() : tr("In %1. ").arg(where.join(QStringLiteral(", ")))) +
        tr("Chat accounts keep no drafts, so quitting now loses it."));
    QPushButton* discard = box->addButton(tr("Discard and Quit"), QMessageBox::DestructiveRole);
    discard->setObjectName(QStringLiteral("discard"));
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::buttonClicked, this, [this, discard](QAbstractButton* clicked) {
        if (clicked != discard)
            return;
        m_chatTextDiscarded = true;
        QMetaObject::invokeMethod(
            this, [this] { close(); }, Qt::QueuedConnection);
    });
    box->open();
    return false;
}

} // namespace tributary::ui
