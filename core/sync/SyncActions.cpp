// SyncController's user actions: flags, move, archive, delete, edit. Each shows at once in the
// store and cache, then runs on the server; a refusal puts things back and says why.
#include "cache/ViewStateCache.h"
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "sync/SyncController.h"
#include "util/Futures.h"
#include "util/Logging.h"

#include <algorithm>

namespace tributary {

namespace {

QStringList idsOf(const QList<Message>& messages) {
    QStringList ids;
    ids.reserve(messages.size());
    for (const Message& m : messages)
        ids.append(m.id);
    return ids;
}

} // namespace

QHash<QString, QList<Message>> SyncController::byAccount(const QStringList& messageIds) const {
    QHash<QString, QList<Message>> grouped;
    for (const QString& id : messageIds) {
        if (const auto m = m_store->message(id))
            grouped[m->accountId].append(*m);
    }
    return grouped;
}

QString SyncController::roleChannel(const QString& accountId, ChannelRole role) const {
    const AccountSync* a = account(accountId);
    if (!a)
        return {};
    for (const Channel& c : a->channels) {
        if (c.role == role)
            return c.id;
    }
    return {};
}

void SyncController::showFlags(const QString& accountId, const QList<Message>& updated,
                               const QList<Message>& previous) {
    if (updated.isEmpty())
        return;
    QHash<QString, int> unreadDelta;
    for (qsizetype i = 0; i < updated.size(); ++i) {
        if (updated[i].isRead() != previous[i].isRead())
            unreadDelta[updated[i].channelId] += updated[i].isRead() ? -1 : 1;
        if (m_cache)
            m_cache->updateFlags(updated[i].id, updated[i].flags);
    }
    Event e;
    e.kind = EventKind::ReadChanged;
    e.accountId = accountId;
    e.messageIds = idsOf(updated);
    e.messages = updated;
    m_store->applyEvent(e);
    adjustUnread(accountId, unreadDelta);
}

void SyncController::setFlags(const QStringList& messageIds, MessageFlags add, MessageFlags remove,
                              Record record, const QString& what) {
    const auto grouped = byAccount(messageIds);
    if (record == Record::Undoable)
        beginAction();
    for (auto it = grouped.cbegin(); it != grouped.cend(); ++it) {
        const QString accountId = it.key();
        QList<Message> before;
        QList<Message> after;
        for (const Message& m : it.value()) {
            Message changed = m;
            changed.flags = (m.flags | add) & ~remove;
            if (changed.flags == m.flags)
                continue;
            before.append(m);
            after.append(changed);
        }
        if (after.isEmpty())
            continue;
        showFlags(accountId, after, before);
        UndoStepPtr step;
        if (record == Record::Undoable) {
            UndoStep s;
            s.kind = UndoStep::Kind::Flags;
            s.accountId = accountId;
            s.before = before;
            s.after = after;
            const MessageFlags changed = add | remove;
            if (!what.isEmpty())
                s.what = what;
            else if (changed.testFlag(MessageFlag::Flagged))
                s.what = add.testFlag(MessageFlag::Flagged) ? tr("Flag") : tr("Unflag");
            else if (changed.testFlag(MessageFlag::Read))
                s.what = add.testFlag(MessageFlag::Read) ? tr("Mark as Read") : tr("Mark as Unread");
            else
                s.what = tr("Change");
            step = recordStep(std::move(s));
        }
        Provider* p = provider(accountId);
        if (!p || !p->capabilities().testFlag(Capability::Flags)) {
            if (step)
                step->server = UndoStep::Server::Done;
            continue; // such accounts keep read state locally
        }
        whenDone(p->setFlags(idsOf(before), add, remove), this,
                 [this, accountId, before, after, step](const Result<void>& r) {
                     if (step)
                         step->server = r.ok() ? UndoStep::Server::Done : UndoStep::Server::Failed;
                     if (r.ok())
                         return;
                     if (step)
                         dropStep(step);
                     // Undo only what still shows our change: the user may have acted again.
                     QList<Message> undo;
                     QList<Message> current;
                     for (qsizetype i = 0; i < after.size(); ++i) {
                         const auto now = m_store->message(after[i].id);
                         if (!now || now->flags != after[i].flags)
                             continue;
                         current.append(*now);
                         Message restored = *now;
                         restored.flags = before[i].flags;
                         undo.append(restored);
                     }
                     showFlags(accountId, undo, current);
                     qCWarning(lcCore) << "changing flags failed for" << accountId << r.error().describe();
                     emit actionFailed(tr("The server did not accept the change to %n message(s): %1",
                                          nullptr, int(after.size()))
                                           .arg(r.error().message));
                 });
    }
}

void SyncController::takeOut(const QString& accountId, const QList<Message>& messages) {
    AccountSync* a = account(accountId);
    QHash<QString, int> unreadDelta;
    for (const Message& m : messages) {
        if (!m.isRead())
            unreadDelta[m.channelId] -= 1;
        if (a) {
            if (const auto s = a->sync.find(m.channelId); s != a->sync.end())
                s->seen.remove(m.id);
            if (const auto c = a->cached.find(m.channelId); c != a->cached.end())
                c->remove(m.id);
        }
    }
    const QStringList ids = idsOf(messages);
    m_store->removeMessages(ids);
    if (m_cache)
        m_cache->removeMessages(ids);
    adjustUnread(accountId, unreadDelta);
}

void SyncController::putBack(const QString& accountId, const QList<Message>& messages) {
    AccountSync* a = account(accountId);
    QHash<QString, int> unreadDelta;
    for (const Message& m : messages) {
        if (!m.isRead())
            unreadDelta[m.channelId] += 1;
        if (a) {
            if (const auto s = a->sync.find(m.channelId); s != a->sync.end())
                s->seen.insert(m.id);
        }
    }
    m_store->addMessages(messages);
    if (m_cache)
        m_cache->upsertMessages(messages);
    adjustUnread(accountId, unreadDelta);
}

void SyncController::relocate(const QString& accountId, const QList<Message>& messages,
                              const QString& targetChannelId, const Relocate& onServer, const QString& what,
                              const QString& undoWhat) {
    Provider* p = provider(accountId);
    if (!p) {
        emit actionFailed(tr("The account of these messages is not set up."));
        return;
    }
    takeOut(accountId, messages);
    // Undoable where the messages land in a folder they can be found in again.
    UndoStepPtr step;
    if (!targetChannelId.isEmpty() && p->capabilities().testFlag(Capability::Move)) {
        UndoStep s;
        s.kind = UndoStep::Kind::Relocate;
        s.accountId = accountId;
        s.what = undoWhat;
        s.before = messages;
        s.target = targetChannelId;
        step = recordStep(std::move(s));
    }
    const quint64 generation = account(accountId)->generation;
    whenDone(onServer(p, idsOf(messages)), this,
             [this, accountId, messages, targetChannelId, what, generation, step](const Result<void>& r) {
                 if (!account(accountId))
                     return; // the account was removed meanwhile
                 if (step)
                     step->server = r.ok() ? UndoStep::Server::Done : UndoStep::Server::Failed;
                 if (r.ok()) {
                     if (step && step->undone) {
                         moveBackOnServer(step); // undone while the move was on its way
                         return;
                     }
                     // The copies have new ids there: a loaded target shows them after a refresh.
                     if (!targetChannelId.isEmpty() && isCurrent(accountId, generation))
                         refreshChannel(accountId, targetChannelId);
                     return;
                 }
                 if (step) {
                     const bool undoneAlready = step->undone;
                     dropStep(step);
                     if (undoneAlready)
                         return; // the user took it back meanwhile: it is where it was
                 }
                 putBack(accountId, messages);
                 qCWarning(lcCore) << what << "failed for" << accountId << r.error().describe();
                 emit actionFailed(tr("%1 did not work, so the messages are back where they were: %2")
                                       .arg(what, r.error().message));
             });
}

void SyncController::moveMessages(const QStringList& messageIds, const QString& targetChannelId) {
    beginAction();
    const auto grouped = byAccount(messageIds);
    for (auto it = grouped.cbegin(); it != grouped.cend(); ++it) {
        if (accountOf(targetChannelId) != it.key()) {
            emit actionFailed(tr("Messages can only be moved to a folder of their own account."));
            continue;
        }
        QList<Message> moving;
        for (const Message& m : it.value()) {
            if (m.channelId != targetChannelId)
                moving.append(m);
        }
        if (moving.isEmpty())
            continue;
        const bool archiving = targetChannelId == roleChannel(it.key(), ChannelRole::Archive);
        relocate(
            it.key(), moving, targetChannelId,
            [targetChannelId](Provider* p, const QStringList& ids) { return p->move(ids, targetChannelId); },
            tr("Moving %n message(s)", nullptr, int(moving.size())), archiving ? tr("Archive") : tr("Move"));
    }
}

void SyncController::archiveMessages(const QStringList& messageIds) {
    const auto grouped = byAccount(messageIds);
    QStringList archivable;
    for (auto it = grouped.cbegin(); it != grouped.cend(); ++it) {
        const QString archive = roleChannel(it.key(), ChannelRole::Archive);
        if (archive.isEmpty()) {
            const Provider* p = provider(it.key());
            emit actionFailed(tr("%1 has no Archive folder.").arg(p ? p->account().displayName : it.key()));
            continue;
        }
        archivable += idsOf(it.value());
    }
    beginAction();
    const auto archiving = byAccount(archivable);
    for (auto it = archiving.cbegin(); it != archiving.cend(); ++it) {
        const QString archive = roleChannel(it.key(), ChannelRole::Archive);
        QList<Message> moving;
        for (const Message& m : it.value()) {
            if (m.channelId != archive)
                moving.append(m);
        }
        if (moving.isEmpty())
            continue;
        relocate(
            it.key(), moving, archive,
            [archive](Provider* p, const QStringList& ids) { return p->move(ids, archive); },
            tr("Archiving %n message(s)", nullptr, int(moving.size())), tr("Archive"));
    }
}

void SyncController::deleteMessages(const QStringList& messageIds) {
    beginAction();
    const auto grouped = byAccount(messageIds);
    for (auto it = grouped.cbegin(); it != grouped.cend(); ++it) {
        const QString trash = roleChannel(it.key(), ChannelRole::Trash);
        // What is in the Trash already goes for good: that cannot be undone.
        const bool forGood = std::any_of(it.value().cbegin(), it.value().cend(),
                                         [&trash](const Message& m) { return m.channelId == trash; });
        relocate(
            it.key(), it.value(), forGood ? QString() : trash,
            [](Provider* p, const QStringList& ids) { return p->remove(ids); },
            tr("Deleting %n message(s)", nullptr, int(it.value().size())), tr("Delete"));
    }
}

bool SyncController::canEdit(const QString& messageId) const {
    const auto m = m_store->message(messageId);
    if (!m || !m->flags.testFlag(MessageFlag::FromMe))
        return false;
    const Provider* p = provider(m->accountId);
    return p && p->capabilities().testFlag(Capability::EditOwnMessages);
}

void SyncController::showEdit(const Message& envelope, const std::optional<Message>& body) {
    Event e;
    e.kind = EventKind::Updated;
    e.accountId = envelope.accountId;
    e.messageIds = {envelope.id};
    e.messages = {envelope};
    m_store->applyEvent(e);
    if (m_cache)
        m_cache->upsertMessages({envelope});
    if (body)
        m_bodies.put(*body);
    else
        m_bodies.remove(envelope.id);
}

void SyncController::editMessage(const QString& messageId, const QString& text) {
    const auto before = m_store->message(messageId);
    if (!before || !canEdit(messageId)) {
        emit editFailed(messageId, text,
                        tr("Only your own messages can be edited, on accounts that allow it."));
        return;
    }
    const std::optional<Message> oldBody = m_bodies.get(messageId);
    Message edited = *before;
    edited.snippet = makeSnippet(text);
    Message editedBody = oldBody ? *oldBody : edited;
    editedBody.text = text;
    editedBody.html.clear();
    editedBody.snippet = edited.snippet;
    editedBody.bodyLoaded = true;
    showEdit(edited, editedBody);

    const QString accountId = before->accountId;
    const Message original = *before;
    whenDone(provider(accountId)->editMessage(messageId, text), this,
             [this, accountId, original, oldBody, edited, text](const Result<void>& r) {
                 if (r.ok() || !account(accountId))
                     return;
                 // Undo only if the message still shows this edit (a newer one may have come).
                 const auto now = m_store->message(original.id);
                 if (now && now->snippet == edited.snippet)
                     showEdit(original, oldBody);
                 qCWarning(lcCore) << "editing a message failed for" << accountId << r.error().describe();
                 emit editFailed(original.id, text, tr("The edit was not saved: %1").arg(r.error().message));
             });
}

} // namespace tributary
