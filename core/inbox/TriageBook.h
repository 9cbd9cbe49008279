#pragma once

#include "model/Model.h"

#include <QHash>
#include <QObject>
#include <optional>

namespace tributary {

class InboxStore;

//! The triage state (assignee, status, snooze) of the conversations the app holds, by
//! conversationIdOf(), and who the signed-in user is at each account: what list rows and the
//! smart views ("Assigned to me", "Unassigned", "Open") read. Filled by SyncController from
//! the providers, the cache and the user's own actions. No notes: those are bodies.
//! GUI thread only.
class TriageBook : public QObject {
    Q_OBJECT
public:
    explicit TriageBook(QObject* parent = nullptr);

    //! Replaces a conversation's state (emits changed() when it differs).
    void set(const ConversationTriage& triage);
    std::optional<ConversationTriage> get(const QString& conversationId) const;
    //! The triage of a thread of the store: that of the newest of its messages that has
    //! any (a thread merged across accounts shows the newest account's).
    std::optional<ConversationTriage> ofThread(const InboxStore& store, const Thread& thread) const;
    //! Whether `assignee` is the signed-in user at the conversation's account.
    bool isSelf(const QString& conversationId, const Assignee& assignee) const;
    //! The signed-in user's id at an account (listAssignees(), Assignee::isSelf).
    void setSelf(const QString& accountId, const QString& assigneeId);
    QString self(const QString& accountId) const { return m_self.value(accountId); }
    void removeAccount(const QString& accountId);
    bool isEmpty() const { return m_entries.isEmpty(); }
    int size() const { return int(m_entries.size()); }

signals:
    void changed(const QStringList& conversationIds);

private:
    QHash<QString, ConversationTriage> m_entries;
    QHash<QString, QString> m_self; //!< account id -> the user's assignee id there
};

} // namespace tributary
