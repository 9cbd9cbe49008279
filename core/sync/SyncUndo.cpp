// SyncController's undo: the latest user actions (flags, archive, delete, move), each taken
// back at once in the store and cache, then on the server. Moved mail has new ids in its new
// folder, so it is found there by Message-ID (Provider::findMessages) and moved back.
#include "inbox/InboxStore.h"
#include "model/Ids.h"
#include "sync/SyncController.h"
#include "util/Futures.h"
#include "util/Logging.h"

#include <QSet>
#include <algorithm>

namespace tributary {

SyncController::UndoStepPtr SyncController::recordStep(UndoStep step) {
    step.action = m_actionSerial;
    auto ptr = std::make_shared<UndoStep>(std::move(step));
    m_undo.push_back(ptr);
    // Keep the newest kUndoDepth actions (an action may have a step per account).
    QSet<quint64> actions;
    for (auto it = m_undo.rbegin(); it != m_undo.rend(); ++it) {
        actions.insert((*it)->action);
        if (actions.size() > kUndoDepth) {
            m_undo.erase(m_undo.begin(), it.base());
            break;
        }
    }
    emit undoChanged(undoText());
    return ptr;
}

void SyncController::dropStep(const UndoStepPtr& step) {
    const auto it = std::find(m_undo.begin(), m_undo.end(), step);
    if (it == m_undo.end())
        return;
    m_undo.erase(it);
    emit undoChanged(undoText());
}

bool SyncController::canUndo() const {
    return !m_undo.empty();
}

QString SyncController::undoText() const {
    return m_undo.empty() ? QString() : m_undo.back()->what;
}

bool SyncController::undo() {
    if (m_undo.empty())
        return false;
    const quint64 action = m_undo.back()->action;
    std::vector<UndoStepPtr> steps;
    while (!m_undo.empty() && m_undo.back()->action == action) {
        steps.push_back(m_undo.back());
        m_undo.pop_back();
    }
    for (const UndoStepPtr& step : steps) {
        step->undone = true;
        if (!account(step->accountId))
            continue;
        if (step->kind == UndoStep::Kind::Flags)
            undoFlags(step);
        else
            undoRelocate(step);
    }
    emit undoChanged(undoText());
    return true;
}

void SyncController::undoFlags(const UndoStepPtr& step) {
    // Only what still shows the action's flags: a later change wins over the undo.
    QHash<QPair<int, int>, QStringList> byChange; // (add, remove) -> ids
    for (qsizetype i = 0; i < step->after.size(); ++i) {
        const Message& then = step->after[i];
        std::optional<Message> now = m_store->message(then.id);
        if (!now && !then.messageIdHeader.isEmpty()) {
            // Moved meanwhile (and back, by an undo): the same message under its new id.
            for (const Message& m : m_store->messagesInThread(then.threadId)) {
                if (m.accountId == then.accountId && m.messageIdHeader == then.messageIdHeader)
                    now = m;
            }
        }
        if (!now || now->flags != then.flags)
            continue;
        const MessageFlags was = step->before[i].flags;
        const MessageFlags add = was & ~now->flags;
        const MessageFlags remove = now->flags & ~was;
        byChange[{add.toInt(), remove.toInt()}].append(now->id);
    }
    for (auto it = byChange.cbegin(); it != byChange.cend(); ++it)
        setFlags(it.value(), MessageFlags::fromInt(it.key().first), MessageFlags::fromInt(it.key().second),
                 Record::NotUndoable);
}

void SyncController::undoRelocate(const UndoStepPtr& step) {
    putBack(step->accountId, step->before); // where they were, at once
    if (step->server == UndoStep::Server::Done)
        moveBackOnServer(step);
    // Pending: relocate() moves them back when the server has answered; Failed: they
    // never left.
}

void SyncController::moveBackOnServer(const UndoStepPtr& step) {
    Provider* p = provider(step->accountId);
    if (!p)
        return;
    QStringList headers;
    for (const Message& m : std::as_const(step->before))
        headers.append(m.messageIdHeader);
    const QString accountId = step->accountId;
    const quint64 generation = account(accountId)->generation;
    auto fail = [this, step](const QString& why) {
        // The originals are gone from where they were: show what the server has instead.
        takeOut(step->accountId, step->before);
        refreshChannel(step->accountId, step->target);
        qCWarning(lcCore) << "undo failed for" << step->accountId << why;
        emit actionFailed(tr("%1 could not be undone: %2").arg(step->what, why));
    };
    whenDone(p->findMessages(step->target, headers), this,
             [this, step, accountId, generation, fail](const Result<QStringList>& found) {
                 if (!isCurrent(accountId, generation))
                     return;
                 if (!found) {
                     fail(found.error().message);
                     return;
                 }
                 // Back to each message's own folder.
                 QHash<QString, QStringList> byFolder;
                 int missing = 0;
                 for (qsizetype i = 0; i < step->before.size(); ++i) {
                     const QString id = found.value().value(i);
                     if (id.isEmpty())
                         ++missing;
                     else
                         byFolder[step->before[i].channelId].append(id);
                 }
                 if (byFolder.isEmpty()) {
                     fail(tr("the messages were not found in their new folder"));
                     return;
                 }
                 if (missing > 0)
                     qCWarning(lcCore) << missing << "moved messages were not found again";
                 Provider* prov = provider(accountId);
                 for (auto it = byFolder.cbegin(); it != byFolder.cend(); ++it) {
                     const QString folder = it.key();
                     whenDone(prov->move(it.value(), folder), this,
                              [this, step, accountId, generation, folder, fail](const Result<void>& r) {
                                  if (!isCurrent(accountId, generation))
                                      return;
                                  if (!r) {
                                      fail(r.error().message);
                                      return;
                                  }
                                  // The originals came back with new ids: the refresh swaps them in.
                                  refreshChannel(accountId, folder);
                                  refreshChannel(accountId, step->target);
                              });
                 }
             });
}

} // namespace tributary
