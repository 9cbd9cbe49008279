#include "imap/ImapFolders.h"

#include "imap/ImapDataParser.h"
#include "imap/ImapIds.h"
#include "imap/ImapUtf7.h"
#include "model/ChannelOrder.h"
#include "util/Logging.h"

#include <QHash>
#include <QObject>
#include <algorithm>

namespace tributary::imap {

namespace {

ChannelRole roleFromAttributes(const ImapListEntry& entry) {
    struct Mapping {
        const char* attribute;
        ChannelRole role;
    };
    static const Mapping mappings[] = {
        {"\\Sent", ChannelRole::Sent},       {"\\Drafts", ChannelRole::Drafts},
        {"\\Trash", ChannelRole::Trash},     {"\\Junk", ChannelRole::Junk},
        {"\\Archive", ChannelRole::Archive}, {"\\All", ChannelRole::All},
        {"\\Flagged", ChannelRole::Flagged},
    };
    for (const Mapping& m : mappings) {
        if (entry.hasAttribute(m.attribute))
            return m.role;
    }
    return ChannelRole::None;
}

//! Names clients and servers commonly give the special folders, for servers
//! without SPECIAL-USE.
ChannelRole roleFromName(const QString& leaf) {
    const QString name = leaf.toLower();
    static const QHash<QString, ChannelRole> names = {
        {QStringLiteral("sent"), ChannelRole::Sent},
        {QStringLiteral("sent items"), ChannelRole::Sent},
        {QStringLiteral("sent messages"), ChannelRole::Sent},
        {QStringLiteral("sent mail"), ChannelRole::Sent},
        {QStringLiteral("drafts"), ChannelRole::Drafts},
        {QStringLiteral("draft"), ChannelRole::Drafts},
        {QStringLiteral("trash"), ChannelRole::Trash},
        {QStringLiteral("deleted items"), ChannelRole::Trash},
        {QStringLiteral("deleted messages"), ChannelRole::Trash},
        {QStringLiteral("bin"), ChannelRole::Trash},
        {QStringLiteral("junk"), ChannelRole::Junk},
        {QStringLiteral("spam"), ChannelRole::Junk},
        {QStringLiteral("junk e-mail"), ChannelRole::Junk},
        {QStringLiteral("junk email"), ChannelRole::Junk},
        {QStringLiteral("bulk mail"), ChannelRole::Junk},
        {QStringLiteral("archive"), ChannelRole::Archive},
        {QStringLiteral("archives"), ChannelRole::Archive},
    };
    return names.value(name, ChannelRole::None);
}

QString leafName(const FolderInfo& f) {
    if (f.delimiter == 0)
        return f.path;
    const qsizetype cut = f.path.lastIndexOf(QLatin1Char(f.delimiter));
    return cut < 0 ? f.path : f.path.mid(cut + 1);
}

QString parentPath(const FolderInfo& f) {
    if (f.delimiter == 0)
        return QString();
    const qsizetype cut = f.path.lastIndexOf(QLatin1Char(f.delimiter));
    return cut <= 0 ? QString() : f.path.left(cut);
}

bool isInbox(const QString& path) {
    return path.compare(QLatin1String("INBOX"), Qt::CaseInsensitive) == 0;
}

} // namespace

Result<QList<FolderInfo>> listFolders(ImapSession& session, bool withCounts) {
    // Shared namespaces first: folders under them are team mailboxes.
    QList<QByteArray> sharedPrefixes;
    if (session.hasCapability("NAMESPACE")) {
        auto r = session.executeOk(ImapCommand("NAMESPACE"), QObject::tr("Reading the folder namespaces"),
                                   [&sharedPrefixes, &session](const ImapResponse& response) {
                                       if (!response.isKeyword("NAMESPACE"))
                                           return;
                                       const auto ns = parseNamespace(response);
                                       if (!ns) {
                                           session.refuse(ImapReader::Failure::Syntax);
                                           return;
                                       }
                                       for (const auto* list : {&ns->otherUsers, &ns->shared}) {
                                           for (const ImapNamespace& n : *list) {
                                               if (!n.prefix.isEmpty())
                                                   sharedPrefixes.append(n.prefix);
                                           }
                                       }
                                   });
        if (!r)
            return r.error();
    }

    const bool specialUse = session.hasCapability("SPECIAL-USE");
    const bool listStatus = withCounts && session.hasCapability("LIST-STATUS");
    ImapCommand list("LIST");
    list.raw("\"\" \"*\"");
    if (session.hasCapability("LIST-EXTENDED") && (specialUse || listStatus)) {
        QByteArray options;
        if (specialUse)
            options += "SPECIAL-USE";
        if (listStatus)
            options += QByteArray(options.isEmpty() ? "" : " ") + "STATUS (MESSAGES UNSEEN)";
        list.raw("RETURN (" + options + ")");
    }
    QList<ImapListEntry> entries;
    QHash<QByteArray, ImapStatus> statuses;
    // A LIST line that cannot be read fails the listing: a folder silently left out would look
    // like a folder deleted on the server.
    auto onData = [&entries, &statuses, &session](const ImapResponse& response) {
        if (response.isKeyword("LIST")) {
            if (auto entry = parseList(response))
                entries.append(std::move(*entry));
            else
                session.refuse(ImapReader::Failure::Syntax);
        } else if (auto status = parseStatus(response)) {
            statuses.insert(status->mailbox, *status);
        }
    };
    if (auto r = session.executeOk(list, QObject::tr("Listing folders"), onData); !r)
        return r.error();

    QList<FolderInfo> folders;
    folders.reserve(entries.size());
    bool roleSeen[9] = {};
    for (const ImapListEntry& entry : entries) {
        const std::optional<QString> path = decodeMailboxName(entry.name);
        if (!path) {
            // Sending back a guessed name would open another folder or none: leave it out.
            qCWarning(lcImap) << "The server listed a folder whose name is not valid modified UTF-7"
                              << "(RFC 3501 5.1.3); it is not shown:" << entry.name;
            continue;
        }
        FolderInfo f;
        f.path = *path;
        f.delimiter = entry.delimiter;
        f.selectable = !entry.hasAttribute("\\Noselect") && !entry.hasAttribute("\\NonExistent");
        f.role = isInbox(f.path) ? ChannelRole::Inbox : roleFromAttributes(entry);
        if (isInbox(f.path))
            f.path = QStringLiteral("INBOX"); // INBOX is case-insensitive; one spelling
        for (const QByteArray& prefix : sharedPrefixes) {
            QByteArray bare = prefix;
            if (entry.delimiter && bare.endsWith(entry.delimiter))
                bare.chop(1);
            if (entry.name.startsWith(prefix) || entry.name == bare)
                f.shared = true;
        }
        if (f.shared && f.role != ChannelRole::Inbox)
            f.role = roleFromAttributes(entry); // a teammate's "Sent" is not ours
        const auto status = statuses.constFind(entry.name);
        if (status != statuses.constEnd()) {
            f.total = status->messages;
            f.unseen = status->unseen;
        }
        roleSeen[static_cast<int>(f.role)] = true;
        folders.append(f);
    }
    // Servers without SPECIAL-USE: fall back on well-known names in the personal
    // namespace (top level or directly under INBOX).
    for (FolderInfo& f : folders) {
        if (f.role != ChannelRole::None || f.shared || !f.selectable)
            continue;
        const QString parent = parentPath(f);
        if (!parent.isEmpty() && !isInbox(parent))
            continue;
        const ChannelRole guess = roleFromName(leafName(f));
        if (guess != ChannelRole::None && !roleSeen[static_cast<int>(guess)]) {
            f.role = guess;
            roleSeen[static_cast<int>(guess)] = true;
        }
    }
    if (withCounts && !listStatus) {
        for (FolderInfo& f : folders) {
            if (!f.selectable)
                continue;
            ImapCommand status("STATUS");
            status.mailbox(f.path).raw("(MESSAGES UNSEEN)");
            auto r = session.execute(status, [&f](const ImapResponse& response) {
                if (auto s = parseStatus(response)) {
                    f.total = s->messages;
                    f.unseen = s->unseen;
                }
            });
            if (!r)
                return r.error(); // a NO for one folder only leaves its counts unknown
        }
    }
    return folders;
}

std::optional<QString> folderWithRole(const QList<FolderInfo>& folders, ChannelRole role) {
    for (const FolderInfo& f : folders) {
        if (f.role == role && f.selectable && !f.shared)
            return f.path;
    }
    return std::nullopt;
}

QList<Channel> toChannels(const QString& accountId, const QList<FolderInfo>& folders) {
    QHash<QString, int> index;
    for (int i = 0; i < folders.size(); ++i)
        index.insert(folders[i].path, i);
    QList<Channel> channels;
    channels.reserve(folders.size());
    for (const FolderInfo& f : folders) {
        Channel c;
        c.id = channelIdFor(accountId, f.path);
        c.accountId = accountId;
        c.nativeId = f.path;
        c.name = f.role == ChannelRole::Inbox ? QStringLiteral("Inbox") : leafName(f);
        if (c.name.isEmpty())
            c.name = f.path;
        const QString parent = parentPath(f);
        if (!parent.isEmpty() && index.contains(parent))
            c.parentId = channelIdFor(accountId, parent);
        c.kind = ChannelKind::Folder;
        c.role = f.role;
        c.shared = f.shared;
        c.selectable = f.selectable;
        c.totalCount = static_cast<int>(f.total);
        c.unreadCount = static_cast<int>(f.unseen);
        channels.append(c);
    }
    std::stable_sort(channels.begin(), channels.end(), [](const Channel& a, const Channel& b) {
        const int ra = a.shared ? 9 : channelRoleOrder(a.role);
        const int rb = b.shared ? 9 : channelRoleOrder(b.role);
        if (ra != rb)
            return ra < rb;
        return a.nativeId.localeAwareCompare(b.nativeId) < 0;
    });
    return channels;
}

} // namespace tributary::imap
