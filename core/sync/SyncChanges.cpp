// Incremental sync for SyncController: resuming a channel from its stored state instead
// of listing it again, and applying what Provider::syncChanges reports.
#include "cache/ViewStateCache.h"
#include "inbox/InboxStore.h"
#include "sync/SyncController.h"
#include "util/Futures.h"
#include "util/Logging.h"

namespace tributary {

namespace {
const QString kNextCursor = QStringLiteral("nextCursor");
} // namespace

SyncController::ChannelState SyncController::ChannelState::fromCursors(QVariantMap stored) {
    ChannelState state;
    state.nextCursor = stored.take(kNextCursor).toString();
    state.provider = std::move(stored);
    return state;
}

bool SyncController::canResume(const QString& accountId, const QString& channelId) const {
    const AccountSync* a = account(accountId);
    if (!a || !a->provider || !a->provider->capabilities().testFlag(Capability::IncrementalSync))
        return false;
    if (const auto it = a->states.constFind(channelId); it != a->states.cend())
        return !it->provider.isEmpty();
    return m_cache && a->cached.contains(channelId);
}

void SyncController::resumeChannel(const QString& accountId, const QString& channelId) {
    AccountSync* a = account(accountId);
    ChannelSync& s = a->sync[channelId];
    s.resuming = true;
    if (const auto it = a->states.constFind(channelId); it != a->states.cend()) {
        resumeFrom(accountId, channelId, *it);
        return;
    }
    // The state the last session stored with the cached rows.
    const quint64 generation = a->generation;
    whenDone(m_cache->cursors(accountId, channelId), this,
             [this, accountId, channelId, generation](const QVariantMap& stored) {
                 if (!isCurrent(accountId, generation))
                     return;
                 resumeFrom(accountId, channelId, ChannelState::fromCursors(stored));
             });
}

void SyncController::resumeFrom(const QString& accountId, const QString& channelId,
                                const ChannelState& state) {
    AccountSync* a = account(accountId);
    const auto s = a->sync.find(channelId);
    if (s == a->sync.end())
        return;
    if (state.provider.isEmpty()) {
        // Nothing to resume from (rows cached by an older version): list from the top.
        s->resuming = false;
        loadPage(accountId, channelId);
        return;
    }
    a->states.insert(channelId, state);
    // What the cache holds counts as loaded; the first answer drops what is gone.
    s->seen.unite(a->cached.take(channelId));
    s->loaded = int(s->seen.size());
    s->cursor = state.nextCursor;
    s->exhausted = state.nextCursor.isEmpty();
    requestChanges(accountId, channelId);
}

void SyncController::refreshChannel(const QString& accountId, const QString& channelId) {
    AccountSync* a = account(accountId);
    if (!a || !a->connected || !a->provider ||
        !a->provider->capabilities().testFlag(Capability::IncrementalSync))
        return;
    const auto s = a->sync.find(channelId);
    if (s == a->sync.end() || !s->started)
        return; // not loaded: it is listed fresh when opened
    const bool stateKnown = !a->states.value(channelId).provider.isEmpty();
    if (s->refreshing || !stateKnown) {
        s->refreshAgain = true; // after the answer (or the first page) in flight
        return;
    }
    requestChanges(accountId, channelId);
}

void SyncController::refreshAfterSend(const QString& channelId) {
    for (const auto& [accountId, a] : m_accounts) {
        if (a->sync.contains(channelId)) {
            refreshChannel(accountId, channelId);
            return;
        }
    }
}

QHash<QString, MessageFlags> SyncController::knownFlags(const QString& accountId,
                                                        const QString& channelId) const {
    QHash<QString, MessageFlags> known;
    const AccountSync* a = account(accountId);
    const auto s = a->sync.constFind(channelId);
    if (s == a->sync.cend())
        return known;
    known.reserve(s->seen.size());
    for (const QString& id : s->seen) {
        if (const auto m = m_store->message(id))
            known.insert(id, m->flags);
    }
    return known;
}

void SyncController::requestChanges(const QString& accountId, const QString& channelId) {
    AccountSync* a = account(accountId);
    const auto s = a->sync.find(channelId);
    if (s == a->sync.end() || !a->provider)
        return;
    s->refreshing = true;
    s->refreshAgain = false;
    const quint64 generation = a->generation;
    whenDone(a->provider->syncChanges(channelId, a->states.value(channelId).provider,
                                      knownFlags(accountId, channelId)),
             this, [this, accountId, channelId, generation](const Result<ChannelChanges>& result) {
                 if (!isCurrent(accountId, generation))
                     return;
                 AccountSync* acc = account(accountId);
                 const auto it = acc->sync.find(channelId);
                 if (it == acc->sync.end())
                     return;
                 it->refreshing = false;
                 if (result.ok()) {
                     applyChanges(accountId, channelId, result.value());
                     return;
                 }
                 const ProviderError& error = result.error();
                 if (error.kind == ErrorKind::Network || error.kind == ErrorKind::Auth ||
                     error.kind == ErrorKind::RateLimited || error.kind == ErrorKind::Cancelled) {
                     it->resuming = false;
                     fail(accountId, error); // the reconnect resumes from the same state
                     return;
                 }
                 // The provider cannot use the stored state: list the channel again.
                 qCInfo(lcCore) << "incremental sync of" << channelId
                                << "failed, reloading:" << error.describe();
                 resetChannel(accountId, channelId);
             });
}

void SyncController::applyChanges(const QString& accountId, const QString& channelId,
                                  const ChannelChanges& changes) {
    if (changes.reset) {
        resetChannel(accountId, channelId);
        return;
    }
    AccountSync* a = account(accountId);
    ChannelSync& s = a->sync[channelId];
    const bool wasResuming = s.resuming;
    s.resuming = false;

    QHash<QString, int> unreadDelta;
    QStringList removed;
    for (const QString& id : changes.removedIds) {
        if (!s.seen.remove(id))
            continue;
        removed.append(id);
        if (const auto m = m_store->message(id); m && !m->isRead())
            unreadDelta[channelId] -= 1;
    }
    QList<Message> flagged;
    for (const Message& m : changes.flagsChanged) {
        const auto current = m_store->message(m.id);
        if (!current || current->flags == m.flags)
            continue;
        if (current->isRead() != m.isRead())
            unreadDelta[channelId] += m.isRead() ? -1 : 1;
        flagged.append(m);
    }
    QList<Message> added;
    for (const Message& m : changes.added) {
        if (s.seen.contains(m.id))
            continue;
        s.seen.insert(m.id);
        added.append(m);
        if (!m.isRead())
            unreadDelta[channelId] += 1;
    }

    for (const QString& id : std::as_const(removed))
        m_bodies.remove(id);
    if (m_cache && !removed.isEmpty())
        m_cache->removeMessages(removed);
    if (!flagged.isEmpty()) {
        Event e;
        e.kind = EventKind::ReadChanged;
        e.accountId = accountId;
        e.channelId = channelId;
        e.messages = flagged;
        m_store->applyEvent(e);
        if (m_cache) {
            for (const Message& m : std::as_const(flagged))
                m_cache->updateFlags(m.id, m.flags);
        }
    }
    // Gone and new in one store step: a message the server renumbered (moved back, an undo)
    // keeps its conversation's row.
    if (!removed.isEmpty() || !added.isEmpty())
        m_store->update(added, removed);
    if (m_cache && !added.isEmpty())
        m_cache->upsertMessages(added);
    if (!added.isEmpty())
        refreshTriage(accountId, added);
    s.loaded = int(s.seen.size());
    if (!a->pushDown)
        a->lastSynced = QDateTime::currentDateTimeUtc(); // what "Offline - last synced" shows
    a->states[channelId].provider = changes.syncState;
    saveState(accountId, channelId);
    adjustUnread(accountId, unreadDelta);
    if (!added.isEmpty())
        emit messagesArrived(added);

    // Paging waited for this answer when resuming; a pending backfill may be answerable now.
    const QString key = waitKey(accountId, channelId);
    const bool answered = s.exhausted && m_backfillWaiting.remove(key);
    continueBackfill(accountId, channelId);
    if (wasResuming || answered)
        updateSyncStatus(accountId);
    if (answered)
        settleBackfill();
    if (s.refreshAgain)
        requestChanges(accountId, channelId);
}

void SyncController::resetChannel(const QString& accountId, const QString& channelId) {
    AccountSync* a = account(accountId);
    if (!a)
        return;
    qCInfo(lcCore) << "reloading" << channelId << "from the top";
    QSet<QString> gone = a->cached.take(channelId);
    if (const auto s = a->sync.constFind(channelId); s != a->sync.cend())
        gone.unite(s->seen);
    if (!gone.isEmpty()) {
        const QStringList ids(gone.cbegin(), gone.cend());
        for (const QString& id : ids)
            m_bodies.remove(id);
        m_store->removeMessages(ids);
        if (m_cache)
            m_cache->removeMessages(ids);
    }
    a->states.remove(channelId);
    ChannelSync fresh;
    fresh.started = true;
    fresh.goal = m_options.backfillLimit;
    a->sync.insert(channelId, fresh);
    loadPage(accountId, channelId);
}

void SyncController::saveState(const QString& accountId, const QString& channelId) {
    const AccountSync* a = account(accountId);
    if (!m_cache || !a)
        return;
    const ChannelState state = a->states.value(channelId);
    m_cache->setCursor(accountId, channelId, kNextCursor,
                       state.nextCursor.isEmpty() ? QVariant() : QVariant(state.nextCursor));
    for (auto it = state.provider.cbegin(); it != state.provider.cend(); ++it)
        m_cache->setCursor(accountId, channelId, it.key(), it.value());
}

} // namespace tributary
