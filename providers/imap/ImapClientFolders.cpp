// The ImapClient operations on folders themselves: CREATE, RENAME, DELETE, and marking a
// whole folder read (UID STORE 1:*).
#include "imap/ImapClient.h"
#include "util/Logging.h"

#include <QObject>
#include <algorithm>

namespace tributary::imap {

namespace {

const FolderInfo* findFolder(const QList<FolderInfo>& folders, const QString& path) {
    for (const FolderInfo& f : folders) {
        if (f.path == path)
            return &f;
    }
    return nullptr;
}

bool isInboxName(const QString& name) {
    return name.compare(QLatin1String("INBOX"), Qt::CaseInsensitive) == 0;
}

//! A folder the server or the account depends on by name keeps it.
Result<void> checkChangeable(const FolderInfo& folder, const QString& action) {
    if (folder.role != ChannelRole::None)
        return ProviderError::invalid(
            QObject::tr(
                "“%1” is a special folder (Inbox, Sent, Drafts, Trash, Junk or Archive), so it cannot "
                "be %2: mail programs find it by that role.")
                .arg(folder.path, action),
            QStringLiteral("special_folder"));
    if (folder.shared)
        return ProviderError::invalid(
            QObject::tr("“%1” is a shared folder: only its owner can change it.").arg(folder.path),
            QStringLiteral("shared_folder"));
    return Done{};
}

//! One level of a folder name: not empty, no hierarchy delimiter, not "INBOX".
Result<QString> checkName(const QString& raw, char delimiter) {
    const QString name = raw.trimmed();
    if (name.isEmpty())
        return ProviderError::invalid(QObject::tr("A folder needs a name."), QStringLiteral("empty_name"));
    if (delimiter != 0 && name.contains(QLatin1Char(delimiter)))
        return ProviderError::invalid(
            QObject::tr("A folder name cannot contain “%1”: it separates folders on this server.")
                .arg(QLatin1Char(delimiter)),
            QStringLiteral("bad_name"));
    if (isInboxName(name))
        return ProviderError::invalid(QObject::tr("“INBOX” is the name of the Inbox."),
                                      QStringLiteral("bad_name"));
    return name;
}

} // namespace

Result<void> ImapClient::leaveFolder(ImapSession& session, const QString& path, char delimiter) {
    // A renamed or deleted mailbox must not stay selected under its old name.
    const auto& selected = session.selected();
    if (!selected)
        return Done{};
    const bool inside = selected->name == path ||
                        (delimiter != 0 && selected->name.startsWith(path + QLatin1Char(delimiter)));
    if (!inside)
        return Done{};
    auto box = session.select(QStringLiteral("INBOX"));
    return box ? Result<void>(Done{}) : Result<void>(box.error());
}

Result<Channel> ImapClient::channelOf(const QList<FolderInfo>& folders, const QString& path) const {
    for (const Channel& c : toChannels(m_settings.accountId, folders)) {
        if (c.nativeId == path)
            return c;
    }
    return ProviderError::notFound(QObject::tr("The server does not list the folder “%1”.").arg(path),
                                   QStringLiteral("unknown_channel"));
}

Result<Channel> ImapClient::createFolder(const QString& parentChannelId, const QString& rawName) {
    std::optional<QString> parent;
    if (!parentChannelId.isEmpty()) {
        parent = folderFromChannelId(parentChannelId, m_settings.accountId);
        if (!parent)
            return ProviderError::notFound(QObject::tr("The parent folder does not belong to the account."),
                                           QStringLiteral("unknown_channel"));
    }
    return run<Channel>([&](ImapSession& session) -> Result<Channel> {
        auto list = folders(session, true);
        if (!list)
            return list.error();
        char delimiter = session.delimiter();
        if (parent) {
            const FolderInfo* under = findFolder(list.value(), *parent);
            if (!under)
                return ProviderError::notFound(QObject::tr("The folder “%1” no longer exists.").arg(*parent),
                                               QStringLiteral("unknown_channel"));
            if (under->shared)
                return ProviderError::invalid(
                    QObject::tr("“%1” is a shared folder: only its owner can add folders to it.")
                        .arg(*parent),
                    QStringLiteral("shared_folder"));
            delimiter = under->delimiter;
            if (delimiter == 0)
                return ProviderError::invalid(
                    QObject::tr("This server keeps its folders flat: no subfolders."),
                    QStringLiteral("flat_hierarchy"));
        }
        auto name = checkName(rawName, delimiter);
        if (!name)
            return name.error();
        const QString path = parent ? *parent + QLatin1Char(delimiter) + name.value() : name.value();
        if (findFolder(list.value(), path))
            return ProviderError::invalid(QObject::tr("There is a folder “%1” already.").arg(name.value()),
                                          QStringLiteral("folder_exists"));
        ImapCommand create("CREATE");
        create.mailbox(path);
        if (auto r = session.executeOk(create, QObject::tr("Creating the folder “%1”").arg(name.value())); !r)
            return r.error();
        // Subscribed, so other mail programs show it too.
        ImapCommand subscribe("SUBSCRIBE");
        subscribe.mailbox(path);
        if (auto r = session.execute(subscribe); !r)
            return r.error();
        auto fresh = folders(session, true);
        if (!fresh)
            return fresh.error();
        return channelOf(fresh.value(), path);
    });
}

Result<Channel> ImapClient::renameFolder(const QString& channelId, const QString& rawName) {
    const auto path = folderFromChannelId(channelId, m_settings.accountId);
    if (!path)
        return ProviderError::notFound(QObject::tr("The folder does not belong to the account."),
                                       QStringLiteral("unknown_channel"));
    return run<Channel>([&](ImapSession& session) -> Result<Channel> {
        auto list = folders(session, true);
        if (!list)
            return list.error();
        const FolderInfo* folder = findFolder(list.value(), *path);
        if (!folder)
            return ProviderError::notFound(QObject::tr("The folder “%1” no longer exists.").arg(*path),
                                           QStringLiteral("unknown_channel"));
        if (auto ok = checkChangeable(*folder, QObject::tr("renamed")); !ok)
            return ok.error();
        const char delimiter = folder->delimiter;
        auto name = checkName(rawName, delimiter);
        if (!name)
            return name.error();
        const qsizetype cut = delimiter != 0 ? path->lastIndexOf(QLatin1Char(delimiter)) : -1;
        const QString target = cut > 0 ? path->left(cut + 1) + name.value() : name.value();
        if (target == *path)
            return channelOf(list.value(), target);
        if (findFolder(list.value(), target))
            return ProviderError::invalid(QObject::tr("There is a folder “%1” already.").arg(name.value()),
                                          QStringLiteral("folder_exists"));
        // Subscriptions do not follow a rename (RFC 3501): move them along, subfolders too.
        QStringList moved{*path};
        for (const FolderInfo& f : list.value()) {
            if (delimiter != 0 && f.path.startsWith(*path + QLatin1Char(delimiter)))
                moved.append(f.path);
        }
        if (auto left = leaveFolder(session, *path, delimiter); !left)
            return left.error();
        ImapCommand rename("RENAME");
        rename.mailbox(*path).mailbox(target);
        if (auto r = session.executeOk(rename, QObject::tr("Renaming the folder “%1”").arg(*path)); !r)
            return r.error();
        for (const QString& old : std::as_const(moved)) {
            ImapCommand unsubscribe("UNSUBSCRIBE");
            unsubscribe.mailbox(old);
            ImapCommand subscribe("SUBSCRIBE");
            subscribe.mailbox(target + old.mid(path->size()));
            for (const ImapCommand* c : {&unsubscribe, &subscribe}) {
                if (auto r = session.execute(*c); !r)
                    return r.error(); // a NO only leaves a subscription behind
            }
        }
        auto fresh = folders(session, true);
        if (!fresh)
            return fresh.error();
        return channelOf(fresh.value(), target);
    });
}

Result<void> ImapClient::deleteFolder(const QString& channelId) {
    const auto path = folderFromChannelId(channelId, m_settings.accountId);
    if (!path)
        return ProviderError::notFound(QObject::tr("The folder does not belong to the account."),
                                       QStringLiteral("unknown_channel"));
    return run<void>([&](ImapSession& session) -> Result<void> {
        auto list = folders(session, true);
        if (!list)
            return list.error();
        const FolderInfo* folder = findFolder(list.value(), *path);
        if (!folder)
            return Done{}; // gone already: what the user wanted
        if (auto ok = checkChangeable(*folder, QObject::tr("deleted")); !ok)
            return ok.error();
        const char delimiter = folder->delimiter;
        // Servers refuse to delete a folder with children (Dovecot): the deepest go first.
        QStringList doomed;
        for (const FolderInfo& f : list.value()) {
            if (delimiter != 0 && f.path.startsWith(*path + QLatin1Char(delimiter))) {
                if (f.role != ChannelRole::None)
                    return checkChangeable(f, QObject::tr("deleted"));
                doomed.append(f.path);
            }
        }
        std::sort(doomed.begin(), doomed.end(),
                  [](const QString& a, const QString& b) { return a.size() > b.size(); });
        doomed.append(*path);
        if (auto left = leaveFolder(session, *path, delimiter); !left)
            return left.error();
        for (const QString& each : std::as_const(doomed)) {
            ImapCommand remove("DELETE");
            remove.mailbox(each);
            if (auto r = session.executeOk(remove, QObject::tr("Deleting the folder “%1”").arg(each)); !r)
                return r.error();
            ImapCommand unsubscribe("UNSUBSCRIBE");
            unsubscribe.mailbox(each);
            if (auto r = session.execute(unsubscribe); !r)
                return r.error();
        }
        m_folders.reset(); // the cached list still has them
        return Done{};
    });
}

Result<void> ImapClient::markChannelRead(const QString& channelId) {
    const auto path = folderFromChannelId(channelId, m_settings.accountId);
    if (!path)
        return ProviderError::notFound(QObject::tr("The folder does not belong to the account."),
                                       QStringLiteral("unknown_channel"));
    return run<void>([&](ImapSession& session) -> Result<void> {
        auto box = session.select(*path);
        if (!box)
            return box.error();
        if (box.value().exists == 0)
            return Done{};
        ImapCommand store("UID STORE");
        store.raw("1:*").raw("+FLAGS.SILENT (\\Seen)");
        if (auto r = session.executeOk(store, QObject::tr("Marking “%1” read").arg(*path)); !r)
            return r.error();
        return Done{};
    });
}

} // namespace tributary::imap
