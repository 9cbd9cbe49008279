#include "SidebarModel.h"

#include "Icons.h"
#include "StatusText.h"
#include "model/ChannelOrder.h"
#include "model/Ids.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>
#include <QSet>
#include <algorithm>

namespace tributary::ui {

struct SidebarModel::Node {
    NodeKind kind = NodeKind::View;
    Node* parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;
    UnifiedView view = UnifiedView::All;
    Account account;
    Channel channel;
    AccountStatus status;

    int row() const {
        if (!parent)
            return 0;
        const auto& siblings = parent->children;
        for (size_t i = 0; i < siblings.size(); ++i) {
            if (siblings[i].get() == this)
                return int(i);
        }
        return -1;
    }
};

namespace {

bool channelBefore(const Channel& a, const Channel& b) {
    if (channelRoleOrder(a.role) != channelRoleOrder(b.role))
        return channelRoleOrder(a.role) < channelRoleOrder(b.role);
    if (a.shared != b.shared)
        return !a.shared;
    const int byName = a.name.compare(b.name, Qt::CaseInsensitive);
    return byName != 0 ? byName < 0 : a.id < b.id;
}

QIcon colourDot(const QColor& colour) {
    static QHash<QRgb, QIcon> cache;
    auto it = cache.find(colour.rgba());
    if (it != cache.end())
        return *it;
    QIcon icon;
    for (int size : {16, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(colour);
        const qreal inset = size * 0.22;
        p.drawEllipse(QRectF(inset, inset, size - 2 * inset, size - 2 * inset));
        icon.addPixmap(pixmap);
    }
    return *cache.insert(colour.rgba(), icon);
}

//! Builds the nested channel nodes of an account; returns the top-level ones, sorted.
std::vector<std::unique_ptr<SidebarModel::Node>> buildChannelTree(const QList<Channel>& channels,
                                                                  SidebarModel::Node* accountNode) {
    using Node = SidebarModel::Node;
    QHash<QString, Node*> byId;
    std::vector<std::unique_ptr<Node>> owned;
    QList<Channel> sorted = channels;
    std::sort(sorted.begin(), sorted.end(), channelBefore);
    for (const Channel& c : sorted) {
        if (byId.contains(c.id))
            continue; // a provider listing a channel twice must not corrupt the tree
        auto node = std::make_unique<Node>();
        node->kind = SidebarModel::NodeKind::Channel;
        node->channel = c;
        byId.insert(c.id, node.get());
        owned.push_back(std::move(node));
    }
    std::vector<std::unique_ptr<Node>> roots;
    for (auto& node : owned) {
        // A provider's parent links could form a cycle; such a node goes to the top level.
        Node* parent = byId.value(node->channel.parentId, nullptr);
        qsizetype steps = 0;
        for (Node* p = parent; p; p = byId.value(p->channel.parentId, nullptr)) {
            if (p == node.get() || ++steps > byId.size()) {
                parent = nullptr;
                break;
            }
        }
        if (parent) {
            node->parent = parent;
            parent->children.push_back(std::move(node));
        } else {
            node->parent = accountNode;
            roots.push_back(std::move(node));
        }
    }
    return roots;
}

//! "id>parent" pairs in tree order: equal shapes mean rows can be updated in place.
void shapeOf(const SidebarModel::Node& node, QStringList& out) {
    for (const auto& child : node.children) {
        out.append(child->channel.id);
        out.append(QString::number(child->children.size()));
        shapeOf(*child, out);
    }
}

void copyChannels(SidebarModel::Node& into, const SidebarModel::Node& from) {
    for (size_t i = 0; i < into.children.size(); ++i) {
        into.children[i]->channel = from.children[i]->channel;
        copyChannels(*into.children[i], *from.children[i]);
    }
}
} // namespace

SidebarModel::SidebarModel(QObject* parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>()) {
    for (UnifiedView view : kUnifiedViews) {
        auto node = std::make_unique<Node>();
        node->kind = NodeKind::View;
        node->view = view;
        node->parent = m_root.get();
        m_root->children.push_back(std::move(node));
    }
}

SidebarModel::~SidebarModel() = default;

void SidebarModel::setProviderIconNames(const QHash<QString, QString>& iconNameByProvider) {
    m_providerIconNames = iconNameByProvider;
    for (const auto& node : m_root->children) {
        if (node->kind == NodeKind::Account) {
            const QModelIndex index = indexOf(node.get());
            emit dataChanged(index, index, {ProviderIconRole});
        }
    }
}

QColor SidebarModel::accountColour(const Account& account) {
    if (account.colour.isValid())
        return account.colour;
    // Distinct, calm hues that read well on light and dark backgrounds.
    static const QColor palette[] = {QColor(0x3d, 0x8b, 0xf2), QColor(0x2f, 0xa8, 0x4f),
                                     QColor(0xe0, 0x7b, 0x24), QColor(0x9b, 0x59, 0xd0),
                                     QColor(0xd6, 0x45, 0x6b), QColor(0x16, 0xa0, 0xa8)};
    return palette[qHash(account.id) % std::size(palette)];
}

SidebarModel::Node* SidebarModel::nodeAt(const QModelIndex& index) const {
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : m_root.get();
}

QModelIndex SidebarModel::indexOf(const Node* node) const {
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), 0, const_cast<Node*>(node));
}

SidebarModel::Node* SidebarModel::accountNode(const QString& accountId) const {
    for (const auto& child : m_root->children) {
        if (child->kind == NodeKind::Account && child->account.id == accountId)
            return child.get();
    }
    return nullptr;
}

QModelIndex SidebarModel::index(int row, int column, const QModelIndex& parent) const {
    if (column != 0 || row < 0)
        return {};
    const Node* p = nodeAt(parent);
    if (!p || row >= int(p->children.size()))
        return {};
    return createIndex(row, 0, p->children[size_t(row)].get());
}

QModelIndex SidebarModel::parent(const QModelIndex& child) const {
    if (!child.isValid())
        return {};
    return indexOf(nodeAt(child)->parent);
}

int SidebarModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeAt(parent)->children.size());
}

int SidebarModel::columnCount(const QModelIndex&) const {
    return 1;
}

Qt::ItemFlags SidebarModel::flags(const QModelIndex& index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    const Node* node = nodeAt(index);
    if (node->kind == NodeKind::Channel && !node->channel.selectable)
        return Qt::ItemIsEnabled; // a \Noselect container: it only groups its children
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

int SidebarModel::inboxUnread() const {
    int total = -1;
    for (const auto& account : m_root->children) {
        if (account->kind != NodeKind::Account)
            continue;
        for (const auto& child : account->children) {
            if (child->channel.role == ChannelRole::Inbox && unreadOf(child->channel) >= 0)
                total = std::max(total, 0) + unreadOf(child->channel);
        }
    }
    return total;
}

QVariant SidebarModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node& node = *nodeAt(index);
    if (role == NodeKindRole)
        return int(node.kind);
    switch (node.kind) {
    case NodeKind::View:
        return viewData(node, role);
    case NodeKind::Account:
        return accountData(node, role);
    case NodeKind::Channel:
        return channelData(node, role);
    }
    return {};
}

QVariant SidebarModel::viewData(const Node& node, int role) const {
    switch (role) {
    case Qt::DisplayRole:
        return viewTitle(node.view);
    case Qt::DecorationRole:
        return icons::forView(node.view);
    case ViewRole:
        return int(node.view);
    case UnreadCountRole:
        // Only "Unread" counts: the same number on "All" too would say nothing new.
        if (node.view != UnifiedView::Unread)
            return -1;
        return m_unreadView >= 0 ? m_unreadView : inboxUnread();
    case Qt::AccessibleTextRole: {
        const int unread = data(indexOf(&node), UnreadCountRole).toInt();
        return unread > 0 ? tr("%1, %n unread", nullptr, unread).arg(viewTitle(node.view))
                          : viewTitle(node.view);
    }
    default:
        return {};
    }
}

QVariant SidebarModel::accountData(const Node& node, int role) const {
    const Account& a = node.account;
    const QString name = a.displayName.isEmpty() ? a.id : a.displayName;
    switch (role) {
    case Qt::DisplayRole:
        return name;
    case Qt::DecorationRole:
        return colourDot(accountColour(a));
    case Qt::ToolTipRole:
        return QStringLiteral("%1\n%2").arg(name, statusDetail(node.status));
    case Qt::AccessibleTextRole:
        return tr("Account %1, %2").arg(name, statusText(node.status));
    case AccountIdRole:
        return a.id;
    case ProviderIconRole:
        return icons::forProvider(m_providerIconNames.value(a.providerId), {});
    case AccountColourRole:
        return accountColour(a);
    case AccountStateRole:
        return int(node.status.state);
    case StatusTextRole:
        return statusText(node.status);
    case UnreadCountRole:
    case TotalCountRole:
        return -1;
    default:
        return {};
    }
}

QVariant SidebarModel::channelData(const Node& node, int role) const {
    const Channel& c = node.channel;
    switch (role) {
    case Qt::DisplayRole:
        return c.name;
    case Qt::DecorationRole:
        return icons::forChannel(c);
    case Qt::ToolTipRole: {
        QStringList lines{c.nativeId.isEmpty() ? c.name : c.nativeId};
        if (c.totalCount >= 0)
            lines.append(tr("%1 unread of %2")
                             .arg(groupedNumber(std::max(0, unreadOf(c))), groupedNumber(c.totalCount)));
        if (c.shared)
            lines.append(tr("Shared with your team"));
        return lines.join(QLatin1Char('\n'));
    }
    case Qt::AccessibleTextRole: {
        QString text = c.name;
        if (unreadOf(c) > 0)
            text += tr(", %n unread", nullptr, unreadOf(c));
        if (c.shared)
            text += tr(", shared");
        return text;
    }
    case AccountIdRole:
        return c.accountId;
    case ChannelIdRole:
        return c.id;
    case UnreadCountRole:
        return unreadOf(c);
    case TotalCountRole:
        return c.totalCount;
    case ChannelRoleRole:
        return int(c.role);
    case SharedRole:
        return c.shared;
    case AccountColourRole:
        if (const Node* account = accountNode(c.accountId))
            return accountColour(account->account);
        return {};
    default:
        return {};
    }
}

void SidebarModel::addAccount(const Account& account) {
    if (accountNode(account.id)) {
        updateAccount(account);
        return;
    }
    const int row = int(m_root->children.size());
    beginInsertRows({}, row, row);
    auto node = std::make_unique<Node>();
    node->kind = NodeKind::Account;
    node->account = account;
    node->parent = m_root.get();
    m_root->children.push_back(std::move(node));
    endInsertRows();
}

void SidebarModel::updateAccount(const Account& account) {
    Node* node = accountNode(account.id);
    if (!node)
        return;
    node->account = account;
    emitSubtreeChanged(node); // the colour shows on every channel row too
}

void SidebarModel::removeAccount(const QString& accountId) {
    Node* node = accountNode(accountId);
    if (!node)
        return;
    const int row = node->row();
    beginRemoveRows({}, row, row);
    m_root->children.erase(m_root->children.begin() + row);
    endRemoveRows();
    emitViewCountsChanged();
}

void SidebarModel::setChannels(const QString& accountId, const QList<Channel>& channels) {
    Node* account = accountNode(accountId);
    if (!account)
        return;
    Node fresh;
    fresh.children = buildChannelTree(channels, account);

    QStringList oldShape;
    QStringList newShape;
    shapeOf(*account, oldShape);
    shapeOf(fresh, newShape);
    if (oldShape == newShape) {
        copyChannels(*account, fresh);
        for (const auto& child : account->children)
            emitSubtreeChanged(child.get());
    } else {
        if (!account->children.empty()) {
            beginRemoveRows(indexOf(account), 0, int(account->children.size()) - 1);
            account->children.clear();
            endRemoveRows();
        }
        if (!fresh.children.empty()) {
            beginInsertRows(indexOf(account), 0, int(fresh.children.size()) - 1);
            account->children = std::move(fresh.children);
            endInsertRows();
        }
    }
    emitViewCountsChanged();
}

void SidebarModel::setAccountStatus(const QString& accountId, const AccountStatus& status) {
    Node* node = accountNode(accountId);
    if (!node)
        return;
    node->status = status;
    const QModelIndex index = indexOf(node);
    emit dataChanged(index, index);
}

int SidebarModel::unreadOf(const Channel& c) const {
    const int local = m_localUnread.value(c.id, 0);
    return local > 0 ? std::max(c.unreadCount, local) : c.unreadCount;
}

void SidebarModel::setLocalUnread(const QHash<QString, int>& unreadByChannel) {
    if (unreadByChannel == m_localUnread)
        return;
    QSet<QString> changed;
    for (auto it = unreadByChannel.cbegin(); it != unreadByChannel.cend(); ++it) {
        if (m_localUnread.value(it.key()) != it.value())
            changed.insert(it.key());
    }
    for (auto it = m_localUnread.cbegin(); it != m_localUnread.cend(); ++it) {
        if (!unreadByChannel.contains(it.key()))
            changed.insert(it.key());
    }
    m_localUnread = unreadByChannel;
    for (const QString& id : std::as_const(changed)) {
        const QModelIndex index = indexForChannel(id);
        if (index.isValid())
            emit dataChanged(index, index, {UnreadCountRole, Qt::AccessibleTextRole, Qt::ToolTipRole});
    }
    emitViewCountsChanged();
}

void SidebarModel::setUnreadViewCount(int conversations) {
    if (conversations == m_unreadView)
        return;
    m_unreadView = conversations;
    emitViewCountsChanged();
}

void SidebarModel::emitViewCountsChanged() {
    const QModelIndex first = index(0, 0);
    const QModelIndex last = index(int(std::size(kUnifiedViews)) - 1, 0);
    emit dataChanged(first, last, {UnreadCountRole, Qt::AccessibleTextRole});
}

void SidebarModel::emitSubtreeChanged(Node* node) {
    const QModelIndex index = indexOf(node);
    emit dataChanged(index, index);
    for (const auto& child : node->children)
        emitSubtreeChanged(child.get());
}

void SidebarModel::setTriageViews(bool shown) {
    if (shown == hasTriageViews())
        return;
    const int first = int(std::size(kUnifiedViews));
    const int count = int(std::size(kTriageViews));
    if (shown) {
        beginInsertRows({}, first, first + count - 1);
        for (int i = 0; i < count; ++i) {
            auto node = std::make_unique<Node>();
            node->kind = NodeKind::View;
            node->view = kTriageViews[i];
            node->parent = m_root.get();
            m_root->children.insert(m_root->children.begin() + first + i, std::move(node));
        }
    } else {
        beginRemoveRows({}, first, first + count - 1);
        m_root->children.erase(m_root->children.begin() + first, m_root->children.begin() + first + count);
    }
    if (shown)
        endInsertRows();
    else
        endRemoveRows();
}

bool SidebarModel::hasTriageViews() const {
    return indexForView(kTriageViews[0]).isValid();
}

QModelIndex SidebarModel::indexForView(UnifiedView view) const {
    for (const auto& child : m_root->children) {
        if (child->kind == NodeKind::View && child->view == view)
            return indexOf(child.get());
    }
    return {};
}

QModelIndex SidebarModel::indexForAccount(const QString& accountId) const {
    return indexOf(accountNode(accountId));
}

namespace {
const SidebarModel::Node* findChannel(const SidebarModel::Node& node, const QString& channelId) {
    for (const auto& child : node.children) {
        if (child->kind == SidebarModel::NodeKind::Channel && child->channel.id == channelId)
            return child.get();
        if (const auto* found = findChannel(*child, channelId))
            return found;
    }
    return nullptr;
}

void collectChannels(const SidebarModel::Node& node, QList<Channel>& out) {
    for (const auto& child : node.children) {
        out.append(child->channel);
        collectChannels(*child, out);
    }
}
} // namespace

QModelIndex SidebarModel::indexForChannel(const QString& channelId) const {
    if (Node* account = accountNode(accountOf(channelId)))
        return indexOf(findChannel(*account, channelId));
    return indexOf(findChannel(*m_root, channelId));
}

std::optional<Channel> SidebarModel::channel(const QString& channelId) const {
    const Node* node = nodeAt(indexForChannel(channelId));
    if (!node || node == m_root.get())
        return std::nullopt;
    return node->channel;
}

QList<Channel> SidebarModel::channels(const QString& accountId) const {
    QList<Channel> list;
    if (const Node* account = accountNode(accountId))
        collectChannels(*account, list);
    return list;
}

} // namespace tributary::ui
