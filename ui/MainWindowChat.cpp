// The user's own chat messages: edit (a dialog with the text) and delete (after asking),
// for accounts whose provider can (Capability::EditOwnMessages); older chat history on demand.
#include "ConversationView.h"
#include "MainWindow.h"
#include "sync/SyncController.h"

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

} // namespace tributary::ui
