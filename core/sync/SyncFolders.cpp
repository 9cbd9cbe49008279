// SyncController's folder management: create, rename and delete folders on the server, then
// list the account's channels again; mark a whole channel read.
#include "cache/ViewStateCache.h"
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "sync/SyncController.h"
#include "util/Futures.h"
#include "util/Logging.h"
#include "util/ReadyFuture.h"

#include <QPromise>

namespace tributary {

namespace {

template <typename T>
void finish(const std::shared_ptr<QPromise<Result<T>>>& promise, const Result<T>& result) {
    promise->addResult(result);
    promise->finish();
}

} // namespace

template <typename T>
QFuture<Result<T>> SyncController::folderChange(const QString& accountId, QFuture<Result<T>> onServer,
                                                const QString& what) {
    auto promise = std::make_shared<QPromise<Result<T>>>();
    promise->start();
    QFuture<Result<T>> out = promise->future();
    whenDone(onServer, this, [this, accountId, promise, what](const Result<T>& r) {
        if (!r.ok()) {
            qCWarning(lcCore) << what << "failed for" << accountId << r.error().describe();
            emit actionFailed(tr("%1 did not work: %2").arg(what, r.error().message));
            finish(promise, r);
            return;
        }
        // The folders as the server has them now; rows of folders that went leave the store.
        listChannels(accountId, [promise, r] { finish(promise, r); });
    });
    return out;
}

QFuture<Result<Channel>> SyncController::createFolder(const QString& accountId,
                                                      const QString& parentChannelId, const QString& name) {
    Provider* p = provider(accountId);
    if (!p || !p->capabilities().testFlag(Capability::ManageFolders))
        return readyResult<Channel>(ProviderError::unsupported(tr("creating folders")));
    return folderChange(accountId, p->createFolder(parentChannelId, name), tr("Creating the folder"));
}

QFuture<Result<Channel>> SyncController::renameFolder(const QString& channelId, const QString& newName) {
    const QString accountId = accountOf(channelId);
    Provider* p = provider(accountId);
    if (!p || !p->capabilities().testFlag(Capability::ManageFolders))
        return readyResult<Channel>(ProviderError::unsupported(tr("renaming folders")));
    return folderChange(accountId, p->renameFolder(channelId, newName), tr("Renaming the folder"));
}

QFuture<Result<void>> SyncController::deleteFolder(const QString& channelId) {
    const QString accountId = accountOf(channelId);
    Provider* p = provider(accountId);
    if (!p || !p->capabilities().testFlag(Capability::ManageFolders))
        return readyResult<void>(ProviderError::unsupported(tr("deleting folders")));
    return folderChange(accountId, p->deleteFolder(channelId), tr("Deleting the folder"));
}

QStringList SyncController::loadedMessageIds(const QString& channelId) const {
    const AccountSync* a = account(accountOf(channelId));
    if (!a)
        return {};
    QSet<QString> ids = a->cached.value(channelId);
    if (const auto s = a->sync.constFind(channelId); s != a->sync.cend())
        ids.unite(s->seen);
    QStringList out;
    out.reserve(ids.size());
    for (const QString& id : std::as_const(ids)) {
        if (const auto m = m_store->message(id); m && m->channelId == channelId)
            out.append(id);
    }
    return out;
}

void SyncController::markChannelRead(const QString& channelId) {
    const QString accountId = accountOf(channelId);
    Provider* p = provider(accountId);
    if (!p)
        return;
    QStringList unread;
    for (const QString& id : loadedMessageIds(channelId)) {
        if (const auto m = m_store->message(id); m && !m->isRead())
            unread.append(id);
    }
    // What shows is read at once and can be taken back; a provider with one read position
    // per conversation (chat) reads it all that way.
    setFlags(unread, MessageFlag::Read, {}, Record::Undoable, tr("Mark All as Read"));
    if (!p->capabilities().testFlag(Capability::MarkChannelRead))
        return;
    const quint64 generation = account(accountId)->generation;
    whenDone(
        p->markChannelRead(channelId), this, [this, accountId, channelId, generation](const Result<void>& r) {
            if (!isCurrent(accountId, generation))
                return;
            if (!r.ok()) {
                qCWarning(lcCore) << "marking a channel read failed for" << accountId << r.error().describe();
                emit actionFailed(
                    tr("The server did not mark the older messages read: %1").arg(r.error().message));
                return;
            }
            // Mail that is not loaded was read too: the server's count is zero now.
            AccountSync* a = account(accountId);
            for (Channel& c : a->channels) {
                if (c.id == channelId && c.unreadCount != 0) {
                    c.unreadCount = 0;
                    if (m_cache)
                        m_cache->upsertChannels(accountId, a->channels);
                    emit channelsChanged(accountId, a->channels);
                    break;
                }
            }
        });
}

} // namespace tributary
