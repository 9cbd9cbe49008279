#pragma once

#include <QString>
#include <optional>

namespace tributary::imap {

//! Locates one message: folder path, UIDVALIDITY and UID. Its native id
//! "<folder>;UIDVALIDITY=<v>;UID=<u>" (after RFC 5092 IMAP URLs) lets any message id
//! name its folder, and goes stale (NotFound) when the folder's UIDVALIDITY changes.
struct MessageRef {
    QString folder;
    quint32 uidValidity = 0;
    quint32 uid = 0;

    QString nativeId() const;
    QString globalId(const QString& accountId) const;
    static std::optional<MessageRef> fromNativeId(const QString& nativeId);
    //! Parses a global message id of this account; nothing if malformed or foreign.
    static std::optional<MessageRef> fromGlobalId(const QString& globalId, const QString& accountId);
};

//! The global id of a folder.
QString channelIdFor(const QString& accountId, const QString& folder);
//! The folder path of a global channel id of this account.
std::optional<QString> folderFromChannelId(const QString& channelId, const QString& accountId);

} // namespace tributary::imap
