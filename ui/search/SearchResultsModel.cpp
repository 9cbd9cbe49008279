#include "search/SearchResultsModel.h"

#include "inbox/ThreadListModel.h"
#include "search/ServerSearch.h"

namespace tributary::ui {

SearchResultsModel::SearchResultsModel(ServerSearch* search, QObject* parent)
    : QAbstractListModel(parent)
    , m_search(search) {
    connect(search, &ServerSearch::resultsChanged, this, [this] {
        beginResetModel();
        m_rows = m_search->results();
        endResetModel();
    });
}

int SearchResultsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

Message SearchResultsModel::messageAt(int row) const {
    return m_rows.value(row);
}

QVariant SearchResultsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Message& m = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case ThreadListModel::SubjectRole:
        return m.subject.isEmpty() ? m.snippet : m.subject;
    case Qt::AccessibleTextRole:
        return tr("%1, from %2").arg(m.subject, senderLabel(m.author));
    case ThreadListModel::ThreadIdRole:
        return m.id;
    case ThreadListModel::SendersRole:
        return senderLabel(m.author);
    case ThreadListModel::SnippetRole:
        return m.snippet;
    case ThreadListModel::LatestActivityRole:
        return m.activityAt();
    case ThreadListModel::UnreadRole:
        return !m.isRead();
    case ThreadListModel::UnreadCountRole:
        return m.isRead() ? 0 : 1;
    case ThreadListModel::FlaggedRole:
        return m.flags.testFlag(MessageFlag::Flagged);
    case ThreadListModel::HasAttachmentsRole:
        return m.hasAttachments;
    case ThreadListModel::KindRole:
        return int(m.kind);
    case ThreadListModel::AccountIdsRole:
        return QStringList{m.accountId};
    case ThreadListModel::ChannelIdsRole:
        return QStringList{m.channelId};
    case ThreadListModel::MessageCountRole:
        return 1;
    case ThreadListModel::IsLoadedRole:
        return true;
    default:
        return {};
    }
}

} // namespace tributary::ui
