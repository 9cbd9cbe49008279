#include "triage/TriageController.h"

#include "ConversationView.h"
#include "inbox/TriageBook.h"
#include "sync/SyncController.h"
#include "triage/NotesPanel.h"
#include "triage/TriageBar.h"
#include "util/Futures.h"

#include <QPlainTextEdit>

namespace tributary::ui {

TriageController::TriageController(SyncController* sync, ConversationView* view, QObject* parent)
    : QObject(parent)
    , m_sync(sync)
    , m_bar(new TriageBar(view))
    , m_notes(new NotesPanel(view)) {
    view->setTriageWidgets(m_bar, m_notes);
    m_bar->hide();
    m_notes->hide();
    connect(view, &ConversationView::threadShown, this, &TriageController::showThread);
    connect(sync->triageBook(), &TriageBook::changed, this, [this](const QStringList& ids) {
        if (!m_conversation.isEmpty() && ids.contains(m_conversation))
            refreshState();
    });
    connect(sync, &SyncController::noteAdded, this, [this](const InternalNote& note) {
        if (!m_conversation.isEmpty() && note.conversationId == m_conversation)
            m_notes->addNote(note);
    });
    connect(m_bar, &TriageBar::assignRequested, this, [this](const Assignee& a) {
        if (m_sync && !m_threadId.isEmpty())
            m_sync->assign(m_threadId, a);
    });
    connect(m_bar, &TriageBar::statusRequested, this, [this](TriageStatus s) {
        if (m_sync && !m_threadId.isEmpty())
            m_sync->setTriageStatus(m_threadId, s);
    });
    connect(m_bar, &TriageBar::snoozeRequested, this, [this](const QDateTime& until) {
        if (m_sync && !m_threadId.isEmpty())
            m_sync->setTriageStatus(m_threadId, TriageStatus::Waiting, until);
    });
    connect(m_bar, &TriageBar::addNoteRequested, m_notes, &NotesPanel::openEditor);
    connect(m_notes, &NotesPanel::submitted, this, &TriageController::submitNote);
}

void TriageController::showThread(const QString& threadId) {
    if (!m_sync)
        return;
    const QString conversation = threadId.isEmpty() ? QString() : m_sync->triageConversation(threadId);
    m_threadId = threadId;
    if (conversation == m_conversation) {
        refreshState(); // the same conversation again (a new message, a flag): keep notes and editor
        return;
    }
    if (!m_conversation.isEmpty()) {
        const QString draft = m_notes->editor()->toPlainText();
        if (draft.trimmed().isEmpty())
            m_drafts.remove(m_conversation);
        else
            m_drafts.insert(m_conversation, draft);
    }
    ++m_generation;
    m_conversation = conversation;
    m_notes->clear();
    const Capabilities caps = conversation.isEmpty() ? Capabilities() : m_sync->triageCapabilities(threadId);
    m_bar->setCapabilities(caps);
    m_bar->setVisible(caps != Capabilities());
    if (caps == Capabilities())
        return;
    refreshState();
    if (caps.testFlag(Capability::Assign))
        loadAssignees();
    if (caps.testFlag(Capability::InternalNotes)) {
        const quint64 generation = m_generation;
        whenResult(m_sync->notes(threadId), this, [this, generation](const Result<QList<InternalNote>>& r) {
            if (generation != m_generation)
                return;
            if (r.ok()) {
                for (const InternalNote& n : r.value())
                    m_notes->addNote(n);
            } else {
                m_notes->setLoadError(r.error().message);
            }
        });
        if (const QString draft = m_drafts.value(conversation); !draft.isEmpty()) {
            m_notes->editor()->setPlainText(draft);
            m_notes->openEditor();
        }
    }
}

void TriageController::refreshState() {
    if (!m_sync || m_conversation.isEmpty())
        return;
    const TriageBook* book = m_sync->triageBook();
    const ConversationTriage state =
        book->get(m_conversation).value_or(ConversationTriage{m_conversation, {}, {}, {}});
    m_bar->setState(state, book->isSelf(m_conversation, state.assignee));
}

void TriageController::loadAssignees() {
    const quint64 generation = m_generation;
    whenResult(m_sync->assignees(m_threadId), this, [this, generation](const Result<QList<Assignee>>& r) {
        if (generation != m_generation)
            return;
        if (r.ok())
            m_bar->setAssignees(r.value());
        else
            m_bar->setAssigneesError(r.error().message);
    });
}

void TriageController::submitNote(const QString& text) {
    if (!m_sync || m_threadId.isEmpty())
        return;
    const quint64 generation = m_generation;
    const QString conversation = m_conversation;
    whenResult(m_sync->addNote(m_threadId, text), this,
               [this, generation, conversation, text](const Result<InternalNote>& r) {
                   if (generation != m_generation) {
                       // The user moved on: a refused note waits as that conversation's draft.
                       if (!r.ok())
                           m_drafts.insert(conversation, text);
                       return;
                   }
                   if (r.ok()) {
                       m_drafts.remove(conversation);
                       m_notes->addNote(r.value());
                       m_notes->noteSaved();
                   } else {
                       m_notes->noteFailed(r.error().message);
                   }
               });
}

} // namespace tributary::ui
