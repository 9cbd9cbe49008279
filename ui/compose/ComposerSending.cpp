// Sending through the outbox, following its states, draft autosave, drops and closing.
#include "cache/ViewStateCache.h"
#include "compose/AttachmentTray.h"
#include "compose/ComposerBody.h"
#include "compose/ComposerWindow.h"
#include "compose/DraftAutosaver.h"
#include "compose/RecipientEdit.h"
#include "compose/RichText.h"
#include "sync/SyncController.h"
#include "util/Futures.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QTimer>

namespace tributary::ui {

OutgoingMessage ComposerWindow::message() const {
    OutgoingMessage m = m_base;
    m.kind = m_kind;
    m.clientId = m_clientId;
    m.from = fromParticipant();
    if (m_chat) {
        m.to.clear();
        m.cc.clear();
        m.bcc.clear();
        m.subject.clear();
    } else {
        m.to = m_to->recipients();
        m.cc = m_cc->recipients();
        m.bcc = m_bcc->recipients();
        m.subject = m_subject->text().trimmed();
    }
    if (isRichText()) {
        m.html = messageHtml(*m_body->document());
        m.text = plainAlternative(*m_body->document());
    } else {
        m.text = m_body->toPlainText();
        m.html.clear();
    }
    m.attachments = m_tray->attachments();
    return m;
}

void ComposerWindow::send() {
    if (!canSend())
        return;
    const OutgoingMessage m = message();
    const QString account = accountId();
    // No draft may be written once the message is on its way: the provider removes the
    // draft of this clientId after sending, and a late autosave would bring it back.
    if (m_autosaver)
        m_autosaver->stop();
    m_draftLabel->clear();
    m_outboxState = OutboxState::Pending;
    m_outboxDetail.clear();
    setPhase(Phase::Sending);
    if (m_services.cache)
        m_services.cache->setSetting(QStringLiteral("composer/lastFrom"), account);
    if (!m_services.outbox) {
        m_outboxDetail = tr("Sending is not available.");
        setPhase(Phase::Failed);
        return;
    }
    emit queued(account, m_clientId);
    // The outbox answers with states at once (Pending, maybe Sending or Failed).
    m_services.outbox->enqueue(account, m);
    // While the outbox holds it, the window steps aside: Undo (in the main window) brings it
    // back; a failure shows it again with the reason.
    if (m_phase == Phase::Sending && m_services.outbox->options().holdFor.count() > 0 && isVisible()) {
        m_steppedAside = true;
        hide();
    }
}

bool ComposerWindow::undoSend() {
    if (m_phase != Phase::Sending || !m_services.outbox || !m_services.outbox->discard(m_clientId))
        return false;
    m_notice = tr("Not sent. Change what you like and send it again.");
    setPhase(Phase::Editing);
    // What was written is kept as a draft again, as before Send.
    startAutosave();
    if (m_autosaver)
        m_autosaver->update(message());
    m_steppedAside = false;
    show();
    raise();
    activateWindow();
    m_body->setFocus();
    return true;
}

void ComposerWindow::retry() {
    if (m_phase != Phase::Failed)
        return;
    send();
}

void ComposerWindow::confirmSent() {
    if (m_phase != Phase::MaybeSent || !m_services.outbox)
        return;
    m_outboxDetail.clear();
    setPhase(Phase::Sending);
    m_services.outbox->confirmSent(m_clientId);
}

void ComposerWindow::sendAgain() {
    if (m_phase != Phase::MaybeSent || !m_services.outbox)
        return;
    m_outboxDetail.clear();
    setPhase(Phase::Sending);
    m_services.outbox->sendAgain(m_clientId);
}

void ComposerWindow::onOutboxState(const QString& clientId, OutboxState state, const QString& detail) {
    if (clientId != m_clientId || m_phase == Phase::Sent)
        return;
    m_outboxState = state;
    m_outboxDetail = detail;
    switch (state) {
    case OutboxState::Pending:
    case OutboxState::Sending:
        setPhase(Phase::Sending);
        break;
    case OutboxState::Sent:
        setPhase(Phase::Sent);
        emit sent(accountId(), clientId);
        // "Sent" shows for a moment in a window the user still sees; a hidden one just goes.
        QTimer::singleShot(m_steppedAside ? 0 : m_closeDelayMs, this, [this] {
            m_closing = true;
            close();
        });
        break;
    case OutboxState::Failed:
        setPhase(Phase::Failed);
        // Editable again; what was written is kept in a draft as well.
        startAutosave();
        if (m_steppedAside) {
            m_steppedAside = false;
            show();
            raise();
        }
        break;
    case OutboxState::Uncertain:
        // Not editable: what may have been delivered must not change under the user's eyes.
        setPhase(Phase::MaybeSent);
        break;
    }
}

void ComposerWindow::startAutosave() {
    if (m_autosaver) {
        m_autosaver->stop();
        m_autosaver->deleteLater();
    }
    m_draftLabel->clear();
    m_autosaver = new DraftAutosaver(m_services.clock, this);
    connect(m_autosaver, &DraftAutosaver::stateChanged, m_draftLabel,
            [label = m_draftLabel](DraftState, const QString& text) { label->setText(text); });
    m_autosaver->setProvider(m_services.sync ? m_services.sync->provider(accountId()) : nullptr);
    if (m_phase == Phase::Failed)
        m_autosaver->update(message());
}

QString ComposerWindow::draftStatusText() const {
    return m_autosaver ? m_autosaver->statusText() : QString();
}

QMessageBox* ComposerWindow::closePrompt() const {
    return m_prompt.data();
}

bool ComposerWindow::hasUnsentWork() const {
    // Sending and MaybeSent go on in the outbox without this window; quitting asks there.
    return (m_edited && m_phase == Phase::Editing) || m_phase == Phase::Failed;
}

void ComposerWindow::closeEvent(QCloseEvent* event) {
    if (m_savingForClose) {
        event->ignore();
        return;
    }
    const bool draftIsCurrent = m_phase == Phase::Editing && m_autosaver && m_autosaver->canSave() &&
                                m_autosaver->hasSavedDraft() && !m_autosaver->hasUnsavedChanges();
    if (m_closing || !hasUnsentWork() || draftIsCurrent) {
        // Sending goes on in the outbox without the window; a current draft stays as it is.
        if (m_autosaver && m_phase != Phase::Sending)
            m_autosaver->stop();
        QMainWindow::closeEvent(event);
        return;
    }
    event->ignore();
    askToSave();
}

void ComposerWindow::askToSave() {
    if (m_prompt) {
        m_prompt->raise();
        return;
    }
    const bool drafts = m_autosaver && m_autosaver->canSave();
    auto* box = new QMessageBox(this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setIcon(QMessageBox::Question);
    box->setWindowTitle(tr("Close message"));
    if (drafts) {
        box->setText(tr("Save this message as a draft?"));
        box->setInformativeText(tr("It has not been sent. You can finish it later from the Drafts folder."));
        box->setStandardButtons(QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
        box->setDefaultButton(QMessageBox::Save);
    } else {
        box->setText(tr("Discard this message?"));
        box->setInformativeText(tr("It has not been sent, and this account does not keep drafts."));
        box->setStandardButtons(QMessageBox::Discard | QMessageBox::Cancel);
        box->setDefaultButton(QMessageBox::Cancel);
    }
    box->setWindowModality(Qt::WindowModal);
    connect(box, &QMessageBox::finished, this, [this, box] {
        const QMessageBox::StandardButton choice = box->standardButton(box->clickedButton());
        if (choice == QMessageBox::Discard) {
            finishClosing(true);
        } else if (choice == QMessageBox::Save && m_autosaver) {
            m_savingForClose = true;
            whenResult(m_autosaver->saveNow(), this, [this](const Result<void>& saved) {
                m_savingForClose = false;
                if (saved.ok())
                    finishClosing(false);
                // Otherwise the window stays, and the draft status says why.
            });
        }
    });
    m_prompt = box;
    box->open();
}

void ComposerWindow::finishClosing(bool discardDraft) {
    if (discardDraft && m_autosaver)
        m_autosaver->stop();
    // The outbox kept the failed message for this window; the user has now decided.
    if (m_phase == Phase::Failed && m_services.outbox)
        m_services.outbox->discard(m_clientId);
    m_closing = true;
    close();
}

void ComposerWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (editable() && !ComposerBody::localFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
    else
        event->ignore();
}

void ComposerWindow::dragMoveEvent(QDragMoveEvent* event) {
    if (editable() && !ComposerBody::localFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
    else
        event->ignore();
}

void ComposerWindow::dropEvent(QDropEvent* event) {
    const QStringList files = ComposerBody::localFiles(event->mimeData());
    if (!editable() || files.isEmpty()) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    attachFiles(files);
}

bool ComposerWindow::eventFilter(QObject* watched, QEvent* event) {
    const QEvent::Type type = event->type();
    if (type == QEvent::DragEnter || type == QEvent::DragMove || type == QEvent::Drop) {
        auto* drop = static_cast<QDropEvent*>(event);
        const QStringList files = ComposerBody::localFiles(drop->mimeData());
        if (!files.isEmpty()) {
            if (!editable()) {
                drop->ignore();
                return true;
            }
            drop->acceptProposedAction();
            if (type == QEvent::Drop)
                attachFiles(files);
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

} // namespace tributary::ui
