#include "inbox/ThreadListModel.h"

#include "inbox/InboxStore.h"

#include <algorithm>

namespace tributary {

namespace {

constexpr int kMaxSendersShown = 5;

ThreadSortKey keyOf(const Thread& t) {
    return {t.latestActivity.isValid() ? t.latestActivity.toMSecsSinceEpoch() : ThreadSortKey::kNoActivity,
            t.id};
}

QString labelsOf(const QList<Participant>& people) {
    QStringList labels;
    for (const Participant& p : people) {
        if (labels.size() == kMaxSendersShown) {
            labels.append(QStringLiteral("+%1").arg(people.size() - kMaxSendersShown));
            break;
        }
        labels.append(p.label());
    }
    return labels.join(QStringLiteral(", "));
}

QString sendersOf(const Thread& t) {
    // Mail with no sender at all still names what is missing; recipients not chosen yet
    // stay empty so the row can say so in its own words.
    const QString senders = labelsOf(t.participants);
    return senders.isEmpty() ? senderLabel(Participant{}) : senders;
}

} // namespace

ThreadListModel::ThreadListModel(InboxStore* store, QObject* parent)
    : QAbstractListModel(parent)
    , m_store(store) {
    m_target = m_pageSize;
    if (!m_store)
        return;
    connect(m_store, &InboxStore::threadsInserted, this, &ThreadListModel::onThreadsInserted);
    connect(m_store, &InboxStore::threadsChanged, this, &ThreadListModel::onThreadsChanged);
    connect(m_store, &InboxStore::threadsRemoved, this, &ThreadListModel::onThreadsRemoved);
    connect(m_store, &QObject::destroyed, this, [this] {
        beginResetModel();
        m_store = nullptr;
        m_rows.clear();
        m_index.clear();
        m_keys.clear();
        m_boundary.reset();
        endResetModel();
    });
    const QList<Thread> all = m_store->threads();
    for (const Thread& t : all) {
        const ThreadSortKey key = keyOf(t);
        m_keys.insert(t.id, key);
        m_index.insert(key);
    }
    fill(); // no view is attached yet: nobody hears these signals
}

int ThreadListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ThreadListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Thread& t = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        if (t.kind == ConversationKind::Chat)
            return t.snippet; // a chat has no subject: its newest message
        return t.subject.isEmpty() ? tr("(no subject)") : t.subject;
    case Qt::ToolTipRole:
        return QStringList{t.subject, sendersOf(t)}.join(QLatin1Char('\n'));
    case ThreadIdRole:
        return t.id;
    case SubjectRole:
        return t.subject;
    case SendersRole:
        return sendersOf(t);
    case SnippetRole:
        return t.snippet;
    case LatestActivityRole:
        return t.latestActivity;
    case UnreadRole:
        return t.unreadCount > 0;
    case UnreadCountRole:
        return t.unreadCount;
    case FlaggedRole:
        return t.flagged;
    case HasAttachmentsRole:
        return t.hasAttachments;
    case KindRole:
        return int(t.kind);
    case AccountIdsRole:
        return t.accountIds;
    case ChannelIdsRole:
        return t.channelIds;
    case MessageCountRole:
        return t.messageCount;
    case RecipientsRole:
        return labelsOf(t.recipients);
    case LatestAuthorRole: {
        const std::optional<Message> newest =
            m_store && !t.messageIds.isEmpty() ? m_store->message(t.messageIds.last()) : std::nullopt;
        return newest ? senderLabel(newest->author) : QString();
    }
    case IsLoadedRole:
        return true; // rows come from envelopes the store holds; there are no placeholder rows
    default:
        return triageData(t, role);
    }
}

Qt::ItemFlags ThreadListModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractListModel::flags(index);
    if (index.isValid())
        f |= Qt::ItemIsDragEnabled;
    return f;
}

QHash<int, QByteArray> ThreadListModel::roleNames() const {
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(ThreadIdRole, QByteArrayLiteral("threadId"));
    names.insert(SubjectRole, QByteArrayLiteral("subject"));
    names.insert(SendersRole, QByteArrayLiteral("senders"));
    names.insert(SnippetRole, QByteArrayLiteral("snippet"));
    names.insert(LatestAuthorRole, QByteArrayLiteral("latestAuthor"));
    names.insert(LatestActivityRole, QByteArrayLiteral("latestActivity"));
    names.insert(UnreadRole, QByteArrayLiteral("unread"));
    names.insert(UnreadCountRole, QByteArrayLiteral("unreadCount"));
    names.insert(FlaggedRole, QByteArrayLiteral("flagged"));
    names.insert(HasAttachmentsRole, QByteArrayLiteral("hasAttachments"));
    names.insert(KindRole, QByteArrayLiteral("kind"));
    names.insert(AccountIdsRole, QByteArrayLiteral("accountIds"));
    names.insert(ChannelIdsRole, QByteArrayLiteral("channelIds"));
    names.insert(MessageCountRole, QByteArrayLiteral("messageCount"));
    names.insert(IsLoadedRole, QByteArrayLiteral("isLoaded"));
    names.insert(RecipientsRole, QByteArrayLiteral("recipients"));
    return names;
}

bool ThreadListModel::canFetchMore(const QModelIndex& parent) const {
    if (parent.isValid())
        return false;
    if (m_rows.size() < m_index.size())
        return true;
    return !m_backfillPending && !m_backfillExhausted;
}

void ThreadListModel::fetchMore(const QModelIndex& parent) {
    if (parent.isValid() || m_changing > 0)
        return;
    const int shown = int(m_rows.size());
    if (shown < m_index.size()) {
        m_target = std::max(m_target, shown) + m_pageSize;
        fill();
        return;
    }
    if (m_backfillPending || m_backfillExhausted)
        return;
    m_backfillPending = true;
    m_target = shown + m_pageSize; // the older threads that arrive meanwhile are shown, one page
    emit backfillPendingChanged(true);
    emit backfillRequested();
}

void ThreadListModel::backfillFinished(bool moreAvailable) {
    m_backfillExhausted = !moreAvailable;
    m_target = std::max(m_pageSize, int(m_rows.size()));
    if (m_backfillPending) {
        m_backfillPending = false;
        emit backfillPendingChanged(false);
    }
}

void ThreadListModel::setPageSize(int rows) {
    const int size = std::max(1, rows);
    const bool onFirstPage = m_target == m_pageSize && !m_backfillPending;
    m_pageSize = size;
    if (!onFirstPage)
        return;
    m_target = size;
    if (m_rows.size() > size) {
        ++m_changing;
        beginRemoveRows({}, size, int(m_rows.size()) - 1);
        m_rows.resize(size);
        m_boundary = m_index.at(size - 1);
        endRemoveRows();
        --m_changing;
    }
    fill();
}

int ThreadListModel::rowOf(const QString& threadId) const {
    const auto it = m_keys.constFind(threadId);
    if (it == m_keys.cend() || !isShownKey(*it))
        return -1;
    return m_index.rank(*it);
}

bool ThreadListModel::isShownKey(const ThreadSortKey& key) const {
    return m_boundary && !(*m_boundary < key);
}

Thread ThreadListModel::threadAt(int rank) const {
    const QString& id = m_index.at(rank).threadId;
    if (m_store) {
        if (auto t = m_store->thread(id))
            return *t;
    }
    Thread t;
    t.id = id;
    return t;
}

void ThreadListModel::insertThread(const Thread& thread) {
    const ThreadSortKey key = keyOf(thread);
    m_keys.insert(thread.id, key);
    const int row = m_index.insert(key);
    if (!isShownKey(key))
        return; // older than the last shown row: revealed by fetchMore
    ++m_changing;
    beginInsertRows({}, row, row);
    m_rows.insert(row, thread);
    endInsertRows();
    --m_changing;
}

void ThreadListModel::onThreadsInserted(const QStringList& ids) {
    if (!m_store)
        return;
    for (const QString& id : ids) {
        if (m_keys.contains(id)) {
            onThreadsChanged({id});
            continue;
        }
        if (auto t = m_store->thread(id))
            insertThread(*t);
    }
    fill();
}

void ThreadListModel::onThreadsChanged(const QStringList& ids) {
    if (!m_store)
        return;
    for (const QString& id : ids) {
        const std::optional<Thread> t = m_store->thread(id);
        if (!t)
            continue;
        const auto it = m_keys.find(id);
        if (it == m_keys.end()) {
            insertThread(*t);
            continue;
        }
        const ThreadSortKey old = *it;
        const ThreadSortKey key = keyOf(*t);
        if (old == key) {
            if (isShownKey(key)) {
                const int row = m_index.rank(key);
                m_rows[row] = *t;
                ++m_changing;
                emit dataChanged(index(row), index(row));
                --m_changing;
            }
            continue;
        }
        const bool wasShown = isShownKey(old);
        const int from = m_index.erase(old);
        *it = key;
        const int to = m_index.insert(key);
        const bool shown = isShownKey(key);
        if (wasShown && shown) {
            if (from != to) {
                ++m_changing;
                beginMoveRows({}, from, from, {}, to > from ? to + 1 : to);
                m_rows.move(from, to);
                endMoveRows();
                --m_changing;
            }
            m_rows[to] = *t;
            ++m_changing;
            emit dataChanged(index(to), index(to));
            --m_changing;
        } else if (wasShown) {
            ++m_changing;
            beginRemoveRows({}, from, from);
            m_rows.removeAt(from);
            endRemoveRows();
            --m_changing;
        } else if (shown) {
            ++m_changing;
            beginInsertRows({}, to, to);
            m_rows.insert(to, *t);
            endInsertRows();
            --m_changing;
        }
    }
    fill();
}

void ThreadListModel::onThreadsRemoved(const QStringList& ids) {
    int shownRemoved = 0;
    for (const QString& id : ids) {
        const auto it = m_keys.constFind(id);
        if (it != m_keys.cend() && isShownKey(*it))
            ++shownRemoved;
    }
    if (shownRemoved > kResetThreshold) {
        // Typically removeAccount: one reset is far cheaper for views and proxies than
        // thousands of single-row removals.
        ++m_changing;
        beginResetModel();
        for (const QString& id : ids) {
            const auto it = m_keys.find(id);
            if (it == m_keys.end())
                continue;
            m_index.erase(*it);
            m_keys.erase(it);
        }
        rebuildRows();
        endResetModel();
        --m_changing;
        return;
    }
    for (const QString& id : ids) {
        const auto it = m_keys.find(id);
        if (it == m_keys.end())
            continue;
        const ThreadSortKey key = *it;
        m_keys.erase(it);
        const bool wasShown = isShownKey(key);
        const int row = m_index.erase(key);
        if (!wasShown || row < 0)
            continue;
        ++m_changing;
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
        --m_changing;
    }
    fill();
}

void ThreadListModel::fill() {
    const int want = std::min(m_index.size(), m_target);
    const int first = int(m_rows.size());
    if (first >= want)
        return;
    ++m_changing;
    beginInsertRows({}, first, want - 1);
    for (int r = first; r < want; ++r)
        m_rows.append(threadAt(r));
    m_boundary = m_index.at(want - 1);
    endInsertRows();
    --m_changing;
}

void ThreadListModel::rebuildRows() {
    const int byBoundary = m_boundary ? m_index.countUpTo(*m_boundary) : 0;
    const int want = std::max(byBoundary, std::min(m_index.size(), m_target));
    m_rows.clear();
    m_rows.reserve(want);
    for (int r = 0; r < want; ++r)
        m_rows.append(threadAt(r));
    if (want > 0)
        m_boundary = m_index.at(want - 1);
}

} // namespace tributary
