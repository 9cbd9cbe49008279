#include "inbox/InboxStore.h"

#include "inbox/ThreadingEngine.h"
#include "util/Logging.h"

#include <QSet>
#include <algorithm>
#include <limits>

namespace tributary {

namespace {

qint64 activityMs(const Message& m) {
    const QDateTime at = m.activityAt();
    return at.isValid() ? at.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min();
}

bool olderThan(const Message* a, const Message* b) {
    const qint64 ta = activityMs(*a);
    const qint64 tb = activityMs(*b);
    return ta != tb ? ta < tb : a->id < b->id;
}

QString personKey(const Participant& p) {
    return p.address.isEmpty() ? QString() : p.address.toCaseFolded();
}

// Copies of one message (INBOX and Sent, two accounts) count once in a thread's counters.
QString copyKey(const Message& m) {
    return m.messageIdHeader.isEmpty() ? QStringLiteral("m:") + m.id
                                       : QStringLiteral("h:") + m.messageIdHeader;
}

QString firstLine(const QString& text) {
    const qsizetype nl = text.indexOf(QLatin1Char('\n'));
    return (nl < 0 ? text : text.left(nl)).trimmed();
}

//! Keeps an envelope only: bodies never live in the inbox (they belong to the LRU body cache).
Message envelopeOf(const Message& in) {
    Message m = in;
    if (m.snippet.isEmpty() && !m.text.isEmpty())
        m.snippet = makeSnippet(m.text);
    m.text.clear();
    m.html.clear();
    m.bodyLoaded = false;
    m.threadId.clear();
    return m;
}

struct ThreadData {
    Thread thread;
    QSet<QString> members;
};

struct Person {
    Participant participant;
    int count = 0;
};

} // namespace

struct InboxStore::Private {
    InboxStore* q;
    ThreadingEngine engine;
    QHash<QString, Message> messages;
    QHash<QString, ThreadData> threads;
    QHash<QString, Person> people;

    explicit Private(InboxStore* owner)
        : q(owner) {}

    void countPerson(const Participant& p, int delta) {
        const QString key = personKey(p);
        if (key.isEmpty())
            return;
        auto it = people.find(key);
        if (it == people.end()) {
            if (delta <= 0)
                return;
            it = people.insert(key, Person{p, 0});
        } else if (delta > 0 && !p.displayName.isEmpty()) {
            it->participant.displayName = p.displayName; // the latest spelling of a name wins
        }
        it->count += delta;
        if (it->count <= 0)
            people.erase(it);
    }

    void countPeople(const Message& m, int delta) {
        countPerson(m.author, delta);
        for (const QList<Participant>* list : {&m.to, &m.cc, &m.bcc}) {
            for (const Participant& p : *list)
                countPerson(p, delta);
        }
    }

    //! Copies of one message (same Message-ID) count once; a message is unread when any copy is.
    static void countCopies(const QList<const Message*>& list, Thread& t) {
        const bool anyHeader = std::any_of(list.cbegin(), list.cend(),
                                           [](const Message* m) { return !m->messageIdHeader.isEmpty(); });
        if (!anyHeader) { // chat, or mail without Message-IDs: every message is distinct
            t.messageCount = int(list.size());
            t.unreadCount =
                int(std::count_if(list.cbegin(), list.cend(), [](const Message* m) { return !m->isRead(); }));
            return;
        }
        QHash<QString, bool> unreadByCopy;
        unreadByCopy.reserve(list.size());
        for (const Message* m : list) {
            bool& unread = unreadByCopy[copyKey(*m)];
            unread = unread || !m->isRead();
        }
        t.messageCount = int(unreadByCopy.size());
        t.unreadCount = int(std::count(unreadByCopy.cbegin(), unreadByCopy.cend(), true));
    }

    Thread aggregate(const QString& id, const QSet<QString>& members) const {
        QList<const Message*> list;
        list.reserve(members.size());
        for (const QString& mid : members) {
            const auto it = messages.constFind(mid);
            if (it != messages.cend())
                list.append(&*it);
        }
        std::sort(list.begin(), list.end(), olderThan);

        Thread t;
        t.id = id;
        if (list.isEmpty())
            return t;
        const Message& first = *list.front();
        const Message& newest = *list.back();
        t.kind = first.kind;
        for (const Message* m : list) {
            if (!m->subject.isEmpty()) {
                t.subject = m->subject;
                break;
            }
        }
        if (t.subject.isEmpty())
            t.subject = firstLine(first.snippet); // chat: no subject, show the opening line
        t.latestActivity = newest.activityAt();
        t.snippet = newest.snippet;

        // Accounts, channels and authors of one thread are few: linear lists beat hashing.
        QStringList authors;
        t.messageIds.reserve(list.size());
        for (const Message* m : list) {
            t.messageIds.append(m->id);
            if (!t.accountIds.contains(m->accountId))
                t.accountIds.append(m->accountId);
            if (!m->channelId.isEmpty() && !t.channelIds.contains(m->channelId))
                t.channelIds.append(m->channelId);
            const QString author =
                m->author.address.isEmpty() ? m->author.displayName : m->author.address.toCaseFolded();
            if (!author.isEmpty() && !authors.contains(author)) {
                authors.append(author);
                t.participants.append(m->author);
            }
            t.flagged = t.flagged || m->flags.testFlag(MessageFlag::Flagged);
            t.hasAttachments = t.hasAttachments || m->hasAttachments || !m->attachments.isEmpty();
        }
        t.accountIds.sort();
        t.channelIds.sort();
        countCopies(list, t);
        return t;
    }

    //! Applies the engine's verdict, recomputes the aggregates of `dirty` threads and emits one batch.
    void commit(const ThreadingChanges& changes, QSet<QString> dirty) {
        QSet<QString> created;
        for (auto it = changes.assignments.cbegin(); it != changes.assignments.cend(); ++it) {
            const auto m = messages.find(it.key());
            if (m == messages.end())
                continue;
            const QString& next = it.value();
            if (!m->threadId.isEmpty() && m->threadId != next) {
                const auto old = threads.find(m->threadId);
                if (old != threads.end())
                    old->members.remove(it.key());
                dirty.insert(m->threadId);
            }
            auto t = threads.find(next);
            if (t == threads.end()) {
                t = threads.insert(next, ThreadData{});
                created.insert(next);
            }
            t->members.insert(it.key());
            m->threadId = next;
            dirty.insert(next);
        }

        QStringList inserted;
        QStringList changed;
        QStringList removed;
        for (const QString& id : std::as_const(dirty)) {
            const auto t = threads.find(id);
            if (t == threads.end())
                continue;
            if (t->members.isEmpty()) {
                if (!created.contains(id))
                    removed.append(id);
                threads.erase(t);
                continue;
            }
            Thread next = aggregate(id, t->members);
            if (created.contains(id)) {
                t->thread = std::move(next);
                inserted.append(id);
            } else if (next != t->thread) {
                t->thread = std::move(next);
                changed.append(id);
            }
        }
        inserted.sort();
        changed.sort();
        removed.sort();

        QHash<QString, QString> merged;
        for (const QString& id : std::as_const(removed)) {
            const auto target = changes.mergedThreads.constFind(id);
            if (target != changes.mergedThreads.cend() && threads.contains(*target))
                merged.insert(id, *target);
        }
        if (!merged.isEmpty())
            emit q->threadsMerged(merged);
        if (!removed.isEmpty())
            emit q->threadsRemoved(removed);
        if (!inserted.isEmpty())
            emit q->threadsInserted(inserted);
        if (!changed.isEmpty())
            emit q->threadsChanged(changed);
    }
};

InboxStore::InboxStore(QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this)) {}

InboxStore::~InboxStore() = default;

void InboxStore::addMessages(const QList<Message>& envelopes) {
    if (envelopes.isEmpty())
        return;
    // Within one call a later copy of the same id wins, at the position of the first.
    QList<Message> batch;
    batch.reserve(envelopes.size());
    QHash<QString, qsizetype> seen;
    for (const Message& in : envelopes) {
        if (in.id.isEmpty()) {
            qCWarning(lcThreading) << "ignoring an envelope without a global id";
            continue;
        }
        const auto s = seen.constFind(in.id);
        if (s != seen.cend()) {
            batch[*s] = envelopeOf(in);
        } else {
            seen.insert(in.id, batch.size());
            batch.append(envelopeOf(in));
        }
    }

    // The engine only reads the batch, so it runs first and the envelopes are then moved in.
    const ThreadingChanges changes = d->engine.apply(batch);
    if (batch.size() > 1000)
        d->messages.reserve(d->messages.size() + batch.size());
    QSet<QString> dirty;
    for (Message& m : batch) {
        d->countPeople(m, +1);
        const auto it = d->messages.find(m.id);
        if (it != d->messages.end()) {
            d->countPeople(*it, -1);
            m.threadId = it->threadId;
            if (!m.threadId.isEmpty())
                dirty.insert(m.threadId);
            *it = std::move(m);
        } else {
            const QString id = m.id;
            d->messages.emplace(id, std::move(m));
        }
    }
    batch.clear();
    d->commit(changes, std::move(dirty));
}

void InboxStore::applyEvent(const Event& event) {
    switch (event.kind) {
    case EventKind::Created:
    case EventKind::Updated:
        addMessages(event.messages);
        break;
    case EventKind::Deleted: {
        QStringList ids = event.messageIds;
        for (const Message& m : event.messages)
            ids.append(m.id);
        removeMessages(ids);
        break;
    }
    case EventKind::ReadChanged: {
        QSet<QString> dirty;
        for (const Message& m : event.messages) {
            const auto it = d->messages.find(m.id);
            if (it == d->messages.end() || it->flags == m.flags)
                continue;
            it->flags = m.flags;
            dirty.insert(it->threadId);
        }
        if (!dirty.isEmpty())
            d->commit({}, std::move(dirty));
        break;
    }
    case EventKind::Reaction:
    case EventKind::Typing:
    case EventKind::AssignmentChanged:
    case EventKind::ChannelsChanged:
    case EventKind::ChannelChanged: // SyncController asks the provider what changed
        break;                      // nothing a thread row shows
    }
}

void InboxStore::removeMessages(const QStringList& messageIds) {
    QSet<QString> dirty;
    QStringList gone;
    for (const QString& id : messageIds) {
        const auto it = d->messages.find(id);
        if (it == d->messages.end())
            continue;
        d->countPeople(*it, -1);
        const auto t = d->threads.find(it->threadId);
        if (t != d->threads.end()) {
            t->members.remove(id);
            dirty.insert(it->threadId);
        }
        d->messages.erase(it);
        gone.append(id);
    }
    if (gone.isEmpty())
        return;
    d->commit(d->engine.apply({}, gone), std::move(dirty));
}

void InboxStore::removeAccount(const QString& accountId) {
    QStringList ids;
    for (auto it = d->messages.cbegin(); it != d->messages.cend(); ++it) {
        if (it->accountId == accountId)
            ids.append(it.key());
    }
    removeMessages(ids);
}

int InboxStore::threadCount() const {
    return int(d->threads.size());
}

int InboxStore::messageCount() const {
    return int(d->messages.size());
}

QList<Thread> InboxStore::threads() const {
    QList<Thread> out;
    out.reserve(d->threads.size());
    for (const ThreadData& t : std::as_const(d->threads))
        out.append(t.thread);
    return out;
}

std::optional<Thread> InboxStore::thread(const QString& threadId) const {
    const auto it = d->threads.constFind(threadId);
    if (it == d->threads.cend())
        return std::nullopt;
    return it->thread;
}

QList<Message> InboxStore::messagesInThread(const QString& threadId) const {
    QList<Message> out;
    const auto it = d->threads.constFind(threadId);
    if (it == d->threads.cend())
        return out;
    out.reserve(it->thread.messageIds.size());
    for (const QString& id : it->thread.messageIds)
        out.append(d->messages.value(id));
    return out;
}

std::optional<Message> InboxStore::message(const QString& messageId) const {
    const auto it = d->messages.constFind(messageId);
    if (it == d->messages.cend())
        return std::nullopt;
    return *it;
}

QList<Participant> InboxStore::knownParticipants() const {
    QList<const Person*> list;
    list.reserve(d->people.size());
    for (const Person& p : std::as_const(d->people))
        list.append(&p);
    std::sort(list.begin(), list.end(), [](const Person* a, const Person* b) {
        if (a->count != b->count)
            return a->count > b->count;
        return a->participant.address.toCaseFolded() < b->participant.address.toCaseFolded();
    });
    QList<Participant> out;
    out.reserve(list.size());
    for (const Person* p : list)
        out.append(p->participant);
    return out;
}

} // namespace tributary
