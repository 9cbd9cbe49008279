#include "Icons.h"

#include "Resources.h"

#include <QFile>
#include <QHash>

namespace tributary::ui::icons {

QIcon bundled(const QString& name) {
    initResources();
    // QIcon caches rendered pixmaps per instance; sharing instances keeps that cache warm.
    static QHash<QString, QIcon> cache;
    auto it = cache.find(name);
    if (it == cache.end())
        it = cache.insert(name, QIcon(QStringLiteral(":/icons/%1.svg").arg(name)));
    return *it;
}

QIcon themed(const QString& themeName, const QString& bundledName) {
    return QIcon::fromTheme(themeName, bundled(bundledName));
}

namespace {
//! Mail icons from the theme only when the theme has a full mail set (Breeze, Oxygen, elementary):
//! mixing a theme's colour folders with our line icons looks worse than either alone.
QIcon mail(const QString& themeName, const QString& bundledName) {
    static const bool themeHasMailSet = QIcon::hasThemeIcon(QStringLiteral("mail-folder-inbox")) &&
                                        QIcon::hasThemeIcon(QStringLiteral("mail-folder-sent"));
    return themeHasMailSet ? themed(themeName, bundledName) : bundled(bundledName);
}
} // namespace

QIcon forView(UnifiedView view) {
    switch (view) {
    case UnifiedView::All:
        return mail(QStringLiteral("mail-folder-inbox"), QStringLiteral("all-mail"));
    case UnifiedView::Unread:
        return mail(QStringLiteral("mail-unread"), QStringLiteral("unread"));
    case UnifiedView::Flagged:
        return mail(QStringLiteral("mail-mark-important"), QStringLiteral("flagged"));
    case UnifiedView::Email:
        return mail(QStringLiteral("internet-mail"), QStringLiteral("mail"));
    case UnifiedView::Chats:
        return mail(QStringLiteral("im-message-new"), QStringLiteral("chat"));
    case UnifiedView::AssignedToMe:
        return bundled(QStringLiteral("assigned-to-me"));
    case UnifiedView::Unassigned:
        return bundled(QStringLiteral("unassigned"));
    case UnifiedView::Open:
        return bundled(QStringLiteral("open-conversations"));
    }
    return {};
}

QIcon forProvider(const QString& iconName, Capabilities capabilities) {
    initResources();
    if (!iconName.isEmpty() && QFile::exists(QStringLiteral(":/icons/%1.svg").arg(iconName)))
        return bundled(iconName);
    return bundled(capabilities.testFlag(Capability::ChatChannels) ? QStringLiteral("chat")
                                                                   : QStringLiteral("mail"));
}

QIcon forChannel(const Channel& channel) {
    switch (channel.role) {
    case ChannelRole::Inbox:
        return mail(QStringLiteral("mail-folder-inbox"), QStringLiteral("inbox"));
    case ChannelRole::Sent:
        return mail(QStringLiteral("mail-folder-sent"), QStringLiteral("sent"));
    case ChannelRole::Drafts:
        return mail(QStringLiteral("document-edit"), QStringLiteral("drafts"));
    case ChannelRole::Trash:
        return mail(QStringLiteral("user-trash"), QStringLiteral("trash"));
    case ChannelRole::Junk:
        return mail(QStringLiteral("mail-mark-junk"), QStringLiteral("junk"));
    case ChannelRole::Archive:
        return mail(QStringLiteral("mail-archive"), QStringLiteral("archive"));
    case ChannelRole::All:
        return mail(QStringLiteral("mail-folder-inbox"), QStringLiteral("all-mail"));
    case ChannelRole::Flagged:
        return mail(QStringLiteral("mail-mark-important"), QStringLiteral("flagged"));
    case ChannelRole::None:
        break;
    }
    switch (channel.kind) {
    case ChannelKind::ChatChannel:
    case ChannelKind::DirectMessage:
    case ChannelKind::GroupMessage:
        return mail(QStringLiteral("im-message-new"), QStringLiteral("chat"));
    case ChannelKind::SupportInbox:
        return mail(QStringLiteral("mail-folder-inbox"), QStringLiteral("inbox"));
    case ChannelKind::Folder:
    case ChannelKind::Label:
        break;
    }
    if (channel.shared)
        return mail(QStringLiteral("folder-publicshare"), QStringLiteral("folder-shared"));
    return mail(QStringLiteral("folder"), QStringLiteral("folder"));
}

QIcon forStatus(AccountState state) {
    switch (state) {
    case AccountState::Live:
        return bundled(QStringLiteral("online"));
    case AccountState::Connecting:
    case AccountState::Syncing:
    case AccountState::Reconnecting:
        return bundled(QStringLiteral("syncing"));
    case AccountState::Offline:
        return bundled(QStringLiteral("offline"));
    case AccountState::SignInRequired:
    case AccountState::Error:
        return bundled(QStringLiteral("warning"));
    }
    return {};
}

QIcon application() {
    return themed(QStringLiteral("tributary"), QStringLiteral("tributary"));
}

} // namespace tributary::ui::icons
