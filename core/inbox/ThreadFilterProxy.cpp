#include "inbox/ThreadListModel.h"

#include <algorithm>

namespace tributary {

ThreadFilterProxy::ThreadFilterProxy(QObject* parent)
    : QSortFilterProxyModel(parent) {
    setDynamicSortFilter(true);
    setSortRole(ThreadListModel::LatestActivityRole);
    sort(0, Qt::DescendingOrder); // remembered until a source model is set
}

void ThreadFilterProxy::setAccountFilter(const QStringList& accountIds) {
    if (accountIds == m_accounts)
        return;
    m_accounts = accountIds;
    invalidateFilter();
}

void ThreadFilterProxy::setChannelFilter(const QString& channelId) {
    if (channelId == m_channel)
        return;
    m_channel = channelId;
    invalidateFilter();
}

void ThreadFilterProxy::setUnreadOnly(bool on) {
    if (on == m_unreadOnly)
        return;
    m_unreadOnly = on;
    invalidateFilter();
}

void ThreadFilterProxy::setFlaggedOnly(bool on) {
    if (on == m_flaggedOnly)
        return;
    m_flaggedOnly = on;
    invalidateFilter();
}

void ThreadFilterProxy::setKindFilter(std::optional<ConversationKind> kind) {
    if (kind == m_kind)
        return;
    m_kind = kind;
    invalidateFilter();
}

void ThreadFilterProxy::setTextFilter(const QString& text) {
    const QString simplified = text.simplified();
    if (simplified == m_text)
        return;
    m_text = simplified;
    invalidateFilter();
}

void ThreadFilterProxy::setSetAsideChannels(const QSet<QString>& channelIds) {
    if (channelIds == m_setAside)
        return;
    m_setAside = channelIds;
    invalidateFilter();
}

bool ThreadFilterProxy::isSetAside(const QStringList& threadChannels) const {
    if (m_setAside.isEmpty() || threadChannels.isEmpty())
        return false;
    return std::all_of(threadChannels.cbegin(), threadChannels.cend(),
                       [this](const QString& c) { return m_setAside.contains(c); });
}

bool ThreadFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QModelIndex idx = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_unreadOnly && !idx.data(ThreadListModel::UnreadRole).toBool())
        return false;
    if (m_flaggedOnly && !idx.data(ThreadListModel::FlaggedRole).toBool())
        return false;
    if (m_kind && idx.data(ThreadListModel::KindRole).toInt() != int(*m_kind))
        return false;
    if (!acceptsTriage(idx))
        return false;
    const QStringList channels = idx.data(ThreadListModel::ChannelIdsRole).toStringList();
    if (!m_channel.isEmpty() && !channels.contains(m_channel))
        return false;
    // Deleted mail and junk stay in their own folders: the cross-folder views leave them out.
    if (m_channel.isEmpty() && isSetAside(channels))
        return false;
    if (!m_accounts.isEmpty()) {
        const QStringList accounts = idx.data(ThreadListModel::AccountIdsRole).toStringList();
        const bool any = std::any_of(accounts.cbegin(), accounts.cend(),
                                     [this](const QString& a) { return m_accounts.contains(a); });
        if (!any)
            return false;
    }
    if (!m_text.isEmpty()) {
        // Every word must appear somewhere, so "ann budget" finds Ann's thread about the budget.
        const QString haystack = idx.data(ThreadListModel::SendersRole).toString() + QLatin1Char('\n') +
                                 idx.data(ThreadListModel::SubjectRole).toString() + QLatin1Char('\n') +
                                 idx.data(ThreadListModel::SnippetRole).toString();
        const QList<QStringView> words = QStringView(m_text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        for (QStringView word : words) {
            if (!haystack.contains(word, Qt::CaseInsensitive))
                return false;
        }
    }
    return true;
}

bool ThreadFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    const QDateTime l = left.data(ThreadListModel::LatestActivityRole).toDateTime();
    const QDateTime r = right.data(ThreadListModel::LatestActivityRole).toDateTime();
    const qint64 lm = l.isValid() ? l.toMSecsSinceEpoch() : ThreadSortKey::kNoActivity;
    const qint64 rm = r.isValid() ? r.toMSecsSinceEpoch() : ThreadSortKey::kNoActivity;
    if (lm != rm)
        return lm < rm;
    // Sorted descending: inverting the tie keeps equal times in thread-id order, as in the source.
    return left.data(ThreadListModel::ThreadIdRole).toString() >
           right.data(ThreadListModel::ThreadIdRole).toString();
}

} // namespace tributary
