#pragma once

#include "model/Model.h"

#include <QHash>
#include <QObject>
#include <memory>
#include <optional>

namespace tributary {

class ThreadingEngine;

//! The in-memory unified inbox: envelopes of every account, threaded across
//! folders and accounts (JWZ or the provider's native thread key). Holds no bodies.
//! GUI thread only.
class InboxStore : public QObject {
    Q_OBJECT
public:
    explicit InboxStore(QObject* parent = nullptr);
    ~InboxStore() override;

    //! Inserts or updates envelopes (matched by Message::id) and re-threads incrementally.
    //! Message::threadId is assigned here.
    void addMessages(const QList<Message>& envelopes);
    //! Prepares for about `messages` more envelopes, e.g. a listing that was just requested:
    //! claims the memory the thread model will need for them now, while the caller waits for
    //! the network, rather than page fault by page fault while they are threaded.
    void reserve(int messages);
    //! Applies a live update (created / updated / deleted / read-changed ...).
    void applyEvent(const Event& event);
    void removeMessages(const QStringList& messageIds);
    //! Removes `removals` and adds or updates `envelopes` in one step (one batch of signals):
    //! a message that moved within a thread keeps the thread's row in place.
    void update(const QList<Message>& envelopes, const QStringList& removals);
    void removeAccount(const QString& accountId);

    int threadCount() const;
    int messageCount() const;
    QList<Thread> threads() const;
    std::optional<Thread> thread(const QString& threadId) const;
    //! Oldest first.
    QList<Message> messagesInThread(const QString& threadId) const;
    std::optional<Message> message(const QString& messageId) const;
    //! Unread messages held, by channel (each copy counts in its own channel).
    QHash<QString, int> unreadByChannel() const;
    //! The threads with an unread message.
    QList<Thread> unreadThreads() const;
    //! The participants (authors and recipients) of the messages held, for address completion:
    //! most frequent first. People vanish with the last message that names them.
    QList<Participant> knownParticipants() const;

signals:
    // At most one emission of each kind per call (addMessages, applyEvent, removeMessages, removeAccount), in
    // this order: threadsMerged, threadsRemoved, threadsInserted, threadsChanged.

    //! Threads that disappeared because their messages joined another thread (old id -> new id), e.g.
    //! when a missing parent arrives. Emitted just before threadsRemoved lists the same old ids, so a
    //! view can move its selection to the new id.
    void threadsMerged(const QHash<QString, QString>& oldToNew);
    void threadsInserted(const QStringList& threadIds);
    void threadsChanged(const QStringList& threadIds);
    void threadsRemoved(const QStringList& threadIds);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace tributary
