#pragma once

#include "imap/ImapSession.h"
#include "model/Model.h"

#include <QList>

namespace tributary::imap {

//! One mailbox as the server lists it.
struct FolderInfo {
    QString path;         //!< decoded full path ("Public/Team")
    char delimiter = '/'; //!< hierarchy delimiter, 0 if flat
    ChannelRole role = ChannelRole::None;
    bool selectable = true;
    bool shared = false; //!< under an "other users" or "shared" namespace
    qint64 total = -1;
    qint64 unseen = -1;
};

//! Lists every mailbox with its special-use role (RFC 6154, or well-known names when
//! the server has no SPECIAL-USE), shared-namespace membership (RFC 2342) and counts
//! (LIST-STATUS in one round trip where offered, else STATUS per folder).
Result<QList<FolderInfo>> listFolders(ImapSession& session, bool withCounts);

//! The folder that has `role`, if any.
std::optional<QString> folderWithRole(const QList<FolderInfo>& folders, ChannelRole role);

//! Channels for the folders: global ids, parents, display names; Inbox first.
QList<Channel> toChannels(const QString& accountId, const QList<FolderInfo>& folders);

} // namespace tributary::imap
