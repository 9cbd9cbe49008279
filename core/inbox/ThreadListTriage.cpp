// Team triage in the thread list (issue 13 §3): the triage roles of ThreadListModel and the
// smart views of ThreadFilterProxy.
#include "inbox/InboxStore.h"
#include "inbox/ThreadListModel.h"
#include "inbox/TriageBook.h"

namespace tributary {

void ThreadListModel::setTriageBook(TriageBook* book) {
    if (m_triage == book)
        return;
    if (m_triage)
        disconnect(m_triage, nullptr, this, nullptr);
    m_triage = book;
    if (m_triage)
        connect(m_triage, &TriageBook::changed, this, &ThreadListModel::onTriageChanged);
    if (!m_rows.isEmpty())
        emit dataChanged(index(0), index(int(m_rows.size()) - 1));
}

QVariant ThreadListModel::triageData(const Thread& thread, int role) const {
    if (role < TriageableRole || role > SnoozeUntilRole)
        return {};
    const auto triage = m_triage && m_store ? m_triage->ofThread(*m_store, thread) : std::nullopt;
    switch (role) {
    case TriageableRole:
        return triage.has_value();
    case AssigneeRole:
        return triage ? triage->assignee.label() : QString();
    case AssigneeIdRole:
        return triage ? triage->assignee.id : QString();
    case AssignedToMeRole:
        return triage && m_triage->isSelf(triage->conversationId, triage->assignee);
    case TriageStatusRole:
        return int(triage ? triage->status : TriageStatus::None);
    case SnoozeUntilRole:
        return triage ? triage->snoozeUntil : QDateTime();
    default:
        return {};
    }
}

void ThreadListModel::onTriageChanged(const QStringList& conversationIds) {
    if (m_rows.isEmpty() || !m_store)
        return;
    const QSet<QString> changed(conversationIds.cbegin(), conversationIds.cend());
    const QList<int> roles{TriageableRole,   AssigneeRole,     AssigneeIdRole,
                           AssignedToMeRole, TriageStatusRole, SnoozeUntilRole};
    // Only shown rows matter; a conversation is one native thread, so its newest message of
    // each account names it.
    for (int row = 0; row < m_rows.size(); ++row) {
        const Thread& t = m_rows.at(row);
        bool hit = false;
        QStringList accountsSeen;
        for (auto id = t.messageIds.crbegin(); id != t.messageIds.crend() && !hit; ++id) {
            const auto m = m_store->message(*id);
            if (!m || accountsSeen.contains(m->accountId))
                continue;
            accountsSeen.append(m->accountId);
            hit = changed.contains(conversationIdOf(*m));
            if (accountsSeen.size() >= t.accountIds.size())
                break;
        }
        if (hit)
            emit dataChanged(index(row), index(row), roles);
    }
}

void ThreadFilterProxy::setTriageView(TriageView view) {
    if (view == m_triageView)
        return;
    m_triageView = view;
    invalidateFilter();
}

bool ThreadFilterProxy::acceptsTriage(const QModelIndex& idx) const {
    switch (m_triageView) {
    case TriageView::None:
        return true;
    case TriageView::AssignedToMe:
        return idx.data(ThreadListModel::AssignedToMeRole).toBool();
    case TriageView::Unassigned:
        return idx.data(ThreadListModel::TriageableRole).toBool() &&
               idx.data(ThreadListModel::AssigneeIdRole).toString().isEmpty();
    case TriageView::Open:
        return idx.data(ThreadListModel::TriageStatusRole).toInt() == int(TriageStatus::Open);
    }
    return true;
}

} // namespace tributary
