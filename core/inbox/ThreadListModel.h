#pragma once

#include "inbox/ThreadOrderIndex.h"
#include "model/Model.h"

#include <QAbstractListModel>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QSortFilterProxyModel>
#include <optional>

namespace tributary {

class InboxStore;
class TriageBook;

//! Source model: one row per thread across all accounts and channels.
//! Rows are revealed in pages through canFetchMore/fetchMore; when every thread
//! the store holds is shown, fetchMore asks for older history (backfillRequested).
//!
//! Rows are the threads of the store, newest activity first (ties by thread id), and the shown rows
//! are always a prefix of that order. Paging and backfill protocol:
//!  - The first page (pageSize rows) is shown as soon as the store has threads. The store must
//!    outlive the model (if it does not, the model empties itself).
//!  - Live updates keep every shown row: a thread whose activity moves it above the last shown row
//!    appears (the list grows by one); older threads arriving later stay hidden until fetchMore.
//!    Removed rows are refilled from hidden ones while fewer rows than fetched are shown.
//!  - canFetchMore is true while hidden threads remain: fetchMore shows the next page.
//!  - When every thread is shown (also when the store is empty), canFetchMore is true once more: fetchMore
//!  then emits
//!    backfillRequested() and backfillPendingChanged(true), and canFetchMore stays false while the
//!    backfill is pending. Older threads arriving meanwhile are shown, up to one page.
//!  - The sync layer answers with backfillFinished(moreAvailable). With moreAvailable == false no
//!    further backfill is requested (canFetchMore is false once all threads are shown) until
//!    backfillFinished(true) re-arms it, e.g. after an account is added.
//! Updates are O(log n) per changed thread plus the row signals; only a removal of more than
//! kResetThreshold shown rows at once (removing an account) resets the model.
class ThreadListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        ThreadIdRole = Qt::UserRole + 1,
        SubjectRole,        //!< QString: subject, or first line for chat
        SendersRole,        //!< QString: "Ann, Bob, me"
        SnippetRole,        //!< QString
        LatestActivityRole, //!< QDateTime
        UnreadRole,         //!< bool
        UnreadCountRole,    //!< int
        FlaggedRole,        //!< bool
        HasAttachmentsRole, //!< bool
        KindRole,           //!< int(ConversationKind)
        AccountIdsRole,     //!< QStringList
        ChannelIdsRole,     //!< QStringList
        MessageCountRole,   //!< int
        IsLoadedRole,       //!< bool: envelopes present (false while a placeholder row loads)
        RecipientsRole,     //!< QString: "Bob, Carol" (To and Cc of the newest message)
        LatestAuthorRole,   //!< QString: who wrote the newest message (a chat row: "Bob: …")

        // Team triage (issue 13 §3; ThreadListTriage.cpp), from the TriageBook:
        TriageableRole,   //!< bool: the conversation has triage state at its provider
        AssigneeRole,     //!< QString: who it is assigned to ("Ann Lee", "Billing"); empty = nobody
        AssigneeIdRole,   //!< QString: the provider's id of the assignee
        AssignedToMeRole, //!< bool: assigned to the signed-in user
        TriageStatusRole, //!< int(TriageStatus)
        SnoozeUntilRole,  //!< QDateTime: invalid = not snoozed
    };
    Q_ENUM(Role)

    //! Removing more shown rows than this in one store batch resets the model instead of
    //! emitting one removal per row.
    static constexpr int kResetThreshold = 256;

    explicit ThreadListModel(InboxStore* store, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    //! Rows can be dragged (onto folders, to move them).
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    //! Rows revealed per fetchMore (at least 1). While only the first page is shown, it is resized.
    void setPageSize(int rows);
    int pageSize() const { return m_pageSize; }
    //! The row of a thread, or -1 when it is not (yet) revealed.
    int rowOf(const QString& threadId) const;
    //! Threads held by the store, shown or not.
    int totalCount() const { return m_index.size(); }

    //! The sync layer finished the backfill asked for by backfillRequested(). `moreAvailable` is
    //! false when no account has older history left.
    void backfillFinished(bool moreAvailable);
    bool isBackfillPending() const { return m_backfillPending; }

    //! Team triage (ThreadListTriage.cpp): where the triage roles come from (may be null; it
    //! must outlive the model or be destroyed first). Rows update as it changes.
    void setTriageBook(TriageBook* book);

signals:
    //! Every thread held is shown; the sync layer should load older history.
    void backfillRequested();
    //! A backfill started or finished (a view can show a "loading older" footer).
    void backfillPendingChanged(bool pending);

private:
    struct Row;
    InboxStore* m_store;
    QList<Thread> m_rows;
    int m_pageSize = 500;

    void onThreadsInserted(const QStringList& ids);
    void onThreadsChanged(const QStringList& ids);
    void onThreadsRemoved(const QStringList& ids);
    void insertThread(const Thread& thread);
    //! Shows hidden rows until min(total, m_target) rows are shown.
    void fill();
    //! Rebuilds the shown rows from the index (inside a model reset).
    void rebuildRows();
    Thread threadAt(int rank) const;
    bool isShownKey(const ThreadSortKey& key) const;
    // Team triage (ThreadListTriage.cpp)
    QVariant triageData(const Thread& thread, int role) const;
    void onTriageChanged(const QStringList& conversationIds);
    QPointer<TriageBook> m_triage;

    ThreadOrderIndex m_index;             //!< every thread of the store
    QHash<QString, ThreadSortKey> m_keys; //!< thread id -> its key in m_index
    //! Every key at or above it is shown; unset until the first page is shown.
    std::optional<ThreadSortKey> m_boundary;
    int m_target = 500; //!< rows wanted: grows by a page per fetchMore
    bool m_backfillPending = false;
    bool m_backfillExhausted = false;
    //! > 0 while we emit change signals (begin*..end*, dataChanged): fetchMore() called from a
    //! listener of them (QAbstractItemModelTester does, through proxies too) must not nest a change.
    int m_changing = 0;
};

//! The smart views of team triage (issue 13 §3), across accounts.
enum class TriageView {
    None,         //!< no triage filter
    AssignedToMe, //!< assigned to the signed-in user at the conversation's account
    Unassigned,   //!< triage conversations nobody (no person, no team) has
    Open,         //!< triage conversations with the status Open
};

//! Filter (account, channel, unread, flagged, email/chat, triage view, text) and sort
//! (latest activity, newest first).
class ThreadFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit ThreadFilterProxy(QObject* parent = nullptr);

    void setAccountFilter(const QStringList& accountIds); //!< empty = all
    void setChannelFilter(const QString& channelId);      //!< empty = all
    void setUnreadOnly(bool on);
    void setFlaggedOnly(bool on);
    void setKindFilter(std::optional<ConversationKind> kind);
    //! Instant filter over sender, subject and snippet (case-insensitive).
    void setTextFilter(const QString& text);
    QString textFilter() const { return m_text; }
    //! Channels whose conversations only the channel's own view lists (Trash, Junk): a
    //! thread all of whose messages are in them is left out unless a channel filter is set.
    void setSetAsideChannels(const QSet<QString>& channelIds);
    //! Whether a thread with these channels is listed by the views without a channel filter.
    bool isSetAside(const QStringList& threadChannels) const;
    //! Team triage: only the rows of a smart view (ThreadListModel's triage roles).
    void setTriageView(TriageView view);
    TriageView triageView() const { return m_triageView; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    QStringList m_accounts;
    QString m_channel;
    bool m_unreadOnly = false;
    bool m_flaggedOnly = false;
    std::optional<ConversationKind> m_kind;
    QString m_text;
    QSet<QString> m_setAside;
    TriageView m_triageView = TriageView::None;
    bool acceptsTriage(const QModelIndex& index) const;
};

} // namespace tributary
