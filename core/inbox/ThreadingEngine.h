#pragma once

#include "model/Model.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <memory>

namespace tributary {

//! What one ThreadingEngine::apply() call changed.
struct ThreadingChanges {
    //! Messages that one thread received in the call.
    struct Assignment {
        QString threadId;
        QStringList messageIds;
    };
    //! Every added message and every message that moved to another thread, grouped by the thread it
    //! is in now (one group per re-threaded tree: a thread may have several groups). A message
    //! appears once. Grouped, so a bulk load hands its receiver one thread id per conversation
    //! instead of a hash entry per message.
    QList<Assignment> assignments;
    //! Message id -> the thread it left, for assigned messages that were in another thread before
    //! the call (moved, or updated into another thread).
    QHash<QString, QString> previousThreads;
    QStringList insertedThreads; //!< threads that did not exist before the call
    QStringList changedThreads;  //!< threads that still exist and gained or lost messages
    QStringList removedThreads;  //!< threads that no longer exist (merged away or emptied)
    //! Subset of removedThreads whose messages moved on: old thread id -> the thread that absorbed them.
    QHash<QString, QString> mergedThreads;

    bool isEmpty() const {
        return assignments.isEmpty() && insertedThreads.isEmpty() && changedThreads.isEmpty() &&
               removedThreads.isEmpty();
    }
    //! How many messages were assigned.
    qsizetype assignedCount() const;
    //! The thread the call assigned `messageId` to, or an empty string. A linear search: for
    //! checks on small results, not for bulk use.
    QString assignedThread(const QString& messageId) const;
};

//! Incremental conversation threading (JWZ, https://www.jwz.org/doc/threading.html).
//!
//! Header threads: a container tree over Message-ID / References / In-Reply-To. A message's own
//! References decide its parent; a container whose message is missing (or has no References) keeps
//! the parent other messages' References imply. Missing parents become dummy containers, so replies to
//! one missing message share a thread. Links that would close a cycle are not made (JWZ). Copies of one
//! message (INBOX and Sent, two accounts) share a container; a *different* message reusing a Message-ID
//! (other subject, or dates more than a day apart) gets a private container so it cannot hijack the tree.
//!
//! Subject fallback: root trees whose first message is a reply ("Re:", "AW:", "SV:" ...) join the
//! conversation with the same base subject whose latest message is at most the subject window
//! (default 30 days) older. Messages without a reply prefix never merge by subject.
//!
//! Native threads: a message with Message::nativeThreadKey is threaded by (accountId, key) only.
//!
//! Chat: a channel, DM or group chat is one conversation. Every chat message (ConversationKind::
//! Chat) with a channel is threaded by its channel (chatConversationId()), whatever its
//! nativeThreadKey: that key names the chat thread (sub-conversation) inside the channel,
//! which the conversation view opens from its parent message.
//!
//! Thread ids are derived from content, not arrival order: makeId(Thread, "*", rootMessageId) for
//! header threads, makeId(Thread, accountId, nativeThreadKey) for native ones, and
//! makeId(Thread, "*", messageGlobalId) for a lone message without Message-ID. Only inputs that are
//! inconsistent (reference cycles, a reused Message-ID) can thread differently by arrival order.
//!
//! Not thread-safe; owned by one thread (the InboxStore's).
class ThreadingEngine {
public:
    static constexpr qint64 kDefaultSubjectWindowSecs = 30LL * 24 * 60 * 60;

    explicit ThreadingEngine(qint64 subjectWindowSecs = kDefaultSubjectWindowSecs);
    ~ThreadingEngine();
    ThreadingEngine(const ThreadingEngine&) = delete;
    ThreadingEngine& operator=(const ThreadingEngine&) = delete;

    //! Removes `removals`, then inserts or updates `upserts` (matched by Message::id), and re-threads
    //! only the trees they touch. Only envelope fields are read.
    ThreadingChanges apply(const QList<Message>& upserts, const QStringList& removals = {});

    //! The thread id of a chat channel's conversation (every chat message of the channel is in it).
    static QString chatConversationId(const QString& accountId, const QString& channelId);

    //! The thread of a message, or an empty string when the message is unknown.
    QString threadOf(const QString& messageId) const;
    bool contains(const QString& messageId) const;
    int messageCount() const;
    int threadCount() const;
    void clear();
    //! Makes room for about `messages` more messages and touches it, so a following apply() of
    //! that many finds its memory in place (see InboxStore::reserve()).
    void reserve(int messages);

    //! The subject without reply/forward prefixes (also localized ones: "AW:", "SV:", "Antw:", "VS:",
    //! "Réf. :", "RE[2]:", "WG:" ...) and leading "[list]" tags, whitespace simplified.
    //! `isReply` is set when at least one reply or forward prefix was removed.
    static QString baseSubject(const QString& subject, bool* isReply = nullptr);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace tributary
