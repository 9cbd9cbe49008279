#include "imap/ImapIds.h"

#include "model/Ids.h"

namespace tributary::imap {

namespace {
const QString kUidValidity = QStringLiteral(";UIDVALIDITY=");
const QString kUid = QStringLiteral(";UID=");
} // namespace

QString MessageRef::nativeId() const {
    return folder + kUidValidity + QString::number(uidValidity) + kUid + QString::number(uid);
}

QString MessageRef::globalId(const QString& accountId) const {
    return makeId(IdKind::Message, accountId, nativeId());
}

std::optional<MessageRef> MessageRef::fromNativeId(const QString& nativeId) {
    const qsizetype uidPos = nativeId.lastIndexOf(kUid);
    if (uidPos < 0)
        return std::nullopt;
    const qsizetype validityPos = nativeId.lastIndexOf(kUidValidity, uidPos);
    if (validityPos < 0 || validityPos + kUidValidity.size() > uidPos)
        return std::nullopt;
    bool ok1 = false;
    bool ok2 = false;
    MessageRef ref;
    ref.folder = nativeId.left(validityPos);
    ref.uidValidity = QStringView(nativeId)
                          .mid(validityPos + kUidValidity.size(), uidPos - validityPos - kUidValidity.size())
                          .toUInt(&ok1);
    ref.uid = QStringView(nativeId).mid(uidPos + kUid.size()).toUInt(&ok2);
    if (!ok1 || !ok2 || ref.folder.isEmpty() || ref.uid == 0)
        return std::nullopt;
    return ref;
}

std::optional<MessageRef> MessageRef::fromGlobalId(const QString& globalId, const QString& accountId) {
    const auto id = GlobalId::parse(globalId);
    if (!id || id->kind != IdKind::Message || id->accountId != accountId)
        return std::nullopt;
    return fromNativeId(id->nativeId);
}

QString channelIdFor(const QString& accountId, const QString& folder) {
    return makeId(IdKind::Channel, accountId, folder);
}

std::optional<QString> folderFromChannelId(const QString& channelId, const QString& accountId) {
    const auto id = GlobalId::parse(channelId);
    if (!id || id->kind != IdKind::Channel || id->accountId != accountId || id->nativeId.isEmpty())
        return std::nullopt;
    return id->nativeId;
}

} // namespace tributary::imap
