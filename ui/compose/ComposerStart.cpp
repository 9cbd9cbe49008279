// Filling a composer: new message, reply/reply all/forward from a loaded original, chat
// thread reply, or a message the outbox still holds.
#include "cache/ViewStateCache.h"
#include "compose/AttachmentTray.h"
#include "compose/ComposerBody.h"
#include "compose/ComposerWindow.h"
#include "compose/FormatBar.h"
#include "compose/RecipientEdit.h"
#include "compose/ReplyBuilder.h"
#include "html/HtmlToText.h"
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "sync/SyncController.h"
#include "util/Futures.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>

namespace tributary::ui {

namespace {

const QString kLastFromKey = QStringLiteral("composer/lastFrom");
const QString kRichTextKey = QStringLiteral("composer/richText");

ComposerWindow* shown(ComposerWindow* window) {
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->show();
    window->raise();
    window->activateWindow();
    return window;
}

} // namespace

ComposerWindow* ComposerWindow::newMessage(const ComposerServices& services, const QString& accountId,
                                           const QList<Participant>& to) {
    auto* window = new ComposerWindow(services);
    window->beginNew(accountId, to);
    return shown(window);
}

ComposerWindow* ComposerWindow::reply(const ComposerServices& services, const QString& messageId,
                                      SendKind kind) {
    auto* window = new ComposerWindow(services);
    window->beginReply(messageId, kind);
    return shown(window);
}

ComposerWindow* ComposerWindow::chatReply(const ComposerServices& services, const QString& threadId) {
    auto* window = new ComposerWindow(services);
    if (!window->beginChatReply(threadId)) {
        delete window;
        return nullptr;
    }
    return shown(window);
}

ComposerWindow* ComposerWindow::fromOutbox(const ComposerServices& services, const QString& clientId) {
    auto* window = new ComposerWindow(services);
    if (!window->beginFromOutbox(clientId)) {
        delete window;
        return nullptr;
    }
    return shown(window);
}

ComposerWindow* ComposerWindow::fromDraft(const ComposerServices& services, const QString& draftMessageId) {
    auto* window = new ComposerWindow(services);
    if (!window->beginDraft(draftMessageId)) {
        delete window;
        return nullptr;
    }
    return shown(window);
}

void ComposerWindow::beginNew(const QString& accountId, const QList<Participant>& to) {
    m_kind = SendKind::New;
    m_base = OutgoingMessage{};
    populateFrom(Capability::SendNew);
    // A hint that cannot send mail (a chat account) leaves the choice to the last one used.
    const bool given = !accountId.isEmpty() && m_from->findData(accountId) >= 0;
    selectAccount(given ? accountId : QString());
    m_filling = true;
    m_to->setRecipients(to);
    m_filling = false;
    loadPreferences(!given);
    setPhase(Phase::Editing);
    updateTitle();
    if (to.isEmpty())
        m_to->setFocus();
    else
        m_subject->setFocus();
}

void ComposerWindow::beginReply(const QString& messageId, SendKind kind) {
    m_kind = kind;
    m_base = OutgoingMessage{};
    m_base.kind = kind;
    m_base.inReplyToId = messageId;
    populateFrom(capabilityFor(kind));
    selectAccount(accountOf(messageId));
    loadPreferences(false);

    // The envelope gives recipients and subject at once; the quote waits for the body.
    const std::optional<Message> envelope =
        m_services.store ? m_services.store->message(messageId) : std::optional<Message>();
    if (envelope) {
        applyDraft(tributary::startReply(*envelope, kind, ownIdentities()), false);
        selectReplyIdentity(*envelope);
    }
    updateTitle();
    setPhase(Phase::Loading);
    if (!m_services.sync) {
        setPhase(Phase::Editing);
        return;
    }
    whenResult(m_services.sync->fetchBody(messageId), this,
               [this, messageId, kind, envelope](const Result<Message>& result) {
                   if (m_phase != Phase::Loading)
                       return;
                   if (!result.ok()) {
                       m_notice =
                           tr("Could not load the original message: %1").arg(userReason(result.error()));
                       setPhase(Phase::Editing);
                       return;
                   }
                   Message original = result.value();
                   // An HTML-only original is quoted as the text a reader sees.
                   if (original.text.trimmed().isEmpty() && !original.html.isEmpty())
                       original.text = htmlToText(original.html);
                   const ReplyDraft draft = tributary::startReply(original, kind, ownIdentities());
                   applyDraft(draft, true);
                   if (!envelope)
                       selectReplyIdentity(original);
                   if (kind == SendKind::Forward)
                       fetchAttachments(messageId, draft.forwardedAttachments);
                   setPhase(Phase::Editing);
                   updateTitle();
                   if (kind == SendKind::Forward) {
                       m_to->setFocus();
                   } else {
                       m_body->setFocus();
                       m_body->moveCursor(QTextCursor::Start);
                   }
               });
}

bool ComposerWindow::beginChatReply(const QString& threadId) {
    if (!m_services.store)
        return false;
    const QList<Message> messages = m_services.store->messagesInThread(threadId);
    if (messages.isEmpty())
        return false;
    // Answer the newest message, in its channel (for Slack, its thread).
    const Message& last = messages.last();
    m_kind = SendKind::ThreadReply;
    m_base = OutgoingMessage{};
    m_base.kind = SendKind::ThreadReply;
    m_base.channelId = last.channelId;
    m_base.inReplyToId = last.id;
    showChatFields(last.accountId, last.channelId, last.subject);
    loadPreferences(false);
    setPhase(Phase::Editing);
    m_body->setFocus();
    return true;
}

void ComposerWindow::showChatFields(const QString& accountId, const QString& channelId,
                                    const QString& fallback) {
    m_chat = true;
    populateFrom(Capability::ThreadReply, accountId);
    selectAccount(accountId);
    QString where;
    if (m_services.sync) {
        for (const Channel& c : m_services.sync->channels(accountId)) {
            if (c.id == channelId)
                where = c.kind == ChannelKind::ChatChannel ? QStringLiteral("#") + c.name : c.name;
        }
    }
    if (where.isEmpty())
        where = fallback.isEmpty() ? tr("this conversation") : fallback;
    m_channelLabel->setText(where);
    for (QWidget* row : {m_toRow, m_ccRow, m_bccRow, m_subjectRow})
        row->setVisible(false);
    m_channelRow->setVisible(true);
    m_body->setPlaceholderText(tr("Reply in %1…").arg(where));
    updateTitle();
}

bool ComposerWindow::beginFromOutbox(const QString& clientId) {
    if (!m_services.outbox)
        return false;
    const std::optional<OutboxEntry> entry = m_services.outbox->entry(clientId);
    if (!entry)
        return false;
    const OutgoingMessage& m = entry->message;
    if (m.kind == SendKind::ThreadReply) {
        showChatFields(entry->accountId, m.channelId, {});
    } else {
        populateFrom(capabilityFor(m.kind));
        selectIdentity(entry->accountId, m.from);
    }
    m_clientId = clientId;
    m_kind = m.kind;
    m_base = m;
    m_filling = true;
    if (!m_chat) {
        m_to->setRecipients(m.to);
        m_cc->setRecipients(m.cc);
        m_bcc->setRecipients(m.bcc);
        setCcVisible(!m.cc.isEmpty());
        setBccVisible(!m.bcc.isEmpty());
        m_subject->setText(m.subject);
    }
    for (const OutgoingAttachment& a : m.attachments)
        m_tray->addAttachment(a);
    m_filling = false;
    m_richTouched = true;
    setBodyText(m.text, m.html);
    m_edited = true; // it was never sent: closing asks what to do with it
    m_outboxState = entry->state;
    m_outboxDetail = entry->detail;
    setPhase(entry->state == OutboxState::Failed      ? Phase::Failed
             : entry->state == OutboxState::Uncertain ? Phase::MaybeSent
                                                      : Phase::Sending);
    if (m_phase == Phase::Failed)
        startAutosave();
    updateTitle();
    return true;
}

bool ComposerWindow::beginDraft(const QString& draftMessageId) {
    const std::optional<Message> draft =
        m_services.store ? m_services.store->message(draftMessageId) : std::optional<Message>();
    if (!draft)
        return false;
    m_kind = SendKind::New;
    m_base = OutgoingMessage{};
    m_base.replacesDraftId = draftMessageId;
    m_base.inReplyToHeader = draft->inReplyTo; // a draft reply stays in its conversation
    m_base.referencesHeader = draft->references;
    m_resumingDraft = true;
    // The draft lives in its account's Drafts folder: it goes on from there.
    populateFrom(Capability::SendNew, draft->accountId);
    selectIdentity(draft->accountId, draft->author); // the alias it was written from
    m_filling = true;
    m_to->setRecipients(draft->to);
    m_cc->setRecipients(draft->cc);
    m_bcc->setRecipients(draft->bcc);
    setCcVisible(!draft->cc.isEmpty());
    setBccVisible(!draft->bcc.isEmpty());
    m_subject->setText(draft->subject);
    m_filling = false;
    m_richTouched = true; // the draft's own format, not the last preference
    updateTitle();
    setPhase(Phase::Loading);
    if (!m_services.sync) {
        setPhase(Phase::Editing);
        return true;
    }
    whenResult(m_services.sync->fetchBody(draftMessageId), this,
               [this, draftMessageId](const Result<Message>& result) {
                   if (m_phase != Phase::Loading)
                       return;
                   if (!result.ok()) {
                       // What the envelope gave stays; saving still replaces the draft.
                       m_notice = tr("Could not load the draft's text: %1").arg(userReason(result.error()));
                       setPhase(Phase::Editing);
                       return;
                   }
                   const Message& full = result.value();
                   setBodyText(full.text, full.html);
                   fetchAttachments(draftMessageId, full.attachments);
                   setPhase(Phase::Editing);
                   m_body->setFocus();
                   m_body->moveCursor(QTextCursor::End);
               });
    return true;
}

void ComposerWindow::selectReplyIdentity(const Message& original) {
    if (m_fromTouched || !m_services.sync)
        return;
    const Provider* p = m_services.sync->provider(original.accountId);
    if (!p || accountId() != original.accountId)
        return; // answered from another account: its default
    selectIdentity(original.accountId, replyIdentity(original, p->identities()).participant());
}

void ComposerWindow::applyDraft(const ReplyDraft& draft, bool withBody) {
    const OutgoingMessage& m = draft.message;
    m_base.kind = m.kind;
    m_base.inReplyToId = m.inReplyToId;
    m_base.channelId = m.channelId;
    m_base.inReplyToHeader = m.inReplyToHeader;
    m_base.referencesHeader = m.referencesHeader;
    m_filling = true;
    m_to->setRecipients(m.to);
    m_cc->setRecipients(m.cc);
    setCcVisible(!m.cc.isEmpty());
    m_subject->setText(m.subject);
    m_filling = false;
    if (withBody)
        setBodyText(m.text);
}

void ComposerWindow::setBodyText(const QString& text, const QString& html) {
    m_filling = true;
    if (!html.isEmpty()) {
        m_body->setAcceptRichText(true);
        m_richAction->setChecked(true);
        m_formatBar->setVisible(true);
        m_body->setHtml(html);
    } else {
        m_body->setPlainText(text);
    }
    m_body->moveCursor(QTextCursor::Start);
    m_filling = false;
    updateSendEnabled();
}

void ComposerWindow::fetchAttachments(const QString& messageId, const QList<Attachment>& attachments) {
    Provider* provider = m_services.sync ? m_services.sync->provider(accountOf(messageId)) : nullptr;
    for (const Attachment& a : attachments) {
        const int key = m_tray->addPending(a.fileName, a.mimeType, a.size);
        if (!provider) {
            m_tray->fail(key, tr("The account of the original message is not set up."));
            continue;
        }
        whenResult(provider->fetchAttachment(messageId, a.id), m_tray,
                   [tray = m_tray, key](const Result<QByteArray>& bytes) {
                       if (bytes.ok())
                           tray->resolve(key, bytes.value());
                       else
                           tray->fail(key, userReason(bytes.error()));
                   });
    }
}

void ComposerWindow::loadPreferences(bool chooseFrom) {
    if (!m_services.cache)
        return;
    if (chooseFrom) {
        whenDone(m_services.cache->setting(kLastFromKey), this, [this](const QVariant& last) {
            if (!m_fromTouched && !m_edited && last.isValid() && m_from->findData(last.toString()) >= 0)
                selectAccount(last.toString());
        });
    }
    whenDone(m_services.cache->setting(kRichTextKey), this, [this](const QVariant& rich) {
        if (!m_richTouched && !m_edited && (m_phase == Phase::Editing || m_phase == Phase::Loading) &&
            rich.isValid())
            setRichText(rich.toBool());
    });
}

} // namespace tributary::ui
