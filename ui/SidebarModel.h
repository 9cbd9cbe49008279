#pragma once

#include "UnifiedView.h"
#include "model/Model.h"
#include "provider/Provider.h"
#include "sync/AccountStatus.h"

#include <QAbstractItemModel>
#include <QHash>
#include <memory>
#include <optional>

namespace tributary::ui {

//! The sidebar tree: the unified views (All, Unread, Flagged, Email, Chats) at the top,
//! then every account with its folders or channels, nested by Channel::parentId.
//! Folders are ordered the way people scan them: Inbox, Drafts, Sent, Archive ... by
//! role first, then by name, shared folders last.
class SidebarModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum class NodeKind { View, Account, Channel };
    enum Role {
        NodeKindRole = Qt::UserRole + 1, //!< int(NodeKind)
        ViewRole,                        //!< int(UnifiedView), views only
        AccountIdRole,                   //!< QString, accounts and channels
        ChannelIdRole,                   //!< QString, channels only
        UnreadCountRole,                 //!< int, -1 when unknown
        TotalCountRole,                  //!< int, -1 when unknown
        ChannelRoleRole,                 //!< int(ChannelRole)
        SharedRole,                      //!< bool
        AccountColourRole,               //!< QColor
        AccountStateRole,                //!< int(AccountState), accounts only
        StatusTextRole,                  //!< QString, accounts only
        ProviderIconRole,                //!< QIcon of the account's provider, accounts only
    };
    Q_ENUM(Role)

    //! A tree node; opaque outside the model.
    struct Node;

    explicit SidebarModel(QObject* parent = nullptr);
    ~SidebarModel() override;

    void addAccount(const Account& account);
    void updateAccount(const Account& account);
    void removeAccount(const QString& accountId);
    //! Replaces an account's channels. When only counts or names changed the rows are
    //! updated in place, so selection and expansion survive a sync.
    void setChannels(const QString& accountId, const QList<Channel>& channels);
    void setAccountStatus(const QString& accountId, const AccountStatus& status);
    //! Unread messages the app holds, by channel: a channel's badge is never below it (the
    //! server's count may be higher, for mail not loaded yet).
    void setLocalUnread(const QHash<QString, int>& unreadByChannel);
    //! The "Unread" view's badge: the conversations it lists. -1 (the default) falls back to
    //! the Inboxes' unread counts.
    void setUnreadViewCount(int conversations);
    //! Team triage: shows or hides the smart views (kTriageViews) after the unified ones.
    void setTriageViews(bool shown);
    bool hasTriageViews() const;

    QModelIndex indexForView(UnifiedView view) const;
    QModelIndex indexForAccount(const QString& accountId) const;
    QModelIndex indexForChannel(const QString& channelId) const;
    std::optional<Channel> channel(const QString& channelId) const;
    QList<Channel> channels(const QString& accountId) const;
    //! Each provider's ProviderInfo::iconName by provider id (ProviderIconRole).
    void setProviderIconNames(const QHash<QString, QString>& iconNameByProvider);
    //! The colour an account is painted with: its own, else one derived from its id.
    static QColor accountColour(const Account& account);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
    Node* nodeAt(const QModelIndex& index) const;
    QModelIndex indexOf(const Node* node) const;
    Node* accountNode(const QString& accountId) const;
    int inboxUnread() const;
    QVariant viewData(const Node& node, int role) const;
    QVariant accountData(const Node& node, int role) const;
    QVariant channelData(const Node& node, int role) const;
    void emitViewCountsChanged();
    void emitSubtreeChanged(Node* node);

    int unreadOf(const Channel& c) const;

    std::unique_ptr<Node> m_root;
    QHash<QString, int> m_localUnread;
    int m_unreadView = -1;
    QHash<QString, QString> m_providerIconNames;
};

} // namespace tributary::ui
