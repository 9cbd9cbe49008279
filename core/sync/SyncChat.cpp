// Chat conversations: a channel, DM or group chat is one conversation (issue 13 §4). Opening
// one reads the whole channel at the provider; its transcript pages older history on demand.

#include "cache/ViewStateCache.h"
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "sync/SyncController.h"
#include "util/Futures.h"
#include "util/Logging.h"

namespace tributary {

void SyncController::loadOlder(const QString& channelId) {
    const QString accountId = accountOf(channelId);
    AccountSync* a = account(accountId);
    if (!a || !a->connected)
        return;
    const auto s = a->sync.find(channelId);
    if (s == a->sync.end() || !s->started) {
        startChannel(accountId, channelId);
        return;
    }
    if (s->exhausted)
        return;
    s->goal = std::max(s->goal, s->loaded + m_options.pageSize);
    if (!s->loading)
        loadPage(accountId, channelId);
    updateSyncStatus(accountId);
}

bool SyncController::hasOlder(const QString& channelId) const {
    const AccountSync* a = account(accountOf(channelId));
    if (!a)
        return false;
    const auto s = a->sync.constFind(channelId);
    return s == a->sync.cend() || !s->exhausted;
}

bool SyncController::markConversationRead(const QString& threadId, const QList<Message>& unread) {
    const std::optional<Thread> thread = m_store->thread(threadId);
    if (!thread || thread->kind != ConversationKind::Chat || thread->channelIds.size() != 1)
        return false;
    const QString channelId = thread->channelIds.first();
    const QString accountId = accountOf(channelId);
    Provider* p = provider(accountId);
    if (!p || !p->capabilities().testFlag(Capability::MarkChannelRead))
        return false;
    QList<Message> read;
    for (Message m : unread) {
        m.flags |= MessageFlag::Read;
        read.append(m);
    }
    showFlags(accountId, read, unread);
    const quint64 generation = account(accountId)->generation;
    whenDone(p->markChannelRead(channelId), this,
             [this, accountId, channelId, generation, read, unread](const Result<void>& r) {
                 if (!isCurrent(accountId, generation))
                     return;
                 if (r.ok()) {
                     // The provider's count is zero now, also for what is not loaded.
                     AccountSync* a = account(accountId);
                     for (Channel& c : a->channels) {
                         if (c.id == channelId && c.unreadCount > 0) {
                             c.unreadCount = 0;
                             if (m_cache)
                                 m_cache->upsertChannels(accountId, a->channels);
                             emit channelsChanged(accountId, a->channels);
                             break;
                         }
                     }
                     return;
                 }
                 // Unread again what still shows as we left it: the user may have acted since.
                 QList<Message> current;
                 QList<Message> restored;
                 for (qsizetype i = 0; i < read.size(); ++i) {
                     const auto now = m_store->message(read[i].id);
                     if (!now || now->flags != read[i].flags)
                         continue;
                     current.append(*now);
                     Message back = *now;
                     back.flags = unread[i].flags;
                     restored.append(back);
                 }
                 showFlags(accountId, restored, current);
                 qCWarning(lcCore) << "marking a conversation read failed for" << accountId
                                   << r.error().describe();
                 emit actionFailed(
                     tr("The server did not mark the conversation read: %1").arg(r.error().message));
             });
    return true;
}

} // namespace tributary
