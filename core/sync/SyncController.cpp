#include "sync/SyncController.h"

#include "cache/ViewStateCache.h"
#include "inbox/InboxStore.h"
#include "inbox/TriageBook.h"
#include "model/Ids.h"
#include "provider/AccountManager.h"
#include "util/Futures.h"
#include "util/Logging.h"
#include "util/ReadyFuture.h"

#include <QPromise>

namespace tributary {

QString SyncController::waitKey(const QString& accountId, const QString& channelId) {
    return accountId + QLatin1Char('\n') + channelId;
}

SyncController::SyncController(InboxStore* store, ViewStateCache* cache, QObject* parent)
    : SyncController(store, cache, Options{}, parent) {}

SyncController::SyncController(InboxStore* store, ViewStateCache* cache, Options options, QObject* parent)
    : QObject(parent)
    , m_triage(new TriageBook(this))
    , m_store(store)
    , m_cache(cache)
    , m_options(options)
    , m_bodies(options.bodyCacheBytes) {}

SyncController::~SyncController() = default;

SyncController::AccountSync* SyncController::account(const QString& accountId) {
    const auto it = m_accounts.find(accountId);
    return it == m_accounts.end() ? nullptr : it->second.get();
}

const SyncController::AccountSync* SyncController::account(const QString& accountId) const {
    const auto it = m_accounts.find(accountId);
    return it == m_accounts.end() ? nullptr : it->second.get();
}

bool SyncController::isCurrent(const QString& accountId, quint64 generation) const {
    const AccountSync* a = account(accountId);
    return a && a->provider && a->generation == generation;
}

QStringList SyncController::accountIds() const {
    return m_order;
}

Provider* SyncController::provider(const QString& accountId) const {
    const AccountSync* a = account(accountId);
    return a ? a->provider.data() : nullptr;
}

QList<Channel> SyncController::channels(const QString& accountId) const {
    const AccountSync* a = account(accountId);
    return a ? a->channels : QList<Channel>();
}

AccountStatus SyncController::status(const QString& accountId) const {
    const AccountSync* a = account(accountId);
    return a ? a->status : AccountStatus{};
}

QString SyncController::inboxOf(const QString& accountId) const {
    const AccountSync* a = account(accountId);
    if (!a)
        return {};
    for (const Channel& c : a->channels) {
        if (c.role == ChannelRole::Inbox)
            return c.id;
    }
    return {};
}

QStringList SyncController::homeChannels(const QString& accountId) const {
    if (const QString inbox = inboxOf(accountId); !inbox.isEmpty())
        return {inbox};
    // A chat account has no Inbox: its conversations are the inbox. The ones with unread
    // messages come first, then the provider's order, up to a handful, so start-up costs a
    // few requests, not one per channel of a large workspace.
    const AccountSync* a = account(accountId);
    if (!a || !a->provider || !a->provider->capabilities().testFlag(Capability::ChatChannels))
        return {};
    QList<const Channel*> chats;
    for (const Channel& c : a->channels) {
        if (c.selectable)
            chats.append(&c);
    }
    std::stable_sort(chats.begin(), chats.end(), [](const Channel* x, const Channel* y) {
        return (x->unreadCount > 0) > (y->unreadCount > 0);
    });
    QStringList ids;
    for (const Channel* c : std::as_const(chats)) {
        if (ids.size() == kChatHomeChannels)
            break;
        ids.append(c->id);
    }
    return ids;
}

// -- accounts ----------------------------------------------------------------------------

void SyncController::addProvider(Provider* provider) {
    if (!provider)
        return;
    const QString id = provider->account().id;
    if (AccountSync* existing = account(id)) {
        if (existing->provider == provider)
            return;
        removeProvider(id);
    }
    auto a = std::make_unique<AccountSync>(m_options);
    a->provider = provider;
    a->reconnectTimer.setSingleShot(true);
    connect(&a->reconnectTimer, &QTimer::timeout, this, [this, id] { connectAccount(id); });
    a->offlineTimer.setSingleShot(true);
    connect(&a->offlineTimer, &QTimer::timeout, this, [this, id] { onLongLoss(id); });
    connect(provider, &Provider::statusChanged, this,
            [this, id](const ConnectionStatus& status) { onProviderStatus(id, status); });
    connect(provider, &Provider::eventsArrived, this,
            [this, id](const QList<Event>& events) { onEvents(id, events); });
    m_accounts[id] = std::move(a);
    m_order.append(id);
    emit accountAdded(provider->account());
    setStatus(id, AccountStatus{});
    if (m_started && m_warm)
        connectAccount(id);
}

void SyncController::removeProvider(const QString& accountId) {
    const auto it = m_accounts.find(accountId);
    if (it == m_accounts.end())
        return;
    if (Provider* p = it->second->provider.data()) {
        disconnect(p, nullptr, this, nullptr);
        p->unsubscribe();
    }
    m_accounts.erase(it);
    m_order.removeAll(accountId);
    m_store->removeAccount(accountId);
    m_bodies.removeAccount(accountId);
    m_triage->removeAccount(accountId);
    m_triageSelfAsked.remove(accountId);
    emit accountRemoved(accountId);
    for (auto key = m_backfillWaiting.begin(); key != m_backfillWaiting.end();) {
        if (key->startsWith(accountId + QLatin1Char('\n')))
            key = m_backfillWaiting.erase(key);
        else
            ++key;
    }
    settleBackfill();
}

void SyncController::attach(AccountManager* accounts) {
    for (Provider* p : accounts->providers())
        addProvider(p);
    QPointer<AccountManager> manager(accounts);
    connect(accounts, &AccountManager::accountAdded, this, [this, manager](const Account& a) {
        if (manager)
            addProvider(manager->provider(a.id));
    });
    connect(accounts, &AccountManager::accountUpdated, this, [this, manager](const Account& a) {
        // The manager made a new provider for the new settings; the old one is gone.
        removeProvider(a.id);
        if (manager)
            addProvider(manager->provider(a.id));
    });
    connect(accounts, &AccountManager::accountRemoved, this, [this](const QString& id) {
        removeProvider(id);
        if (m_cache)
            m_cache->removeAccountData(id);
    });
}

// -- start-up ----------------------------------------------------------------------------

void SyncController::start() {
    if (m_started)
        return;
    m_started = true;
    if (m_cache)
        loadWarm();
    else
        finishWarmStart();
}

void SyncController::loadWarm() {
    loadWarmTriage();
    m_cache->loadChannels()
        .then(this,
              [this](const QList<Channel>& cachedChannels) {
                  QHash<QString, QList<Channel>> byAccount;
                  for (const Channel& c : cachedChannels)
                      byAccount[c.accountId].append(c);
                  for (auto it = byAccount.cbegin(); it != byAccount.cend(); ++it) {
                      AccountSync* a = account(it.key());
                      if (a && a->channels.isEmpty()) {
                          a->channels = it.value();
                          emit channelsChanged(it.key(), it.value());
                      }
                  }
                  if (!m_cache) {
                      finishWarmStart();
                      return;
                  }
                  loadWarmRows(0);
              })
        .onCanceled(this, [this] { finishWarmStart(); });
}

void SyncController::loadWarmRows(int offset) {
    // Two reads: the newest page, which the list paints at once, then the rest. Accounts
    // connect after both, so a sync never runs against half of what the cache knows.
    const int first = std::min(m_options.warmFirstPage, m_options.warmStartLimit);
    const int limit = offset == 0 ? first : m_options.warmStartLimit - offset;
    if (!m_cache || limit <= 0) {
        finishWarmStart();
        return;
    }
    if (m_cache->privacyMode()) {
        // Rows written in privacy mode have no names, subjects or snippets: the list fills
        // from the servers instead (and nothing resumes from those rows).
        qCInfo(lcCore) << "warm start: privacy mode, the rows come from the servers";
        finishWarmStart();
        return;
    }
    m_cache->loadMessages(limit, offset)
        .then(this,
              [this, offset, limit](const QList<Message>& rows) {
                  QList<Message> known;
                  known.reserve(rows.size());
                  for (const Message& m : rows) {
                      if (AccountSync* a = account(m.accountId)) {
                          a->cached[m.channelId].insert(m.id);
                          known.append(m);
                      }
                  }
                  if (!known.isEmpty())
                      m_store->addMessages(known);
                  qCInfo(lcCore) << "warm start:" << known.size() << "cached rows after" << offset;
                  if (offset == 0 && rows.size() == limit)
                      loadWarmRows(limit);
                  else
                      finishWarmStart();
              })
        .onCanceled(this, [this] { finishWarmStart(); });
}

void SyncController::finishWarmStart() {
    if (m_warm)
        return;
    m_warm = true;
    emit warmStartFinished();
    for (const QString& id : std::as_const(m_order))
        connectAccount(id);
}

void SyncController::connectAccount(const QString& accountId) {
    AccountSync* a = account(accountId);
    if (!a || !a->provider || a->connecting)
        return;
    a->reconnectTimer.stop();
    a->connecting = true;
    a->connected = false;
    a->sync.clear(); // a new session lists every channel from the top again
    // A backfill waiting on this account's old session is answered by what the others have.
    for (auto key = m_backfillWaiting.begin(); key != m_backfillWaiting.end();) {
        if (key->startsWith(accountId + QLatin1Char('\n')))
            key = m_backfillWaiting.erase(key);
        else
            ++key;
    }
    const quint64 generation = ++a->generation;
    markConnecting(accountId);
    whenDone(a->provider->connectAccount(), this, [this, accountId, generation](const Result<void>& result) {
        if (!isCurrent(accountId, generation))
            return;
        AccountSync* acc = account(accountId);
        acc->connecting = false;
        if (!result.ok()) {
            fail(accountId, result.error());
            return;
        }
        acc->connected = true;
        acc->backoff.reset();
        listChannels(accountId);
    });
    settleBackfill();
}

void SyncController::reconnect(const QString& accountId) {
    if (AccountSync* a = account(accountId)) {
        a->backoff.reset();
        a->connecting = false;
        connectAccount(accountId);
    }
}

// -- channels ----------------------------------------------------------------------------

void SyncController::listChannels(const QString& accountId, std::function<void()> listed) {
    AccountSync* a = account(accountId);
    if (!a || !a->provider || !a->connected) {
        if (listed)
            listed();
        return;
    }
    const quint64 generation = a->generation;
    markSyncing(accountId);
    whenDone(a->provider->listChannels(), this,
             [this, accountId, generation, listed](const Result<QList<Channel>>& result) {
                 if (listed)
                     listed();
                 if (!isCurrent(accountId, generation))
                     return;
                 if (!result.ok()) {
                     fail(accountId, result.error());
                     return;
                 }
                 applyChannels(accountId, result.value());
                 for (const QString& home : homeChannels(accountId))
                     startChannel(accountId, home);
                 if (!m_openChannel.isEmpty() && accountOf(m_openChannel) == accountId)
                     startChannel(accountId, m_openChannel);
                 subscribe(accountId);
                 updateSyncStatus(accountId);
             });
}

void SyncController::applyChannels(const QString& accountId, const QList<Channel>& list) {
    AccountSync* a = account(accountId);
    if (!a)
        return;
    a->channels = list;
    // Rows of a channel that no longer exists (deleted, renamed) go with it, cached or loaded.
    QSet<QString> ids;
    for (const Channel& c : list)
        ids.insert(c.id);
    QSet<QString> goneChannels;
    for (auto it = a->cached.cbegin(); it != a->cached.cend(); ++it)
        goneChannels.insert(it.key());
    for (auto it = a->sync.cbegin(); it != a->sync.cend(); ++it)
        goneChannels.insert(it.key());
    goneChannels.subtract(ids);
    QStringList gone;
    for (const QString& channelId : std::as_const(goneChannels)) {
        const QSet<QString> cachedRows = a->cached.take(channelId);
        const QSet<QString> loadedRows = a->sync.take(channelId).seen;
        for (const QSet<QString>* rows : {&cachedRows, &loadedRows}) {
            for (const QString& id : *rows)
                gone.append(id);
        }
        a->states.remove(channelId);
    }
    if (!gone.isEmpty()) {
        m_store->removeMessages(gone);
        if (m_cache)
            m_cache->removeMessages(gone);
    }
    if (m_cache)
        m_cache->upsertChannels(accountId, list);
    emit channelsChanged(accountId, list);
}

void SyncController::openChannel(const QString& channelId) {
    m_openChannel = channelId;
    if (channelId.isEmpty())
        return;
    const QString accountId = accountOf(channelId);
    AccountSync* a = account(accountId);
    if (!a || !a->connected)
        return; // the cached rows show; the channel loads once the account connects
    startChannel(accountId, channelId);
    subscribe(accountId);
}

void SyncController::startChannel(const QString& accountId, const QString& channelId) {
    AccountSync* a = account(accountId);
    if (!a)
        return;
    ChannelSync& s = a->sync[channelId];
    if (s.started)
        return;
    s.started = true;
    s.goal = m_options.backfillLimit;
    if (m_toldExhausted) {
        // New history to page through: let the list ask again.
        m_toldExhausted = false;
        if (!m_backfillPending)
            emit backfillFinished(true);
    }
    if (canResume(accountId, channelId))
        resumeChannel(accountId, channelId);
    else
        loadPage(accountId, channelId);
}

void SyncController::loadPage(const QString& accountId, const QString& channelId) {
    AccountSync* a = account(accountId);
    if (!a || !a->provider || !a->connected)
        return;
    const auto it = a->sync.find(channelId);
    if (it == a->sync.end() || it->loading || it->exhausted || it->resuming)
        return;
    it->loading = true;
    const bool firstPage = it->cursor.isEmpty();
    // A small first page so the visible window fills at once; bigger ones after.
    const PageRequest request{it->loaded == 0 ? m_options.firstPageSize : m_options.pageSize, it->cursor};
    const quint64 generation = a->generation;
    // How many envelopes the page will bring: the limit, or what the folder has left.
    int expected = request.limit;
    for (const Channel& c : std::as_const(a->channels)) {
        if (c.id == channelId && c.totalCount >= 0)
            expected = std::min(expected, std::max(0, c.totalCount - it->loaded));
    }
    whenDone(a->provider->listMessages(channelId, request), this,
             [this, accountId, channelId, generation, firstPage](const Result<MessagePage>& result) {
                 if (!isCurrent(accountId, generation))
                     return;
                 AccountSync* acc = account(accountId);
                 const auto sync = acc->sync.find(channelId);
                 if (sync == acc->sync.end())
                     return;
                 sync->loading = false;
                 if (!result.ok() && result.error().code == QLatin1String("cursor_stale")) {
                     resetChannel(accountId, channelId); // the folder was rebuilt on the server
                     return;
                 }
                 if (!result.ok()) {
                     m_backfillWaiting.remove(waitKey(accountId, channelId));
                     fail(accountId, result.error());
                     settleBackfill();
                     return;
                 }
                 pageArrived(accountId, channelId, result.value(), firstPage);
             });
    // The thread model claims its memory for the page while the provider fetches it.
    m_store->reserve(expected);
    updateSyncStatus(accountId);
}

void SyncController::pageArrived(const QString& accountId, const QString& channelId, const MessagePage& page,
                                 bool firstPage) {
    AccountSync* a = account(accountId);
    auto s = a->sync.find(channelId);
    for (const Message& m : page.messages)
        s->seen.insert(m.id);
    s->loaded += int(page.messages.size());
    s->cursor = page.nextCursor;
    s->exhausted = page.nextCursor.isEmpty() || page.messages.isEmpty();
    // The next page is asked for before this one is threaded, so the provider fetches it
    // meanwhile (docs/PERFORMANCE.md, IMAP sync). A change announced during the first page
    // goes first, though: then the page follows the refresh below.
    if (!(firstPage && s->refreshAgain))
        continueBackfill(accountId, channelId);
    if (!page.messages.isEmpty()) {
        m_store->addMessages(page.messages);
        if (m_cache)
            m_cache->upsertMessages(page.messages);
        refreshTriage(accountId, page.messages);
    }
    // Only the first page's state is the "everything up to here" mark: a later page's
    // UIDNEXT could be past mail that arrived after the first page and is not loaded.
    ChannelState& state = a->states[channelId];
    if (firstPage)
        state.provider = page.syncState;
    state.nextCursor = s->exhausted ? QString() : s->cursor;
    saveState(accountId, channelId);
    if (s->exhausted)
        dropVanishedRows(accountId, channelId);
    if (firstPage && s->refreshAgain) {
        s->refreshAgain = false;
        requestChanges(accountId, channelId);
    }
    const bool answered = m_backfillWaiting.remove(waitKey(accountId, channelId));
    continueBackfill(accountId, channelId);
    updateSyncStatus(accountId);
    if (answered)
        settleBackfill();
}

void SyncController::dropVanishedRows(const QString& accountId, const QString& channelId) {
    // Only a complete listing proves a cached row is gone: providers page by their own
    // order (IMAP by UID), which need not match dates, so a partial one proves nothing.
    AccountSync* a = account(accountId);
    const auto cached = a->cached.find(channelId);
    const auto s = a->sync.constFind(channelId);
    if (cached == a->cached.end() || s == a->sync.cend())
        return;
    QStringList vanished;
    for (const QString& id : std::as_const(cached.value())) {
        if (!s->seen.contains(id))
            vanished.append(id);
    }
    a->cached.erase(cached);
    if (vanished.isEmpty())
        return;
    m_store->removeMessages(vanished);
    if (m_cache)
        m_cache->removeMessages(vanished);
}

void SyncController::continueBackfill(const QString& accountId, const QString& channelId) {
    AccountSync* a = account(accountId);
    const auto s = a->sync.constFind(channelId);
    if (s != a->sync.cend() && !s->exhausted && s->loaded < s->goal)
        loadPage(accountId, channelId);
}

QList<std::pair<QString, QString>> SyncController::targetChannels() const {
    QList<std::pair<QString, QString>> targets;
    if (!m_openChannel.isEmpty()) {
        targets.append({accountOf(m_openChannel), m_openChannel});
        return targets;
    }
    for (const QString& id : m_order) {
        for (const QString& home : homeChannels(id))
            targets.append({id, home});
    }
    return targets;
}

bool SyncController::isChatChannel(const AccountSync& a, const QString& channelId) {
    const auto it = std::find_if(a.channels.cbegin(), a.channels.cend(),
                                 [&channelId](const Channel& c) { return c.id == channelId; });
    return it != a.channels.cend() &&
           (it->kind == ChannelKind::ChatChannel || it->kind == ChannelKind::DirectMessage ||
            it->kind == ChannelKind::GroupMessage);
}

bool SyncController::moreHistoryAvailable() const {
    for (const auto& [accountId, channelId] : targetChannels()) {
        const AccountSync* a = account(accountId);
        // A chat channel is one row however much of it is loaded: its older history comes
        // when its transcript is scrolled up (loadOlder), never to fill the list.
        if (!a || !a->connected || isChatChannel(*a, channelId))
            continue;
        const auto s = a->sync.constFind(channelId);
        if (s != a->sync.cend() && s->started && !s->exhausted)
            return true;
    }
    return false;
}

void SyncController::requestBackfill() {
    if (m_backfillPending)
        return;
    m_backfillPending = true;
    m_inBackfillRequest = true;
    for (const auto& [accountId, channelId] : targetChannels()) {
        AccountSync* a = account(accountId);
        if (!a || !a->connected || isChatChannel(*a, channelId)) // see moreHistoryAvailable()
            continue;
        const auto s = a->sync.find(channelId);
        if (s == a->sync.end() || !s->started || s->exhausted)
            continue;
        s->goal = std::max(s->goal, s->loaded + m_options.pageSize);
        m_backfillWaiting.insert(waitKey(accountId, channelId));
        if (!s->loading)
            loadPage(accountId, channelId);
        updateSyncStatus(accountId);
    }
    m_inBackfillRequest = false;
    // Answer later, never from inside the model's fetchMore().
    if (m_backfillWaiting.isEmpty())
        QMetaObject::invokeMethod(this, &SyncController::settleBackfill, Qt::QueuedConnection);
}

void SyncController::settleBackfill() {
    if (!m_backfillPending || !m_backfillWaiting.isEmpty() || m_inBackfillRequest)
        return;
    m_backfillPending = false;
    const bool more = moreHistoryAvailable();
    m_toldExhausted = !more;
    emit backfillFinished(more);
}

// -- live updates, flags, bodies -----------------------------------------------------------

void SyncController::subscribe(const QString& accountId) {
    AccountSync* a = account(accountId);
    if (!a || !a->provider || !a->connected || !a->provider->capabilities().testFlag(Capability::Push))
        return;
    QStringList ids = homeChannels(accountId);
    if (!m_openChannel.isEmpty() && accountOf(m_openChannel) == accountId && !ids.contains(m_openChannel))
        ids.append(m_openChannel);
    if (ids.isEmpty())
        return;
    if (const Result<void> r = a->provider->subscribe(ids); !r.ok())
        qCInfo(lcCore) << "no live updates for" << accountId << r.error().describe();
}

void SyncController::onEvents(const QString& accountId, const QList<Event>& events) {
    for (const Event& e : events) {
        if (e.kind == EventKind::ChannelsChanged) {
            listChannels(accountId);
            continue;
        }
        if (e.kind == EventKind::ChannelChanged) {
            refreshChannel(accountId, e.channelId);
            continue;
        }
        if (applyTriageEvent(accountId, e))
            continue;
        m_store->applyEvent(e);
        switch (e.kind) {
        case EventKind::Created:
        case EventKind::Updated:
            for (const Message& m : e.messages)
                m_bodies.remove(m.id); // an edited chat message must not show its old text
            if (m_cache && !e.messages.isEmpty())
                m_cache->upsertMessages(e.messages);
            if (e.kind == EventKind::Created)
                refreshTriage(accountId, e.messages);
            break;
        case EventKind::Deleted: {
            QStringList ids = e.messageIds;
            for (const Message& m : e.messages)
                ids.append(m.id);
            for (const QString& id : std::as_const(ids))
                m_bodies.remove(id);
            if (m_cache && !ids.isEmpty())
                m_cache->removeMessages(ids);
            break;
        }
        case EventKind::ReadChanged:
            if (m_cache) {
                for (const Message& m : e.messages)
                    m_cache->updateFlags(m.id, m.flags);
            }
            break;
        default:
            break;
        }
    }
}

void SyncController::adjustUnread(const QString& accountId, const QHash<QString, int>& deltaByChannel) {
    AccountSync* a = account(accountId);
    if (!a)
        return;
    bool changed = false;
    for (Channel& c : a->channels) {
        const int delta = deltaByChannel.value(c.id);
        if (delta == 0 || c.unreadCount < 0)
            continue;
        c.unreadCount = std::max(0, c.unreadCount + delta);
        changed = true;
    }
    if (!changed)
        return;
    if (m_cache)
        m_cache->upsertChannels(accountId, a->channels);
    emit channelsChanged(accountId, a->channels);
}

void SyncController::markThreadRead(const QString& threadId, Record record) {
    QStringList unread;
    QList<Message> unreadMessages;
    for (const Message& m : m_store->messagesInThread(threadId)) {
        if (!m.isRead()) {
            unread.append(m.id);
            unreadMessages.append(m);
        }
    }
    if (unread.isEmpty())
        return;
    if (record == Record::NotUndoable && markConversationRead(threadId, unreadMessages))
        return;
    setFlags(unread, MessageFlag::Read, {}, record);
}

QFuture<Result<Message>> SyncController::fetchBody(const QString& messageId) {
    if (auto cached = m_bodies.get(messageId))
        return readyResult<Message>(*cached);
    Provider* p = provider(accountOf(messageId));
    if (!p)
        return readyResult<Message>(ProviderError::notFound(tr("The account of this message is not set up."),
                                                            QStringLiteral("no_account")));
    return p->fetchBody(messageId).then(this, [this, messageId](Result<Message> result) {
        if (result.ok()) {
            m_bodies.put(result.value());
            completeEnvelope(result.value());
        } else if (result.error().kind == ErrorKind::NotFound) {
            // Deleted on the server since the list was loaded: take the stale row away.
            m_store->removeMessages({messageId});
            if (m_cache)
                m_cache->removeMessages({messageId});
        }
        return result;
    });
}

void SyncController::completeEnvelope(const Message& full) {
    // A row that lost its subject or names (cached in privacy mode, a provider that lists
    // less than it fetches) takes them from the message itself once it is opened.
    const auto held = m_store->message(full.id);
    if (!held)
        return;
    Message envelope = *held;
    bool changed = false;
    if (envelope.subject.isEmpty() && !full.subject.isEmpty()) {
        envelope.subject = full.subject;
        changed = true;
    }
    if (envelope.author.displayName.isEmpty() && !full.author.displayName.isEmpty()) {
        envelope.author = full.author;
        changed = true;
    }
    if (envelope.snippet.isEmpty() && (!full.snippet.isEmpty() || !full.text.isEmpty())) {
        envelope.snippet = full.snippet.isEmpty() ? makeSnippet(full.text) : full.snippet;
        changed = true;
    }
    for (auto [mine, theirs] : {std::pair{&envelope.to, &full.to}, std::pair{&envelope.cc, &full.cc}}) {
        if (mine->size() == theirs->size() && *mine != *theirs) {
            *mine = *theirs;
            changed = true;
        }
    }
    if (!changed)
        return;
    envelope.threadId.clear();
    m_store->addMessages({envelope});
    if (m_cache)
        m_cache->upsertMessages({envelope});
}

void SyncController::reloadAll() {
    for (const QString& id : std::as_const(m_order)) {
        AccountSync* a = account(id);
        if (!a)
            continue;
        a->states.clear();
        a->cached.clear();
        a->connecting = false; // a connection on its way is superseded (its generation is old)
        connectAccount(id);
    }
}

} // namespace tributary
