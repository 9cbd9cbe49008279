#include "inbox/TriageBook.h"

#include "inbox/InboxStore.h"
#include "model/Ids.h"

namespace tributary {

TriageBook::TriageBook(QObject* parent)
    : QObject(parent) {}

void TriageBook::set(const ConversationTriage& triage) {
    if (triage.conversationId.isEmpty())
        return;
    const auto it = m_entries.constFind(triage.conversationId);
    if (it != m_entries.cend() && *it == triage)
        return;
    m_entries.insert(triage.conversationId, triage);
    emit changed({triage.conversationId});
}

std::optional<ConversationTriage> TriageBook::get(const QString& conversationId) const {
    const auto it = m_entries.constFind(conversationId);
    if (it == m_entries.cend())
        return std::nullopt;
    return *it;
}

std::optional<ConversationTriage> TriageBook::ofThread(const InboxStore& store, const Thread& thread) const {
    if (m_entries.isEmpty())
        return std::nullopt;
    // A triage conversation is one native thread, so each account's newest message names it.
    QStringList accountsSeen;
    for (auto id = thread.messageIds.crbegin(); id != thread.messageIds.crend(); ++id) {
        const QString account = accountOf(*id);
        if (accountsSeen.contains(account))
            continue;
        accountsSeen.append(account);
        if (const auto m = store.message(*id)) {
            if (const auto t = get(conversationIdOf(*m)))
                return t;
        }
        if (accountsSeen.size() >= thread.accountIds.size())
            break;
    }
    return std::nullopt;
}

bool TriageBook::isSelf(const QString& conversationId, const Assignee& assignee) const {
    if (assignee.isEmpty())
        return false;
    if (assignee.isSelf)
        return true;
    const QString me = m_self.value(accountOf(conversationId));
    return !me.isEmpty() && assignee.kind == Assignee::Kind::Person && assignee.id == me;
}

void TriageBook::setSelf(const QString& accountId, const QString& assigneeId) {
    if (m_self.value(accountId) == assigneeId)
        return;
    m_self.insert(accountId, assigneeId);
    QStringList affected;
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        if (accountOf(it.key()) == accountId && !it->assignee.isEmpty())
            affected.append(it.key());
    }
    if (!affected.isEmpty())
        emit changed(affected);
}

void TriageBook::removeAccount(const QString& accountId) {
    m_self.remove(accountId);
    QStringList removed;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (accountOf(it.key()) == accountId) {
            removed.append(it.key());
            it = m_entries.erase(it);
        } else {
            ++it;
        }
    }
    if (!removed.isEmpty())
        emit changed(removed);
}

} // namespace tributary
