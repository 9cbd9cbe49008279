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

//! s.toCaseFolded(), without the Unicode pass for the usual lowercase ASCII address (then
//! the result shares s).
QString folded(const QString& s) {
    const QChar* p = s.constData();
    const QChar* const end = p + s.size();
    for (; p != end; ++p) {
        const char16_t u = p->unicode();
        if (u >= 0x80 || char16_t(u - u'A') < 26)
            return s.toCaseFolded();
    }
    return s;
}

QString personKey(const Participant& p) {
    return p.address.isEmpty() ? QString() : folded(p.address);
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

//! The message ids of one thread. Most threads hold a few messages, and a QSet costs over a
//! kilobyte even for one id: a plain list, with a hash index only for long threads (so adding
//! stays cheap there too).
class MemberSet {
public:
    void insert(const QString& id) {
        if (contains(id))
            return;
        m_list.append(id);
        if (!m_index.isEmpty())
            m_index.insert(id);
        else if (m_list.size() > kIndexFrom)
            m_index = QSet<QString>(m_list.cbegin(), m_list.cend());
    }
    void remove(const QString& id) {
        if (!m_index.isEmpty() && !m_index.remove(id))
            return;
        m_list.removeOne(id);
        if (m_list.size() <= kIndexFrom / 2)
            m_index.clear();
    }
    bool contains(const QString& id) const {
        return m_index.isEmpty() ? m_list.contains(id) : m_index.contains(id);
    }
    bool isEmpty() const { return m_list.isEmpty(); }
    qsizetype size() const { return m_list.size(); }
    QList<QString>::const_iterator begin() const { return m_list.cbegin(); }
    QList<QString>::const_iterator end() const { return m_list.cend(); }

private:
    static constexpr qsizetype kIndexFrom = 32;
    QList<QString> m_list;
    QSet<QString> m_index; //!< empty until the list is long
};

struct ThreadData {
    Thread thread;
    MemberSet members;
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
    //! A message without Message-ID is a copy of nothing but itself.
    static void countCopies(const QList<const Message*>& list, Thread& t) {
        int distinct = 0;
        int unread = 0;
        constexpr qsizetype kLinear = 16; // most threads are short: compare instead of hashing
        if (list.size() <= kLinear) {
            for (qsizetype i = 0; i < list.size(); ++i) {
                const Message* m = list[i];
                const QString& header = m->messageIdHeader;
                qsizetype first = i;
                if (!header.isEmpty()) {
                    for (qsizetype j = 0; j < i; ++j) {
                        if (list[j]->messageIdHeader == header) {
                            first = j;
                            break;
                        }
                    }
                }
                if (first != i)
                    continue; // a later copy: counted with the first
                ++distinct;
                bool anyUnread = !m->isRead();
                for (qsizetype j = i + 1; j < list.size() && !anyUnread && !header.isEmpty(); ++j)
                    anyUnread = list[j]->messageIdHeader == header && !list[j]->isRead();
                unread += anyUnread ? 1 : 0;
            }
        } else {
            QHash<QString, bool> unreadByCopy;
            unreadByCopy.reserve(list.size());
            for (const Message* m : list) {
                if (m->messageIdHeader.isEmpty()) {
                    ++distinct;
                    unread += m->isRead() ? 0 : 1;
                    continue;
                }
                bool& u = unreadByCopy[m->messageIdHeader];
                u = u || !m->isRead();
            }
            distinct += int(unreadByCopy.size());
            unread += int(std::count(unreadByCopy.cbegin(), unreadByCopy.cend(), true));
        }
        t.messageCount = distinct;
        t.unreadCount = unread;
    }

    Thread aggregate(const QString& id, const MemberSet& members) const {
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
                m->author.address.isEmpty() ? m->author.displayName : folded(m->author.address);
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
    // Within one call a later copy of the same id wins, at the position of the first. A page
    // of one folder has neither repeats nor empty ids: then the engine reads the input as it
    // is, and each envelope is copied once, straight into the store (no batch of copies).
    bool clean = true;
    {
        QSet<QString> ids;
        ids.reserve(envelopes.size());
        for (const Message& in : envelopes) {
            if (in.id.isEmpty() || ids.contains(in.id)) {
                clean = false;
                break;
            }
            ids.insert(in.id);
        }
    }
    QList<Message> deduplicated;
    if (!clean) {
        deduplicated.reserve(envelopes.size());
        QHash<QString, qsizetype> seen;
        for (const Message& in : envelopes) {
            if (in.id.isEmpty()) {
                qCWarning(lcThreading) << "ignoring an envelope without a global id";
                continue;
            }
            const auto s = seen.constFind(in.id);
            if (s != seen.cend()) {
                deduplicated[*s] = in;
            } else {
                seen.insert(in.id, deduplicated.size());
                deduplicated.append(in);
            }
        }
    }
    const QList<Message>& batch = clean ? envelopes : deduplicated;

    // The engine only reads envelope fields, so it runs on the input; the envelopes are
    // copied in afterwards.
    const ThreadingChanges changes = d->engine.apply(batch);
    if (batch.size() > 1000)
        d->messages.reserve(d->messages.size() + batch.size());
    QSet<QString> dirty;
    for (const Message& in : batch) {
        Message m = envelopeOf(in);
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
    deduplicated = {};
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
