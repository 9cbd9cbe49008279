#include "inbox/ThreadingEngine.h"

#include "inbox/Growth.h"
#include "model/Ids.h"
#include "util/Logging.h"

#include <QElapsedTimer>
#include <QSet>
#include <QVarLengthArray>
#include <algorithm>
#include <limits>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tributary {

namespace {

constexpr qint64 kNoDate = std::numeric_limits<qint64>::min();
// Copies of one message reported by two providers may carry slightly different dates (Date header vs.
// server receive time); copies more than a day apart are taken for a different message reusing the id.
constexpr qint64 kSameMessageToleranceMs = 24LL * 60 * 60 * 1000;
// "[list-name] " tags longer than this are more likely part of the subject than a tag.
constexpr qsizetype kMaxTagLength = 80;
// Longest reply prefix word we recognise ("Doorst", "回复" ...).
constexpr qsizetype kMaxPrefixWord = 8;

//! a == b, deciding most pairs inline: by size, shared data (providers share equal strings)
//! or first character, before comparing the whole text. Message-IDs of one thread often have
//! the same length, so operator== alone would call into QtCore for nearly every pair.
bool sameText(const QString& a, const QString& b) {
    if (a.size() != b.size())
        return false;
    if (a.constData() == b.constData() || a.isEmpty())
        return true;
    return a.front() == b.front() && a == b;
}

//! True when normalizeMessageId(raw) is raw itself (then it returns a copy of it).
bool isNormalizedId(const QString& raw) {
    if (raw.isEmpty())
        return true;
    const QChar first = raw.front();
    const QChar last = raw.back();
    return first != QLatin1Char('<') && last != QLatin1Char('>') && !first.isSpace() && !last.isSpace();
}

QString normalizeMessageId(const QString& raw) {
    // Providers hand ids over already normalized; avoid trimming copies on the hot path.
    if (isNormalizedId(raw))
        return raw;
    QString s = raw.trimmed();
    if (s.startsWith(QLatin1Char('<')))
        s.remove(0, 1);
    if (s.endsWith(QLatin1Char('>')))
        s.chop(1);
    return s.trimmed();
}

// Reply and forward prefixes, case-folded, in the languages mail clients localize them to.
bool isReplyWord(QStringView word) {
    static const QSet<QString> words = [] {
        QSet<QString> w;
        const char* const latin[] = {"re",  "fw",  "fwd", "aw", "wg",  "sv", "vs",  "antw", "doorst",
                                     "ref", "tr",  "rif", "r",  "odp", "pd", "enc", "rv",   "res",
                                     "ynt", "ilt", "vl",  "vb", "atb", "sw", "odg", "ats"};
        for (const char* s : latin)
            w.insert(QString::fromUtf8(s));
        // Accented and non-Latin forms are written as UTF-8 escapes to keep the source ASCII.
        const char* const other[] = {
            ("r\xC3\xA9"
             "f"),                              // réf (French)
            "\xCE\xB1\xCF\x80",                 // απ (Greek)
            "\xCF\x83\xCF\x87\xCE\xB5\xCF\x84", // σχετ (Greek)
            "\xE5\x9B\x9E\xE5\xA4\x8D",         // 回复
            "\xE5\x9B\x9E\xE8\xA6\x86",         // 回覆
            "\xE7\xAD\x94\xE5\xA4\x8D",         // 答复
            "\xE8\xBD\xAC\xE5\x8F\x91",         // 转发
            "\xE8\xBD\x89\xE5\xAF\x84",         // 轉寄
            "\xE8\xBF\x94\xE4\xBF\xA1",         // 返信
            "\xD7\x94\xD7\xA9\xD7\x91",         // השב (Hebrew)
        };
        for (const char* s : other)
            w.insert(QString::fromUtf8(s).toCaseFolded());
        return w;
    }();
    return words.contains(word.toString().toCaseFolded());
}

// Length of a reply prefix at the start of `s` ("Re:", "AW: ", "RE[2]:", "Re(3):", "Réf. :"), or 0.
qsizetype replyPrefixLength(QStringView s) {
    const qsizetype n = s.size();
    qsizetype i = 0;
    while (i < n && i <= kMaxPrefixWord && s[i].isLetter())
        ++i;
    if (i == 0 || i > kMaxPrefixWord || i >= n)
        return 0;
    const QStringView word = s.left(i);
    if (s[i] == QLatin1Char('.'))
        ++i;
    if (i < n && (s[i] == QLatin1Char('[') || s[i] == QLatin1Char('('))) {
        const QChar close = s[i] == QLatin1Char('[') ? QLatin1Char(']') : QLatin1Char(')');
        qsizetype j = i + 1;
        while (j < n && s[j].isDigit())
            ++j;
        if (j == i + 1 || j >= n || s[j] != close)
            return 0;
        i = j + 1;
    } else if (i < n && s[i] == QLatin1Char('^')) {
        qsizetype j = i + 1;
        while (j < n && s[j].isDigit())
            ++j;
        if (j == i + 1)
            return 0;
        i = j;
    }
    while (i < n && s[i].isSpace()) // French typography puts a space before the colon: "RE :"
        ++i;
    if (i >= n || (s[i] != QLatin1Char(':') && s[i] != QChar(0xFF1A))) // ':' or full-width '：'
        return 0;
    return isReplyWord(word) ? i + 1 : 0;
}

struct Entry {
    QString id;           //!< global message id
    QString msgId;        //!< normalized Message-ID header, may be empty
    QStringList refs;     //!< ancestors, oldest first (In-Reply-To folded in), without own id or repeats
    QString nativeThread; //!< the thread id of a provider thread key (native path), else empty
    QString subjectKey;
    qint64 date = kNoDate;
    bool reply = false;
    bool live = false;
    int container = -1;
    QString threadId;

    bool sameThreadingInput(const Entry& o) const {
        return msgId == o.msgId && refs == o.refs && nativeThread == o.nativeThread &&
               subjectKey == o.subjectKey && date == o.date && reply == o.reply;
    }
};

struct Container {
    QString key; //!< Message-ID, or a private key for messages that cannot be referenced
    bool bogus = false;
    bool live = false;
    int parent = -1;
    int firstChild = -1;
    int prevSibling = -1;
    int nextSibling = -1;
    //! Copies of one message; [0] is the one whose headers place it. Inline: copies are rare.
    QVarLengthArray<int, 2> messages;

    // Root bookkeeping, valid while parent == -1.
    QString bucket; //!< subject bucket this root is registered in
    bool reply = false;
    qint64 date = kNoDate;     //!< of the subject message (the root's own, else the tree's earliest)
    qint64 lastDate = kNoDate; //!< latest message of the tree
    int anchor = -1;           //!< root whose id names this root's thread (subject clusters)

    quint32 touchedIn = 0;
    quint32 dirtyIn = 0;
};

bool earlier(const Entry& a, const Entry& b) {
    return a.date != b.date ? a.date < b.date : a.id < b.id;
}

} // namespace

struct ThreadingEngine::Private {
    qint64 windowMs;

    std::vector<Entry> entries;
    std::vector<int> freeEntries;
    QHash<QString, int> entryById;

    std::vector<Container> containers;
    std::vector<int> freeContainers;
    QHash<QString, int> containerByKey;

    QHash<QString, std::vector<int>> buckets; //!< base subject -> root containers
    QHash<QString, int> threadSizes;

    enum class FastIds { Unchecked, Yes, No };
    mutable FastIds fastThreadIds = FastIds::Unchecked; //!< see threadIdFor()
    mutable QString threadIdPrefix;                     //!< makeId(Thread, "*", "")

    // Per-apply() state.
    quint32 batch = 0;
    std::vector<int> touched;
    std::vector<std::pair<int, QString>> nativeAdded; //!< (entry, message id) threaded by native key
    QSet<QString> dirtyBuckets;
    QHash<QString, int> sizeBefore;
    QHash<QString, QString> movedTo;
    ThreadingChanges* out = nullptr;

    explicit Private(qint64 windowSecs)
        : windowMs(windowSecs * 1000) {}

    //! Subject -> (case-folded base subject, is a reply), for one apply() call: the replies of
    //! a thread repeat its subject, so each is computed once and its key string shared.
    QHash<QString, std::pair<QString, bool>> subjectMemo;

    //! Valid until the next call.
    const std::pair<QString, bool>& subjectKeyOf(const QString& subject) {
        const auto it = subjectMemo.constFind(subject);
        if (it != subjectMemo.cend())
            return *it;
        bool reply = false;
        QString key = ThreadingEngine::baseSubject(subject, &reply).toCaseFolded();
        return *subjectMemo.insert(subject, {std::move(key), reply});
    }

    //! True when the refs makeEntry() would build equal m.references: every reference already
    //! normalized, none repeated or the message's own id, and In-Reply-To among them (or empty,
    //! or the own id). The usual case for mail; then the list is shared instead of rebuilt.
    static bool referencesAreClean(const Message& m, const QString& msgId) {
        const QStringList& refs = m.references;
        for (qsizetype i = 0; i < refs.size(); ++i) {
            const QString& r = refs[i];
            if (r.isEmpty() || !isNormalizedId(r) || sameText(r, msgId) ||
                std::any_of(refs.cbegin(), refs.cbegin() + i,
                            [&r](const QString& o) { return sameText(o, r); }))
                return false;
        }
        const QString parent = normalizeMessageId(m.inReplyTo);
        return parent.isEmpty() || sameText(parent, msgId) ||
               std::any_of(refs.cbegin(), refs.cend(),
                           [&parent](const QString& o) { return sameText(o, parent); });
    }

    Entry makeEntry(const Message& m) {
        Entry e;
        e.id = m.id;
        if (m.kind == ConversationKind::Chat && !m.channelId.isEmpty())
            e.nativeThread = ThreadingEngine::chatConversationId(m.accountId, m.channelId);
        else if (!m.nativeThreadKey.isEmpty())
            e.nativeThread = makeId(IdKind::Thread, m.accountId, m.nativeThreadKey);
        e.msgId = normalizeMessageId(m.messageIdHeader);
        if (e.nativeThread.isEmpty() && referencesAreClean(m, e.msgId)) {
            e.refs = m.references; // shared, not copied
        } else if (e.nativeThread.isEmpty()) {
            e.refs.reserve(m.references.size() + 1);
            auto addRef = [&e](const QString& raw) {
                QString r = normalizeMessageId(raw);
                // operator== rejects on length first: much cheaper than QStringList::contains.
                if (!r.isEmpty() && r != e.msgId &&
                    std::find(e.refs.cbegin(), e.refs.cend(), r) == e.refs.cend())
                    e.refs.append(std::move(r));
            };
            for (const QString& r : m.references)
                addRef(r);
            // In-Reply-To names the parent; it only matters when References lacks it (JWZ).
            addRef(m.inReplyTo);
        }
        const std::pair<QString, bool>& subject = subjectKeyOf(m.subject);
        e.subjectKey = subject.first;
        e.reply = subject.second;
        const QDateTime& when = m.sentAt.isValid() ? m.sentAt : m.receivedAt;
        e.date = when.isValid() ? when.toMSecsSinceEpoch() : kNoDate;
        return e;
    }

    static bool sameMessage(const Entry& a, const Entry& b) {
        if (a.date != kNoDate && b.date != kNoDate && qAbs(a.date - b.date) > kSameMessageToleranceMs)
            return false;
        if (!a.subjectKey.isEmpty() && !b.subjectKey.isEmpty() && a.subjectKey != b.subjectKey)
            return false;
        return true;
    }

    // ---- containers and links ----

    void touch(int c) {
        Container& C = containers[size_t(c)];
        if (C.touchedIn != batch) {
            C.touchedIn = batch;
            touched.push_back(c);
        }
    }

    int newContainer(const QString& key, bool bogus) {
        int c;
        if (!freeContainers.empty()) {
            c = freeContainers.back();
            freeContainers.pop_back();
            containers[size_t(c)] = Container{};
        } else {
            c = int(containers.size());
            containers.emplace_back();
        }
        Container& C = containers[size_t(c)];
        C.key = key;
        C.bogus = bogus;
        C.live = true;
        if (!bogus)
            containerByKey.insert(key, c);
        touch(c);
        return c;
    }

    int containerFor(const QString& msgId) {
        const auto it = containerByKey.constFind(msgId);
        return it != containerByKey.cend() ? *it : newContainer(msgId, false);
    }

    void linkChild(int p, int c) {
        Container& C = containers[size_t(c)];
        Container& P = containers[size_t(p)];
        C.parent = p;
        C.prevSibling = -1;
        C.nextSibling = P.firstChild;
        if (P.firstChild != -1)
            containers[size_t(P.firstChild)].prevSibling = c;
        P.firstChild = c;
    }

    void unlinkChild(int c) {
        Container& C = containers[size_t(c)];
        if (C.prevSibling != -1)
            containers[size_t(C.prevSibling)].nextSibling = C.nextSibling;
        else
            containers[size_t(C.parent)].firstChild = C.nextSibling;
        if (C.nextSibling != -1)
            containers[size_t(C.nextSibling)].prevSibling = C.prevSibling;
        C.parent = C.prevSibling = C.nextSibling = -1;
    }

    //! True when `a` is `x` or one of its ancestors.
    bool isAncestor(int a, int x) const {
        for (; x != -1; x = containers[size_t(x)].parent) {
            if (x == a)
                return true;
        }
        return false;
    }

    int rootOf(int c) const {
        while (containers[size_t(c)].parent != -1)
            c = containers[size_t(c)].parent;
        return c;
    }

    void leaveRoot(int c) {
        Container& C = containers[size_t(c)];
        if (!C.bucket.isEmpty()) {
            const auto it = buckets.find(C.bucket);
            if (it != buckets.end()) {
                std::erase(*it, c);
                if (it->empty())
                    buckets.erase(it);
            }
            dirtyBuckets.insert(C.bucket);
            C.bucket.clear();
        }
        C.anchor = -1;
    }

    void setParent(int c, int p) {
        const int old = containers[size_t(c)].parent;
        if (old == p)
            return;
        if (old == -1) {
            leaveRoot(c);
        } else {
            unlinkChild(c);
            touch(old);
        }
        if (p != -1)
            linkChild(p, c);
        touch(c);
    }

    //! A container whose own message carries References is placed by those, not by others' chains.
    bool isAuthoritative(int c) const {
        const Container& C = containers[size_t(c)];
        return !C.messages.empty() && !entries[size_t(C.messages.front())].refs.isEmpty();
    }

    //! A link implied by someone else's References: never overrides an existing parent (JWZ).
    void presumeLink(int parent, int child) {
        if (parent == child || containers[size_t(child)].parent != -1 || isAuthoritative(child))
            return;
        if (isAncestor(child, parent))
            return; // would close a cycle
        setParent(child, parent);
    }

    //! Places a container by the headers of its first copy: chain the References, parent = the last.
    void linkFromHeaders(int c) {
        const QStringList refs = entries[size_t(containers[size_t(c)].messages.front())].refs;
        if (refs.isEmpty())
            return; // no References: keep whatever parent other messages imply
        // Walk the chain from the parent upwards. Where a link already exists (every later message
        // of a big thread repeats the same ancestry) follow the parent pointer instead of hashing.
        const int parent = containerFor(refs.last());
        int child = parent;
        for (qsizetype i = refs.size() - 2; i >= 0; --i) {
            const int p = containers[size_t(child)].parent;
            if (p != -1 && sameText(containers[size_t(p)].key, refs[i])) {
                child = p;
                continue;
            }
            const int rc = containerFor(refs[i]);
            presumeLink(rc, child);
            child = rc;
        }
        if (isAncestor(c, parent)) {
            qCDebug(lcThreading) << "reference cycle: not linking" << containers[size_t(c)].key;
            return;
        }
        setParent(c, parent);
    }

    //! Puts the copy with the longest References first (IMAP ENVELOPE copies may lack them).
    void chooseHeaderSource(int c) {
        auto& msgs = containers[size_t(c)].messages;
        const auto best = std::max_element(msgs.begin(), msgs.end(), [this](int a, int b) {
            return entries[size_t(a)].refs.size() < entries[size_t(b)].refs.size();
        });
        if (best != msgs.begin() &&
            entries[size_t(*best)].refs.size() > entries[size_t(msgs.front())].refs.size())
            std::iter_swap(msgs.begin(), best);
    }

    // ---- thread bookkeeping ----

    void noteSize(const QString& thread) {
        if (!sizeBefore.contains(thread))
            sizeBefore.insert(thread, threadSizes.value(thread, 0));
    }

    void assign(int e, const QString& thread) {
        Entry& E = entries[size_t(e)];
        if (E.threadId == thread)
            return;
        if (!E.threadId.isEmpty()) {
            noteSize(E.threadId);
            auto it = threadSizes.find(E.threadId);
            if (--*it == 0)
                threadSizes.erase(it);
            if (!movedTo.contains(E.threadId))
                movedTo.insert(E.threadId, thread);
            out->previousThreads.insert(E.id, E.threadId);
        }
        noteSize(thread);
        ++threadSizes[thread];
        E.threadId = thread;
        // Consecutive messages of one native thread share a group.
        if (out->assignments.isEmpty() || out->assignments.constLast().threadId != thread)
            out->assignments.append({thread, {}});
        out->assignments.last().messageIds.append(E.id);
    }

    //! makeId(IdKind::Thread, "*", key). Percent-encoding through QUrl makes that costly, and a
    //! bulk load names thousands of threads: for ASCII keys the id is built here, by the same
    //! rule (RFC 3986 unreserved characters kept, every other byte as %XX), after checking once
    //! that both ways agree.
    QString threadIdFor(const QString& key) const {
        if (fastThreadIds == FastIds::Unchecked) {
            const QString fast = encodedThreadId(key);
            fastThreadIds = !fast.isEmpty() && fast == makeId(IdKind::Thread, QStringLiteral("*"), key)
                                ? FastIds::Yes
                                : FastIds::No;
        }
        if (fastThreadIds == FastIds::Yes) {
            QString fast = encodedThreadId(key);
            if (!fast.isEmpty())
                return fast;
        }
        return makeId(IdKind::Thread, QStringLiteral("*"), key);
    }

    //! The thread id of an ASCII key, or an empty string for other keys.
    QString encodedThreadId(const QString& key) const {
        if (threadIdPrefix.isEmpty())
            threadIdPrefix = makeId(IdKind::Thread, QStringLiteral("*"), QString());
        static constexpr char16_t hex[] = u"0123456789ABCDEF";
        auto unreserved = [](char16_t c) {
            return char16_t((c | 0x20) - u'a') < 26 || char16_t(c - u'0') < 10 || c == u'-' || c == u'.' ||
                   c == u'_' || c == u'~';
        };
        const char16_t* const begin = reinterpret_cast<const char16_t*>(key.constData());
        const char16_t* const end = begin + key.size();
        qsizetype length = threadIdPrefix.size();
        for (const char16_t* r = begin; r != end; ++r) {
            if (*r >= 0x80)
                return QString();
            length += unreserved(*r) ? 1 : 3;
        }
        QString out(length, Qt::Uninitialized);
        char16_t* w = reinterpret_cast<char16_t*>(out.data());
        w = std::copy_n(reinterpret_cast<const char16_t*>(threadIdPrefix.constData()), threadIdPrefix.size(),
                        w);
        for (const char16_t* r = begin; r != end; ++r) {
            const char16_t c = *r;
            if (unreserved(c)) {
                *w++ = c;
            } else {
                *w++ = u'%';
                *w++ = hex[c >> 4];
                *w++ = hex[c & 0xF];
            }
        }
        return out;
    }

    QString threadIdOfRoot(int root) const {
        const Container& R = containers[size_t(root)];
        if (!R.bogus)
            return threadIdFor(R.key);
        // A private container holds exactly one message and has no children.
        return threadIdFor(entries[size_t(R.messages.front())].id);
    }

    // ---- add / remove ----

    //! `previousThread`: the thread of the message this entry replaces (an update), so a move is
    //! reported as a move and not as a new message.
    void addEntry(Entry&& in, const QString& previousThread) {
        int e;
        if (!freeEntries.empty()) {
            e = freeEntries.back();
            freeEntries.pop_back();
            entries[size_t(e)] = std::move(in);
        } else {
            e = int(entries.size());
            entries.push_back(std::move(in)); // built once, in place: no default entry first
        }
        Entry& E = entries[size_t(e)];
        E.live = true;
        entryById.insert(E.id, e);
        if (!previousThread.isEmpty()) {
            noteSize(previousThread);
            E.threadId = previousThread;
            ++threadSizes[previousThread];
        }
        if (!E.nativeThread.isEmpty()) {
            nativeAdded.emplace_back(e, E.id);
            return;
        }
        int c = -1;
        if (!E.msgId.isEmpty()) {
            const auto it = containerByKey.constFind(E.msgId);
            if (it == containerByKey.cend()) {
                c = newContainer(E.msgId, false);
            } else {
                c = *it;
                const auto& msgs = containers[size_t(c)].messages;
                if (!msgs.empty() && !sameMessage(entries[size_t(msgs.front())], E)) {
                    qCDebug(lcThreading) << "Message-ID reused by a different message:" << E.msgId;
                    c = -1;
                }
            }
        }
        if (c == -1)
            c = newContainer(QStringLiteral("\x01") + E.id, true);
        entries[size_t(e)].container = c;
        containers[size_t(c)].messages.push_back(e);
        touch(c);
        const auto& msgs = containers[size_t(c)].messages;
        if (msgs.size() == 1) {
            linkFromHeaders(c);
        } else if (entries[size_t(e)].refs.size() > entries[size_t(msgs.front())].refs.size()) {
            chooseHeaderSource(c);
            linkFromHeaders(c);
        }
    }

    void removeEntry(int e) {
        Entry& E = entries[size_t(e)];
        if (!E.threadId.isEmpty()) {
            noteSize(E.threadId);
            auto it = threadSizes.find(E.threadId);
            if (--*it == 0)
                threadSizes.erase(it);
        }
        const int c = E.container;
        entryById.remove(E.id);
        E = Entry{};
        freeEntries.push_back(e);
        if (c == -1)
            return;
        auto& msgs = containers[size_t(c)].messages;
        const bool wasSource = !msgs.empty() && msgs.front() == e;
        msgs.removeAll(e);
        touch(c);
        if (wasSource && !msgs.empty()) {
            chooseHeaderSource(c);
            linkFromHeaders(c);
        }
    }

    //! Drops containers left without messages or children (cascading up), so dummies live exactly as
    //! long as some present message descends from them.
    void collectGarbage() {
        for (size_t i = 0; i < touched.size(); ++i) {
            const int c = touched[i];
            Container& C = containers[size_t(c)];
            if (!C.live || !C.messages.empty() || C.firstChild != -1)
                continue;
            if (C.parent != -1) {
                const int p = C.parent;
                unlinkChild(c);
                touch(p);
            } else {
                leaveRoot(c);
            }
            if (!C.bogus)
                containerByKey.remove(C.key);
            const quint32 stamp = C.touchedIn;
            C = Container{};
            C.touchedIn = stamp;
            freeContainers.push_back(c);
        }
    }

    // ---- re-threading of touched trees ----

    void collectEntries(int root, std::vector<int>& outEntries) const {
        int c = root;
        for (;;) {
            const Container& C = containers[size_t(c)];
            outEntries.insert(outEntries.end(), C.messages.begin(), C.messages.end());
            if (C.firstChild != -1) {
                c = C.firstChild;
                continue;
            }
            while (c != root && containers[size_t(c)].nextSibling == -1)
                c = containers[size_t(c)].parent;
            if (c == root)
                return;
            c = containers[size_t(c)].nextSibling;
        }
    }

    //! Recomputes a root's subject-bucket registration from its tree.
    void refreshRoot(int r, std::span<const int> treeEntries) {
        const Container& R = containers[size_t(r)];
        int subject = -1;
        auto consider = [&](int e) {
            if (subject == -1 || earlier(entries[size_t(e)], entries[size_t(subject)]))
                subject = e;
        };
        if (R.messages.empty()) {
            for (int e : treeEntries)
                consider(e);
        } else {
            for (int e : R.messages)
                consider(e);
        }
        qint64 last = kNoDate;
        for (int e : treeEntries)
            last = std::max(last, entries[size_t(e)].date);
        const QString key = subject == -1 ? QString() : entries[size_t(subject)].subjectKey;
        const bool reply = subject != -1 && entries[size_t(subject)].reply;
        const qint64 date = subject == -1 ? kNoDate : entries[size_t(subject)].date;

        if (R.bucket != key || R.reply != reply || R.date != date || R.lastDate != last) {
            leaveRoot(r);
            Container& W = containers[size_t(r)];
            W.reply = reply;
            W.date = date;
            W.lastDate = last;
            if (!key.isEmpty()) {
                buckets[key].push_back(r);
                W.bucket = key;
                dirtyBuckets.insert(key);
            }
        }
        Container& W = containers[size_t(r)];
        if (W.bucket.isEmpty())
            W.anchor = r;
    }

    //! A root whose messages need (re)assignment; its entries are flat[begin, end).
    struct DirtyRoot {
        int root;
        size_t begin;
        size_t end;
    };

    void addDirtyRoot(int r, std::vector<DirtyRoot>& roots, std::vector<int>& flat) {
        containers[size_t(r)].dirtyIn = batch;
        const size_t begin = flat.size();
        collectEntries(r, flat);
        roots.push_back({r, begin, flat.size()});
    }

    //! Splits the roots sharing a base subject into conversations. In time order, a root that is not
    //! a reply starts a conversation; a reply joins the conversation with the latest activity when that
    //! is at most the window older, else starts its own. Deterministic for a given set of roots.
    void clusterBucket(const QString& key, std::vector<DirtyRoot>& roots, std::vector<int>& flat) {
        const auto it = buckets.find(key);
        if (it == buckets.end())
            return;
        std::vector<int>& list = *it;
        std::sort(list.begin(), list.end(), [this](int a, int b) {
            const Container& A = containers[size_t(a)];
            const Container& B = containers[size_t(b)];
            return A.date != B.date ? A.date < B.date : A.key < B.key;
        });
        struct Cluster {
            int anchor;
            qint64 last;
        };
        std::vector<Cluster> clusters;
        int latest = -1; // cluster with the latest activity
        for (int r : list) {
            const Container& R = containers[size_t(r)];
            int anchor = r;
            const bool joins = R.reply && latest != -1 && R.date != kNoDate &&
                               clusters[size_t(latest)].last != kNoDate &&
                               R.date - clusters[size_t(latest)].last <= windowMs;
            if (joins) {
                Cluster& cl = clusters[size_t(latest)];
                anchor = cl.anchor;
                cl.last = std::max(cl.last, R.lastDate);
            } else {
                clusters.push_back({r, R.lastDate});
                if (latest == -1 || R.lastDate >= clusters[size_t(latest)].last)
                    latest = int(clusters.size()) - 1;
            }
            if (R.anchor != anchor) {
                containers[size_t(r)].anchor = anchor;
                if (containers[size_t(r)].dirtyIn != batch)
                    addDirtyRoot(r, roots, flat);
            }
        }
    }

    //! Moves a tree's entries to `thread`, with the size bookkeeping done once per tree, not per entry.
    void assignTree(std::span<const int> treeEntries, const QString& thread) {
        int added = 0;
        QString oldThread;
        int leaving = 0;
        auto flushOld = [&] {
            if (leaving == 0)
                return;
            noteSize(oldThread);
            auto it = threadSizes.find(oldThread);
            *it -= leaving;
            if (*it == 0)
                threadSizes.erase(it);
            if (!movedTo.contains(oldThread))
                movedTo.insert(oldThread, thread);
            leaving = 0;
        };
        QStringList assigned;
        for (int e : treeEntries) {
            Entry& E = entries[size_t(e)];
            if (E.threadId == thread)
                continue;
            if (!E.threadId.isEmpty()) {
                if (E.threadId != oldThread) {
                    flushOld();
                    oldThread = E.threadId;
                }
                ++leaving;
                out->previousThreads.insert(E.id, E.threadId);
            }
            if (assigned.isEmpty())
                assigned.reserve(qsizetype(treeEntries.size()));
            ++added;
            E.threadId = thread;
            assigned.append(E.id);
        }
        flushOld();
        if (added > 0) {
            noteSize(thread);
            threadSizes[thread] += added;
            out->assignments.append({thread, std::move(assigned)});
        }
    }

    void rethread() {
        for (const auto& [e, id] : nativeAdded) {
            const Entry& E = entries[size_t(e)];
            if (E.live && E.id == id && !E.nativeThread.isEmpty())
                assign(e, E.nativeThread);
        }
        std::vector<DirtyRoot> roots;
        std::vector<int> flat;
        flat.reserve(entryById.size() < 4096 ? 64 : size_t(touched.size()));
        for (int c : touched) {
            if (!containers[size_t(c)].live)
                continue;
            const int r = rootOf(c);
            if (containers[size_t(r)].dirtyIn != batch)
                addDirtyRoot(r, roots, flat);
        }
        const size_t touchedRoots = roots.size();
        for (size_t i = 0; i < touchedRoots; ++i) {
            const DirtyRoot& dr = roots[i];
            refreshRoot(dr.root, std::span<const int>(flat.data() + dr.begin, dr.end - dr.begin));
        }
        // Sorted so the outcome never depends on QSet iteration order.
        QStringList keys(dirtyBuckets.cbegin(), dirtyBuckets.cend());
        keys.sort();
        for (const QString& key : keys)
            clusterBucket(key, roots, flat);

        // Subject clusters share their anchor's id: make each id once.
        std::unordered_map<int, QString> idOfAnchor;
        for (const DirtyRoot& dr : roots) {
            const Container& R = containers[size_t(dr.root)];
            const int anchor = R.anchor != -1 ? R.anchor : dr.root;
            auto id = idOfAnchor.find(anchor);
            if (id == idOfAnchor.end())
                id = idOfAnchor.emplace(anchor, threadIdOfRoot(anchor)).first;
            assignTree(std::span<const int>(flat.data() + dr.begin, dr.end - dr.begin), id->second);
        }
    }

    void finish() {
        for (auto it = sizeBefore.cbegin(); it != sizeBefore.cend(); ++it) {
            const int before = it.value();
            const int after = threadSizes.value(it.key(), 0);
            if (before == 0 && after > 0) {
                out->insertedThreads.append(it.key());
            } else if (before > 0 && after == 0) {
                out->removedThreads.append(it.key());
                const auto moved = movedTo.constFind(it.key());
                if (moved != movedTo.cend())
                    out->mergedThreads.insert(it.key(), *moved);
            } else if (before > 0 && after > 0) {
                out->changedThreads.append(it.key());
            }
        }
        out->insertedThreads.sort();
        out->removedThreads.sort();
        out->changedThreads.sort();
    }
};

qsizetype ThreadingChanges::assignedCount() const {
    qsizetype n = 0;
    for (const Assignment& a : assignments)
        n += a.messageIds.size();
    return n;
}

QString ThreadingChanges::assignedThread(const QString& messageId) const {
    for (const Assignment& a : assignments) {
        if (a.messageIds.contains(messageId))
            return a.threadId;
    }
    return QString();
}

ThreadingEngine::ThreadingEngine(qint64 subjectWindowSecs)
    : d(std::make_unique<Private>(subjectWindowSecs)) {}

ThreadingEngine::~ThreadingEngine() = default;

ThreadingChanges ThreadingEngine::apply(const QList<Message>& upserts, const QStringList& removals) {
    ThreadingChanges changes;
    QElapsedTimer timer;
    timer.start();
    if (++d->batch == 0)
        d->batch = 1; // 0 marks "never stamped"
    d->touched.clear();
    d->nativeAdded.clear();
    d->dirtyBuckets.clear();
    d->sizeBefore.clear();
    d->movedTo.clear();
    d->out = &changes;
    if (upserts.size() > 1000) {
        // A bulk load: grow once instead of rehashing and relocating many times. (Not for small
        // batches: their growth is left to the containers' own amortized policy.)
        const size_t more = size_t(upserts.size());
        reserveVectorFor(d->entries, more);
        // Missing parents add containers beyond one per message. Reserved room costs address
        // space only until used, while outgrowing it would move every container to new memory.
        reserveVectorFor(d->containers, 2 * more);
        reserveHashFor(d->entryById, qsizetype(more));
        reserveHashFor(d->containerByKey, qsizetype(more));
        changes.assignments.reserve(qsizetype(more / 4));
    }

    for (const QString& id : removals) {
        const auto it = d->entryById.constFind(id);
        if (it != d->entryById.cend())
            d->removeEntry(*it);
    }
    for (const Message& m : upserts) {
        Entry in = d->makeEntry(m);
        QString previousThread;
        const auto it = d->entryById.constFind(m.id);
        if (it != d->entryById.cend()) {
            const Entry& old = d->entries[size_t(*it)];
            if (old.sameThreadingInput(in))
                continue; // flags or snippet changed: nothing to re-thread
            previousThread = old.threadId;
            d->removeEntry(*it);
        }
        d->addEntry(std::move(in), previousThread);
    }
    d->subjectMemo.clear();
    d->collectGarbage();
    d->rethread();
    d->finish();
    d->out = nullptr;

    if (upserts.size() + removals.size() > 1000) {
        qCDebug(lcThreading) << "threaded" << upserts.size() << "added," << removals.size() << "removed in"
                             << timer.elapsed() << "ms;" << d->threadSizes.size() << "threads";
    }
    return changes;
}

QString ThreadingEngine::chatConversationId(const QString& accountId, const QString& channelId) {
    // The channel's global id as the native part: unique per channel, and never equal to a
    // provider's thread key, which is a bare native id.
    return makeId(IdKind::Thread, accountId, channelId);
}

QString ThreadingEngine::threadOf(const QString& messageId) const {
    const auto it = d->entryById.constFind(messageId);
    return it == d->entryById.cend() ? QString() : d->entries[size_t(*it)].threadId;
}

bool ThreadingEngine::contains(const QString& messageId) const {
    return d->entryById.contains(messageId);
}

int ThreadingEngine::messageCount() const {
    return int(d->entryById.size());
}

int ThreadingEngine::threadCount() const {
    return int(d->threadSizes.size());
}

void ThreadingEngine::reserve(int messages) {
    if (messages <= 0)
        return;
    const size_t more = size_t(messages);
    reserveVectorFor(d->entries, more);
    reserveVectorFor(d->containers, 2 * more);
    // Building and dropping default elements writes every page the messages will use (and
    // about a quarter more containers, for missing parents): the page faults happen here.
    const size_t entries = d->entries.size();
    const size_t containers = d->containers.size();
    d->entries.resize(entries + more);
    d->entries.resize(entries);
    d->containers.resize(containers + more + more / 4);
    d->containers.resize(containers);
    reserveHashFor(d->entryById, messages);
    reserveHashFor(d->containerByKey, messages);
}

void ThreadingEngine::clear() {
    d = std::make_unique<Private>(d->windowMs / 1000);
}

QString ThreadingEngine::baseSubject(const QString& subject, bool* isReply) {
    QStringView s = QStringView(subject).trimmed();
    bool reply = false;
    for (;;) {
        if (s.startsWith(QLatin1Char('['))) {
            const qsizetype close = s.indexOf(QLatin1Char(']'));
            if (close > 0 && close < kMaxTagLength) {
                const QStringView rest = s.mid(close + 1).trimmed();
                if (!rest.isEmpty()) {
                    s = rest;
                    continue;
                }
            }
        }
        const qsizetype prefix = replyPrefixLength(s);
        if (prefix > 0) {
            s = s.mid(prefix).trimmed();
            reply = true;
            continue;
        }
        break;
    }
    const QStringView fwdSuffix(u"(fwd)");
    if (s.size() > fwdSuffix.size() && s.endsWith(fwdSuffix, Qt::CaseInsensitive)) {
        s.chop(fwdSuffix.size());
        s = s.trimmed();
        reply = true;
    }
    if (isReply)
        *isReply = reply;
    return s.toString().simplified();
}

} // namespace tributary
