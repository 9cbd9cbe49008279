#include "inbox/InboxStore.h"

#include "inbox/EnvelopeTable.h"
#include "inbox/Growth.h"
#include "inbox/ThreadingEngine.h"
#include "util/Logging.h"

#include <QSet>
#include <algorithm>
#include <limits>
#include <unordered_map>
#include <vector>

namespace tributary {

namespace {

qint64 activityMs(const Message& m) {
    const QDateTime at = m.activityAt();
    return at.isValid() ? at.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min();
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

//! list.contains(s), trying the last element first and shared data before text: the messages
//! of a thread mostly repeat one account, one folder and a few authors, as shared strings.
bool containsText(const QStringList& list, const QString& s) {
    for (qsizetype i = list.size() - 1; i >= 0; --i) {
        const QString& o = list.at(i);
        if (o.size() == s.size() && (o.constData() == s.constData() || o == s))
            return true;
    }
    return false;
}

//! True when the inbox can keep `m` exactly as given: an envelope with an id, without a body,
//! a loaded state or a thread (the usual listing), so the list it came in can be shared.
bool isBareEnvelope(const Message& m) {
    return !m.id.isEmpty() && m.text.isEmpty() && m.html.isEmpty() && !m.bodyLoaded && m.threadId.isEmpty();
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
        if (!contains(id))
            appendNew(id);
    }
    //! insert() for an id known not to be a member.
    void appendNew(const QString& id) {
        m_list.append(id);
        if (!m_index.isEmpty())
            m_index.insert(id);
        else if (m_list.size() > kIndexFrom)
            m_index = QSet<QString>(m_list.cbegin(), m_list.cend());
    }
    //! appendNew() for each id; the first ids of an empty set share the given list.
    void appendNew(const QStringList& ids) {
        if (m_list.isEmpty() && m_index.isEmpty()) {
            m_list = ids;
            if (m_list.size() > kIndexFrom)
                m_index = QSet<QString>(m_list.cbegin(), m_list.cend());
            return;
        }
        m_list.reserve(m_list.size() + ids.size());
        for (const QString& id : ids)
            appendNew(id);
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

//! Most threads of a batch have the same account and folder lists and many the same single
//! author: equal lists share one copy (implicit sharing) instead of one allocation per thread.
class ListSharing {
public:
    void share(Thread& t) {
        shareList(t.accountIds, m_accounts);
        shareList(t.channelIds, m_channels);
        shareList(t.participants, m_participants);
    }

private:
    template <typename List>
    static void shareList(List& list, List& last) {
        if (list.size() != 1)
            return;
        if (list == last)
            list = last;
        else
            last = list;
    }
    QStringList m_accounts;
    QStringList m_channels;
    QList<Participant> m_participants;
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
    EnvelopeTable messages;
    QHash<QString, ThreadData> threads;
    QHash<QString, Person> people;
    QHash<QString, int> unreadByChannel;
    QSet<QString> unreadThreads;

    void countUnread(const Message& m, int delta) {
        if (m.isRead() || m.channelId.isEmpty())
            return;
        auto it = unreadByChannel.find(m.channelId);
        if (it == unreadByChannel.end())
            it = unreadByChannel.insert(m.channelId, 0);
        *it += delta;
        if (*it <= 0)
            unreadByChannel.erase(it);
    }

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

    //! countPeople(m, +1) for every message of a batch, with the same outcome (the first
    //! spelling of an address is kept, the latest display name wins), but each distinct
    //! address string folded and looked up once: a listing repeats a few hundred addresses
    //! tens of thousands of times, mostly as the very same shared string.
    void countPeopleAdded(const QList<Message>& batch) {
        struct Key {
            const QChar* data;
            qsizetype size;
            bool operator==(const Key&) const = default;
        };
        struct KeyHash {
            size_t operator()(const Key& k) const noexcept {
                return std::hash<const void*>()(k.data) ^ size_t(k.size);
            }
        };
        struct Seen {
            const Participant* first = nullptr;
            qsizetype firstAt = 0;
            const Participant* named = nullptr; //!< the latest with a display name
            qsizetype namedAt = 0;
            int count = 0;
        };
        std::unordered_map<Key, Seen, KeyHash> seen;
        qsizetype position = 0;
        auto note = [&](const Participant& p) {
            if (p.address.isEmpty())
                return;
            ++position;
            Seen& s = seen[Key{p.address.constData(), p.address.size()}];
            if (s.count++ == 0) {
                s.first = &p;
                s.firstAt = position;
            }
            if (!p.displayName.isEmpty()) {
                s.named = &p;
                s.namedAt = position;
            }
        };
        for (const Message& m : batch) {
            note(m.author);
            for (const QList<Participant>* list : {&m.to, &m.cc, &m.bcc}) {
                for (const Participant& p : *list)
                    note(p);
            }
        }
        std::vector<const Seen*> order;
        order.reserve(seen.size());
        for (const auto& entry : seen)
            order.push_back(&entry.second);
        // Distinct strings may fold to one person: first appearances decide the spelling ...
        std::sort(order.begin(), order.end(),
                  [](const Seen* a, const Seen* b) { return a->firstAt < b->firstAt; });
        for (const Seen* s : order) {
            const QString key = folded(s->first->address);
            auto it = people.find(key);
            if (it == people.end())
                it = people.insert(key, Person{*s->first, 0});
            it->count += s->count;
        }
        // ... and the last display name in the batch wins.
        std::sort(order.begin(), order.end(),
                  [](const Seen* a, const Seen* b) { return a->namedAt < b->namedAt; });
        for (const Seen* s : order) {
            if (s->named)
                people[folded(s->named->address)].participant.displayName = s->named->displayName;
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
        // Oldest first; each activity time computed once, not per comparison.
        struct Row {
            qint64 at;
            const Message* m;
        };
        std::vector<Row> rows;
        rows.reserve(size_t(members.size()));
        for (const QString& mid : members) {
            if (const Message* m = messages.find(mid))
                rows.push_back({activityMs(*m), m});
        }
        std::sort(rows.begin(), rows.end(),
                  [](const Row& a, const Row& b) { return a.at != b.at ? a.at < b.at : a.m->id < b.m->id; });
        QList<const Message*> list;
        list.reserve(qsizetype(rows.size()));
        for (const Row& r : rows)
            list.append(r.m);

        Thread t;
        t.id = id;
        if (list.isEmpty())
            return t;
        const Message& first = *list.front();
        const Message& newest = *list.back();
        t.kind = first.kind;
        // A chat conversation is its channel: the channel names it (the list and the reader
        // label it), and its first loaded message is no title, just the oldest one paged in.
        for (const Message* m : list) {
            if (t.kind == ConversationKind::Chat)
                break;
            if (!m->subject.isEmpty()) {
                t.subject = m->subject;
                break;
            }
        }
        t.latestActivity = newest.activityAt();
        t.snippet = newest.snippet;
        t.recipients = newest.to + newest.cc;

        // Accounts, channels and authors of one thread are few: linear lists beat hashing.
        QStringList authors;
        t.messageIds.reserve(list.size());
        for (const Message* m : list) {
            t.messageIds.append(m->id);
            if (!containsText(t.accountIds, m->accountId))
                t.accountIds.append(m->accountId);
            if (!m->channelId.isEmpty() && !containsText(t.channelIds, m->channelId))
                t.channelIds.append(m->channelId);
            const QString author =
                m->author.address.isEmpty() ? m->author.displayName : folded(m->author.address);
            if (!author.isEmpty() && !containsText(authors, author)) {
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
        // Messages that left a thread first, so none is a member of two.
        for (auto it = changes.previousThreads.cbegin(); it != changes.previousThreads.cend(); ++it) {
            const auto old = threads.find(it.value());
            if (old != threads.end())
                old->members.remove(it.key());
            dirty.insert(it.value());
        }
        QSet<QString> created;
        if (changes.assignments.size() > 1000) { // a bulk load: grow the tables once
            reserveHashFor(threads, changes.assignments.size());
            reserveHashFor(created, changes.assignments.size());
            reserveHashFor(dirty, changes.assignments.size());
        }
        for (const ThreadingChanges::Assignment& a : changes.assignments) {
            auto t = threads.find(a.threadId);
            bool isNew = t == threads.end();
            if (isNew) {
                t = threads.insert(a.threadId, ThreadData{});
                created.insert(a.threadId);
            } else {
                isNew = created.contains(a.threadId); // a second group of a thread made here
            }
            // Each message is assigned once per call, so a new thread cannot hold it yet.
            if (isNew) {
                t->members.appendNew(a.messageIds);
            } else {
                for (const QString& mid : a.messageIds)
                    t->members.insert(mid);
            }
            dirty.insert(a.threadId);
        }

        QStringList inserted;
        QStringList changed;
        QStringList removed;
        ListSharing sharing;
        for (const QString& id : std::as_const(dirty)) {
            const auto t = threads.find(id);
            if (t == threads.end())
                continue;
            if (t->members.isEmpty()) {
                if (!created.contains(id))
                    removed.append(id);
                threads.erase(t);
                unreadThreads.remove(id);
                continue;
            }
            Thread next = aggregate(id, t->members);
            if (next.unreadCount > 0)
                unreadThreads.insert(id);
            else
                unreadThreads.remove(id);
            sharing.share(next);
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

    //! The message as the API hands it out: with its thread.
    Message withThread(const Message& m) const {
        Message out = m;
        out.threadId = engine.threadOf(m.id);
        return out;
    }
};

InboxStore::InboxStore(QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this)) {}

InboxStore::~InboxStore() = default;

void InboxStore::addMessages(const QList<Message>& envelopes) {
    update(envelopes, {});
}

void InboxStore::update(const QList<Message>& envelopes, const QStringList& removals) {
    // A listing of bare envelopes is kept as the list it is (shared, not copied). Otherwise
    // each is copied without its body; envelopes without an id are dropped.
    QList<Message> batch;
    if (std::all_of(envelopes.cbegin(), envelopes.cend(), isBareEnvelope)) {
        batch = envelopes;
    } else {
        batch.reserve(envelopes.size());
        for (const Message& in : envelopes) {
            if (in.id.isEmpty())
                qCWarning(lcThreading) << "ignoring an envelope without a global id";
            else
                batch.append(envelopeOf(in));
        }
    }

    QSet<QString> dirty;
    QStringList gone;
    for (const QString& id : removals) {
        const std::optional<Message> m = d->messages.take(id);
        if (!m)
            continue;
        d->countPeople(*m, -1);
        d->countUnread(*m, -1);
        const QString thread = d->engine.threadOf(id);
        const auto t = d->threads.find(thread);
        if (t != d->threads.end()) {
            t->members.remove(id);
            dirty.insert(thread);
        }
        gone.append(id);
    }
    if (batch.isEmpty() && gone.isEmpty())
        return;

    // Within one call a later copy of the same id wins: the engine and the table both treat
    // a repeat as an update of the copy before it. One engine call and one commit for both
    // halves, so a message that moved (gone here, new there) never leaves its thread empty
    // for a moment.
    const ThreadingChanges changes = d->engine.apply(batch, gone);
    d->countPeopleAdded(batch);
    for (const Message& m : std::as_const(batch))
        d->countUnread(m, +1);
    const QList<Message> replaced = d->messages.add(batch);
    for (const Message& old : replaced) {
        d->countPeople(old, -1);
        d->countUnread(old, -1);
        // Its thread shows what the message says (flags, snippet): recompute it. A message
        // that moved is in the engine's changes (old and new thread) anyway.
        const QString thread = d->engine.threadOf(old.id);
        if (!thread.isEmpty())
            dirty.insert(thread);
    }
    d->commit(changes, std::move(dirty));
}

void InboxStore::reserve(int messages) {
    // Below a few thousand the tables grow cheaply enough on their own.
    if (messages >= 1000)
        d->engine.reserve(messages);
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
            const Message* held = d->messages.find(m.id);
            if (!held || held->flags == m.flags)
                continue;
            d->countUnread(*held, -1);
            d->messages.edit(m.id)->flags = m.flags;
            d->countUnread(*d->messages.find(m.id), +1);
            dirty.insert(d->engine.threadOf(m.id));
        }
        if (!dirty.isEmpty())
            d->commit({}, std::move(dirty));
        break;
    }
    case EventKind::Reaction:
    case EventKind::Typing:
    case EventKind::AssignmentChanged: // triage: SyncController keeps it (TriageBook)
    case EventKind::StatusChanged:
    case EventKind::NoteAdded:
    case EventKind::ChannelsChanged:
    case EventKind::ChannelChanged: // SyncController asks the provider what changed
        break;                      // nothing a thread row shows
    }
}

void InboxStore::removeMessages(const QStringList& messageIds) {
    update({}, messageIds);
}

void InboxStore::removeAccount(const QString& accountId) {
    removeMessages(d->messages.idsOfAccount(accountId));
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
    for (const QString& id : it->thread.messageIds) {
        if (const Message* m = d->messages.find(id)) {
            out.append(*m);
            out.last().threadId = threadId;
        }
    }
    return out;
}

std::optional<Message> InboxStore::message(const QString& messageId) const {
    const Message* m = d->messages.find(messageId);
    if (!m)
        return std::nullopt;
    return d->withThread(*m);
}

QHash<QString, int> InboxStore::unreadByChannel() const {
    return d->unreadByChannel;
}

QList<Thread> InboxStore::unreadThreads() const {
    QList<Thread> out;
    out.reserve(d->unreadThreads.size());
    for (const QString& id : std::as_const(d->unreadThreads)) {
        if (const auto it = d->threads.constFind(id); it != d->threads.cend())
            out.append(it->thread);
    }
    return out;
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
