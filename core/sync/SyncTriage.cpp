// SyncController's team triage (issue 13 §3): the triage state of conversations from the
// providers, the cache and events into the TriageBook; the user's assign and status changes
// shown at once and put back when the provider refuses them (as flags are, SyncActions.cpp);
// internal notes passed through, never cached.
#include "cache/ViewStateCache.h"
#include "inbox/InboxStore.h"
#include "inbox/TriageBook.h"
#include "model/Ids.h"
#include "sync/SyncController.h"
#include "util/Futures.h"
#include "util/Logging.h"
#include "util/ReadyFuture.h"

#include <QPromise>

namespace tributary {

namespace {

const Capabilities kTriageCapabilities =
    Capability::Assign | Capability::TriageStatus | Capability::Snooze | Capability::InternalNotes;

// The cache keeps an assignee as one string: "team:" for teams, the provider's id, and after
// a line break the name (left out in privacy mode, which keeps names off the disk).
const QString kTeamPrefix = QStringLiteral("team:");

QString encodeAssignee(const Assignee& a, bool withName) {
    if (a.isEmpty())
        return {};
    QString out = (a.kind == Assignee::Kind::Team ? kTeamPrefix : QString()) + a.id;
    if (withName && !a.name.isEmpty())
        out += QLatin1Char('\n') + a.name;
    return out;
}

Assignee decodeAssignee(const QString& stored) {
    Assignee a;
    if (stored.isEmpty())
        return a;
    QString id = stored.section(QLatin1Char('\n'), 0, 0);
    a.name = stored.section(QLatin1Char('\n'), 1);
    if (id.startsWith(kTeamPrefix)) {
        a.kind = Assignee::Kind::Team;
        id.remove(0, kTeamPrefix.size());
    }
    a.id = id;
    return a;
}

TriageState toCache(const ConversationTriage& t, bool withNames) {
    return TriageState{t.conversationId, encodeAssignee(t.assignee, withNames), triageStatusKey(t.status),
                       t.snoozeUntil};
}

} // namespace

void SyncController::loadWarmTriage() {
    if (!m_cache)
        return;
    m_cache->loadTriage().then(this, [this](const QList<TriageState>& rows) {
        for (const TriageState& row : rows) {
            if (!account(accountOf(row.threadId)) || m_triage->get(row.threadId))
                continue; // an account no longer set up, or the provider answered first
            m_triage->set(ConversationTriage{row.threadId, decodeAssignee(row.assignee),
                                             triageStatusFromKey(row.status), row.snoozeUntil});
        }
    });
}

void SyncController::showTriage(const ConversationTriage& triage) {
    m_triage->set(triage);
    if (m_cache)
        m_cache->setTriage(toCache(triage, !m_cache->privacyMode()));
}

void SyncController::refreshTriage(const QString& accountId, const QList<Message>& messages) {
    Provider* p = provider(accountId);
    if (!p || !(p->capabilities() & (Capability::Assign | Capability::TriageStatus)))
        return;
    QStringList ids;
    for (const Message& m : messages) {
        const QString id = conversationIdOf(m);
        if (!id.isEmpty() && !ids.contains(id))
            ids.append(id);
    }
    if (ids.isEmpty())
        return;
    const quint64 generation = account(accountId)->generation;
    whenDone(
        p->fetchTriage(ids), this, [this, accountId, generation](const Result<QList<ConversationTriage>>& r) {
            if (!isCurrent(accountId, generation))
                return;
            if (!r.ok()) {
                qCInfo(lcCore) << "triage state of" << accountId << "not loaded:" << r.error().describe();
                return;
            }
            for (const ConversationTriage& t : r.value())
                showTriage(t);
        });
    // Who the user is at the account, for "Assigned to me": asked once per session.
    if (p->capabilities().testFlag(Capability::Assign) && !m_triageSelfAsked.contains(accountId)) {
        m_triageSelfAsked.insert(accountId);
        whenDone(p->listAssignees(), this, [this, accountId](const Result<QList<Assignee>>& r) {
            if (!account(accountId))
                return;
            if (!r.ok()) {
                m_triageSelfAsked.remove(accountId); // asked again with the next page
                return;
            }
            for (const Assignee& a : r.value()) {
                if (a.isSelf && a.kind == Assignee::Kind::Person)
                    m_triage->setSelf(accountId, a.id);
            }
        });
    }
}

bool SyncController::applyTriageEvent(const QString& accountId, const Event& event) {
    if (event.kind != EventKind::AssignmentChanged && event.kind != EventKind::StatusChanged &&
        event.kind != EventKind::NoteAdded)
        return false;
    if (event.threadId.isEmpty() || accountOf(event.threadId) != accountId)
        return true; // not a conversation of this account: nothing to apply
    if (event.kind == EventKind::NoteAdded) {
        emit noteAdded(noteOf(event)); // shown by an open conversation, never stored
        return true;
    }
    const ConversationTriage said = triageOf(event);
    ConversationTriage now =
        m_triage->get(event.threadId).value_or(ConversationTriage{event.threadId, {}, {}, {}});
    if (event.kind == EventKind::AssignmentChanged) {
        now.assignee = said.assignee;
    } else {
        now.status = said.status;
        now.snoozeUntil = said.snoozeUntil;
    }
    showTriage(now);
    return true;
}

QString SyncController::triageConversation(const QString& threadId) const {
    const QList<Message> messages = m_store->messagesInThread(threadId);
    for (auto m = messages.crbegin(); m != messages.crend(); ++m) {
        const Provider* p = provider(m->accountId);
        if (p && (p->capabilities() & kTriageCapabilities)) {
            if (QString id = conversationIdOf(*m); !id.isEmpty())
                return id;
        }
    }
    return {};
}

Capabilities SyncController::triageCapabilities(const QString& threadId) const {
    const QString conversation = triageConversation(threadId);
    const Provider* p = conversation.isEmpty() ? nullptr : provider(accountOf(conversation));
    return p ? p->capabilities() & kTriageCapabilities : Capabilities();
}

bool SyncController::anyTriage() const {
    for (const auto& entry : m_accounts) {
        const Provider* p = entry.second->provider.data();
        if (p && (p->capabilities() & kTriageCapabilities))
            return true;
    }
    return false;
}

QFuture<Result<QList<Assignee>>> SyncController::assignees(const QString& threadId) {
    const QString conversation = triageConversation(threadId);
    Provider* p = conversation.isEmpty() ? nullptr : provider(accountOf(conversation));
    if (!p)
        return readyResult<QList<Assignee>>(ProviderError::unsupported(tr("assigning conversations")));
    return p->listAssignees();
}

void SyncController::changeTriage(const QString& threadId, Capability needed, const TriageEdit& edit,
                                  const TriageOnServer& onServer, const QString& what) {
    const QString conversation = triageConversation(threadId);
    const QString accountId = accountOf(conversation);
    Provider* p = conversation.isEmpty() ? nullptr : provider(accountId);
    if (!p || !p->capabilities().testFlag(needed)) {
        emit actionFailed(tr("%1: this conversation's account does not support it.").arg(what));
        return;
    }
    const ConversationTriage before =
        m_triage->get(conversation).value_or(ConversationTriage{conversation, {}, {}, {}});
    ConversationTriage after = before;
    edit(after);
    if (after == before)
        return;
    showTriage(after);
    whenDone(onServer(p, after), this, [this, before, after, what](const Result<void>& r) {
        if (r.ok())
            return;
        // Put back only what still shows our change: an event or another action may have
        // changed it meanwhile, and that is newer than what we know.
        if (m_triage->get(after.conversationId) == after)
            showTriage(before);
        qCWarning(lcCore) << "triage change refused for" << accountOf(after.conversationId)
                          << r.error().describe();
        emit actionFailed(tr("%1 did not go through: %2").arg(what, r.error().message));
    });
}

void SyncController::assign(const QString& threadId, const Assignee& assignee) {
    const QString what = assignee.isEmpty() ? tr("Unassigning the conversation")
                                            : tr("Assigning the conversation to %1").arg(assignee.label());
    changeTriage(
        threadId, Capability::Assign, [&assignee](ConversationTriage& t) { t.assignee = assignee; },
        [](Provider* p, const ConversationTriage& t) { return p->assign(t.conversationId, t.assignee); },
        what);
}

void SyncController::setTriageStatus(const QString& threadId, TriageStatus status,
                                     const QDateTime& snoozeUntil) {
    const bool snooze = status == TriageStatus::Waiting && snoozeUntil.isValid();
    QString what;
    switch (status) {
    case TriageStatus::Open:
        what = tr("Reopening the conversation");
        break;
    case TriageStatus::Waiting:
        what = snooze ? tr("Snoozing the conversation") : tr("Marking the conversation as waiting");
        break;
    case TriageStatus::Closed:
        what = tr("Closing the conversation");
        break;
    case TriageStatus::None:
        emit actionFailed(tr("A conversation needs a status: open, waiting or closed."));
        return;
    }
    changeTriage(
        threadId, snooze ? Capability::Snooze : Capability::TriageStatus,
        [status, snoozeUntil, snooze](ConversationTriage& t) {
            t.status = status;
            t.snoozeUntil = snooze ? snoozeUntil.toUTC() : QDateTime();
        },
        [](Provider* p, const ConversationTriage& t) {
            return p->setTriageStatus(t.conversationId, t.status, t.snoozeUntil);
        },
        what);
}

QFuture<Result<QList<InternalNote>>> SyncController::notes(const QString& threadId) {
    const QString conversation = triageConversation(threadId);
    Provider* p = conversation.isEmpty() ? nullptr : provider(accountOf(conversation));
    if (!p)
        return readyResult<QList<InternalNote>>(ProviderError::unsupported(tr("internal notes")));
    return p->listNotes(conversation);
}

QFuture<Result<InternalNote>> SyncController::addNote(const QString& threadId, const QString& text) {
    const QString conversation = triageConversation(threadId);
    Provider* p = conversation.isEmpty() ? nullptr : provider(accountOf(conversation));
    if (!p)
        return readyResult<InternalNote>(ProviderError::unsupported(tr("internal notes")));
    if (text.trimmed().isEmpty())
        return readyResult<InternalNote>(ProviderError::invalid(tr("A note needs some text.")));
    auto promise = std::make_shared<QPromise<Result<InternalNote>>>();
    promise->start();
    whenResult(p->addNote(conversation, text), this, [this, promise](const Result<InternalNote>& r) {
        if (r.ok())
            emit noteAdded(r.value());
        promise->addResult(r);
        promise->finish();
    });
    return promise->future();
}

} // namespace tributary
