#pragma once

#include "model/Model.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace tributary {
class SyncController;
} // namespace tributary

namespace tributary::ui {

class ConversationView;
class NotesPanel;
class TriageBar;

//! Team triage in the reader (issue 13 §3): puts a TriageBar and a NotesPanel into a
//! ConversationView and keeps them on the conversation it shows. Both are shown only when
//! the conversation's account can triage (its capabilities, never its provider's type);
//! what the user picks goes to the SyncController, which shows it at once and puts it back
//! if the provider refuses. Notes are asked for when a conversation opens and kept in
//! memory only; a note half written survives switching to another conversation and back.
class TriageController : public QObject {
    Q_OBJECT
public:
    TriageController(SyncController* sync, ConversationView* view, QObject* parent = nullptr);

    TriageBar* bar() const { return m_bar; }
    NotesPanel* notes() const { return m_notes; }

private:
    void showThread(const QString& threadId);
    void refreshState();
    void loadAssignees();
    void submitNote(const QString& text);

    QPointer<SyncController> m_sync;
    TriageBar* m_bar;
    NotesPanel* m_notes;
    QString m_threadId;
    QString m_conversation; //!< the shown thread's triage conversation, empty: none
    quint64 m_generation = 0;
    QHash<QString, QString> m_drafts; //!< conversation -> a note being written
};

} // namespace tributary::ui
