#include "imap/ImapClient.h"
#include "imap/ImapDataParser.h"
#include "imap/ImapEnvelopes.h"
#include "imap/SmtpSender.h"
#include "mail/OutgoingMime.h"
#include "util/Logging.h"

#include <QObject>
#include <algorithm>

// The ImapClient operations that change mail: flags, moving, deleting, sending and
// drafts (reading is in ImapClient.cpp).

namespace tributary::imap {

namespace {
//! The UIDs of messages in one folder, ascending, as sequence sets want them.
QList<quint32> sortedUids(const QList<MessageRef>& refs) {
    QList<quint32> uids;
    uids.reserve(refs.size());
    for (const MessageRef& ref : refs)
        uids.append(ref.uid);
    std::sort(uids.begin(), uids.end());
    return uids;
}
} // namespace

// ---------------------------------------------------------------------------------------
// Changing

Result<QList<quint32>> ImapClient::findByMessageId(ImapSession& session, const QString& folder,
                                                   const QString& messageId) {
    auto box = session.ensureSelected(folder);
    if (!box)
        return box.error();
    ImapCommand command = uidSearchCommand(session);
    command.raw("HEADER Message-ID").string(QByteArray("<" + messageId.toUtf8() + ">"));
    return searchUids(session, command, QObject::tr("Looking for the message in \"%1\"").arg(folder));
}

Result<std::optional<quint32>> ImapClient::append(ImapSession& session, const QString& folder,
                                                  const QByteArray& flags, const QByteArray& data) {
    ImapCommand command("APPEND");
    command.mailbox(folder).raw(flags).literal(data);
    auto r = session.executeOk(command, QObject::tr("Saving the message to \"%1\"").arg(folder));
    if (!r)
        return r.error();
    // [APPENDUID <uidvalidity> <uid>] (UIDPLUS)
    const QList<QByteArray> code = r.value().code.split(' ');
    if (code.size() == 3 && code[0].toUpper() == "APPENDUID") {
        bool ok = false;
        const quint32 uid = code[2].toUInt(&ok);
        if (ok)
            return std::optional<quint32>(uid);
    }
    return std::optional<quint32>();
}

Result<void> ImapClient::expungeUids(ImapSession& session, const QList<quint32>& ascendingUids) {
    if (ascendingUids.isEmpty())
        return Done{};
    const QByteArray set = formatSequenceSet(ascendingUids);
    ImapCommand store("UID STORE");
    store.raw(set).raw("+FLAGS.SILENT (\\Deleted)");
    if (auto r = session.executeOk(store, QObject::tr("Deleting messages")); !r)
        return r.error();
    // UID EXPUNGE removes only ours; a plain EXPUNGE would also remove messages another
    // client marked \Deleted, so it is the fallback for servers without UIDPLUS only.
    ImapCommand expunge(session.hasCapability("UIDPLUS") ? "UID EXPUNGE" : "EXPUNGE");
    if (session.hasCapability("UIDPLUS"))
        expunge.raw(set);
    if (auto r = session.executeOk(expunge, QObject::tr("Deleting messages")); !r)
        return r.error();
    return Done{};
}

Result<void> ImapClient::moveUids(ImapSession& session, const QList<quint32>& ascendingUids,
                                  const QString& target) {
    if (ascendingUids.isEmpty())
        return Done{};
    const QByteArray set = formatSequenceSet(ascendingUids);
    if (session.hasCapability("MOVE")) {
        ImapCommand move("UID MOVE");
        move.raw(set).mailbox(target);
        if (auto r = session.executeOk(move, QObject::tr("Moving messages to \"%1\"").arg(target)); !r)
            return r.error();
        return Done{};
    }
    ImapCommand copy("UID COPY");
    copy.raw(set).mailbox(target);
    if (auto r = session.executeOk(copy, QObject::tr("Copying messages to \"%1\"").arg(target)); !r)
        return r.error();
    return expungeUids(session, ascendingUids);
}

Result<void> ImapClient::setFlags(const QStringList& messageIds, MessageFlags add, MessageFlags remove) {
    auto groups = groupByFolder(messageIds);
    if (!groups)
        return groups.error();
    return run<void>([&](ImapSession& session) -> Result<void> {
        for (auto it = groups.value().cbegin(); it != groups.value().cend(); ++it) {
            if (auto selected = selectFor(session, it.value().first()); !selected)
                return selected.error();
            const QList<quint32> uids = sortedUids(it.value());
            const QByteArray set = formatSequenceSet(uids);
            for (const auto& [flags, op] : {std::pair{add, QByteArray("+FLAGS.SILENT")},
                                            std::pair{remove, QByteArray("-FLAGS.SILENT")}}) {
                const QByteArray list = imapFlagList(flags);
                if (list.isEmpty())
                    continue;
                ImapCommand store("UID STORE");
                store.raw(set).raw(op).raw("(" + list + ")");
                if (auto r = session.executeOk(store, QObject::tr("Changing flags")); !r)
                    return r.error();
            }
        }
        return Done{};
    });
}

Result<void> ImapClient::move(const QStringList& messageIds, const QString& targetChannelId) {
    const auto target = folderFromChannelId(targetChannelId, m_settings.accountId);
    if (!target)
        return ProviderError::notFound(QObject::tr("The target folder does not belong to the account."),
                                       QStringLiteral("unknown_channel"));
    auto groups = groupByFolder(messageIds);
    if (!groups)
        return groups.error();
    return run<void>([&](ImapSession& session) -> Result<void> {
        for (auto it = groups.value().cbegin(); it != groups.value().cend(); ++it) {
            if (it.key() == *target)
                continue;
            if (auto selected = selectFor(session, it.value().first()); !selected)
                return selected.error();
            const QList<quint32> uids = sortedUids(it.value());
            if (auto moved = moveUids(session, uids, *target); !moved)
                return moved.error();
        }
        return Done{};
    });
}

Result<void> ImapClient::remove(const QStringList& messageIds) {
    auto groups = groupByFolder(messageIds);
    if (!groups)
        return groups.error();
    return run<void>([&](ImapSession& session) -> Result<void> {
        auto trash = roleFolder(session, ChannelRole::Trash);
        if (!trash)
            return trash.error();
        for (auto it = groups.value().cbegin(); it != groups.value().cend(); ++it) {
            if (auto selected = selectFor(session, it.value().first()); !selected)
                return selected.error();
            const QList<quint32> uids = sortedUids(it.value());
            const bool toTrash = trash.value() && *trash.value() != it.key();
            auto done = toTrash ? moveUids(session, uids, *trash.value()) : expungeUids(session, uids);
            if (!done)
                return done.error();
        }
        return Done{};
    });
}

Result<QStringList> ImapClient::findMessages(const QString& channelId, const QStringList& messageIdHeaders) {
    const auto folder = folderFromChannelId(channelId, m_settings.accountId);
    if (!folder)
        return ProviderError::notFound(QObject::tr("The folder does not belong to the account."),
                                       QStringLiteral("unknown_channel"));
    return run<QStringList>([&](ImapSession& session) -> Result<QStringList> {
        QStringList ids;
        ids.reserve(messageIdHeaders.size());
        for (const QString& header : messageIdHeaders) {
            if (header.isEmpty()) {
                ids.append(QString());
                continue;
            }
            auto uids = findByMessageId(session, *folder, header);
            if (!uids)
                return uids.error();
            const quint32 validity = session.selected() ? session.selected()->uidValidity : 0;
            ids.append(
                uids.value().isEmpty()
                    ? QString()
                    : MessageRef{*folder, validity, uids.value().constLast()}.globalId(m_settings.accountId));
        }
        return ids;
    });
}

Result<void> ImapClient::completeThreading(OutgoingMessage& message) {
    if (message.inReplyToId.isEmpty() || !message.inReplyToHeader.isEmpty())
        return Done{};
    const auto ref = resolve(message.inReplyToId);
    if (!ref)
        return ref.error();
    auto original = run<ImapFetchItem>(
        [&](ImapSession& session) -> Result<ImapFetchItem> { return fetchStructure(session, ref.value()); });
    if (!original)
        return original.error();
    message.inReplyToHeader = original.value().envelope.messageId;
    if (message.referencesHeader.isEmpty())
        message.referencesHeader = original.value().references;
    return Done{};
}

Result<void> ImapClient::checkSending() {
    return checkSmtpSignIn(m_settings, m_secret, m_abort);
}

Result<void> ImapClient::saveDraft(const OutgoingMessage& message) {
    auto built = mail::buildOutgoing(message, Participant{m_settings.emailAddress, m_settings.fullName, {}});
    if (!built)
        return built.error();
    const mail::OutgoingMime& mime = built.value();
    return run<void>([&](ImapSession& session) -> Result<void> {
        auto drafts = roleFolder(session, ChannelRole::Drafts);
        if (!drafts)
            return drafts.error();
        if (!drafts.value())
            return ProviderError::invalid(QObject::tr("The account has no Drafts folder."),
                                          QStringLiteral("no_drafts_folder"));
        const QString folder = *drafts.value();
        // Autosave replaces the previous version (same client id, same Message-ID).
        auto previous = findByMessageId(session, folder, mime.messageId);
        if (!previous)
            return previous.error();
        auto saved = append(session, folder, "(\\Draft \\Seen)", mime.copy);
        if (!saved)
            return saved.error();
        if (!previous.value().isEmpty()) {
            if (auto box = session.ensureSelected(folder); !box)
                return box.error();
            if (auto removed = expungeUids(session, previous.value()); !removed)
                return removed.error();
        }
        return removeReplacedDraft(session, message);
    });
}

Result<void> ImapClient::removeReplacedDraft(ImapSession& session, const OutgoingMessage& message) {
    if (message.replacesDraftId.isEmpty())
        return Done{};
    const auto ref = MessageRef::fromGlobalId(message.replacesDraftId, m_settings.accountId);
    auto drafts = roleFolder(session, ChannelRole::Drafts);
    if (!drafts)
        return drafts.error();
    // Only ever a message of the Drafts folder: an id from elsewhere is left alone.
    if (!ref || !drafts.value() || ref->folder != *drafts.value())
        return Done{};
    if (auto selected = selectFor(session, *ref); !selected)
        return selected.error().kind == ErrorKind::NotFound ? Result<void>(Done{}) : selected;
    // Gone already (an earlier save replaced it) is fine: UID EXPUNGE of a missing UID is a no-op.
    return expungeUids(session, {ref->uid});
}

} // namespace tributary::imap
