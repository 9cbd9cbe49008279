#include "imap/ImapClient.h"
#include "imap/ImapDataParser.h"
#include "imap/ImapEnvelopes.h"
#include "imap/OutgoingMime.h"
#include "imap/SmtpSender.h"
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

Result<SendReceipt> ImapClient::send(const OutgoingMessage& input) {
    OutgoingMessage message = input;
    if (auto threading = completeThreading(message); !threading)
        qCInfo(lcImap) << "Replying without threading headers:" << threading.error().describe();
    auto built = buildOutgoing(message, m_settings);
    if (!built)
        return built.error();
    const OutgoingMime& mime = built.value();
    SendReceipt receipt;
    receipt.nativeId = mime.messageId;
    if (m_sentClientIds.contains(message.clientId)) {
        receipt.alreadySent = true;
        return receipt;
    }

    // Idempotency: a retry whose first attempt went through finds its copy in Sent.
    std::optional<QString> sentFolder;
    auto check = run<QList<quint32>>([&](ImapSession& session) -> Result<QList<quint32>> {
        auto folder = roleFolder(session, ChannelRole::Sent);
        if (!folder)
            return folder.error();
        sentFolder = folder.value();
        if (!sentFolder)
            return QList<quint32>();
        return findByMessageId(session, *sentFolder, mime.messageId);
    });
    if (!check)
        return check.error();
    if (!check.value().isEmpty()) {
        receipt.alreadySent = true;
        if (m_session && m_session->selected())
            receipt.messageId =
                MessageRef{*sentFolder, m_session->selected()->uidValidity, check.value().last()}.globalId(
                    m_settings.accountId);
        m_sentClientIds.insert(message.clientId);
        return receipt;
    }

    if (auto sent = sendOverSmtp(m_settings, m_secret, m_abort, mime); !sent) {
        reportError(sent.error());
        return sent.error();
    }
    m_sentClientIds.insert(message.clientId);

    // The copy in Sent (most servers do not keep one for us). A failure here does not
    // undo the send: it is logged, and the client id above stops a duplicate.
    if (sentFolder) {
        auto saved = run<std::optional<quint32>>([&](ImapSession& session) -> Result<std::optional<quint32>> {
            auto existing = findByMessageId(session, *sentFolder, mime.messageId);
            if (!existing)
                return existing.error();
            if (!existing.value().isEmpty())
                return std::optional<quint32>(existing.value().last()); // the server saved it itself
            return append(session, *sentFolder, "(\\Seen)", mime.copy);
        });
        if (!saved) {
            qCWarning(lcImap) << "Sent, but the copy in" << *sentFolder
                              << "failed:" << saved.error().describe();
        } else if (saved.value() && m_session && m_session->selected() &&
                   m_session->selected()->name == *sentFolder) {
            receipt.messageId =
                MessageRef{*sentFolder, m_session->selected()->uidValidity, *saved.value()}.globalId(
                    m_settings.accountId);
        }
    }
    if (!message.inReplyToId.isEmpty() &&
        (message.kind == SendKind::Reply || message.kind == SendKind::ReplyAll ||
         message.kind == SendKind::Forward)) {
        const MessageFlags flag = message.kind == SendKind::Forward ? MessageFlags(MessageFlag::Forwarded)
                                                                    : MessageFlags(MessageFlag::Answered);
        if (auto marked = setFlags({message.inReplyToId}, flag, {}); !marked)
            qCInfo(lcImap) << "Could not mark the original:" << marked.error().describe();
    }
    // The draft of this message, if autosave made one, is obsolete now.
    auto cleaned = run<void>([&](ImapSession& session) -> Result<void> {
        auto drafts = roleFolder(session, ChannelRole::Drafts);
        if (!drafts || !drafts.value())
            return Done{};
        auto old = findByMessageId(session, *drafts.value(), mime.messageId);
        if (!old)
            return old.error();
        return expungeUids(session, old.value());
    });
    if (!cleaned)
        qCInfo(lcImap) << "Could not remove the draft:" << cleaned.error().describe();
    return receipt;
}

Result<void> ImapClient::checkSending() {
    return checkSmtpSignIn(m_settings, m_secret, m_abort);
}

Result<void> ImapClient::saveDraft(const OutgoingMessage& message) {
    auto built = buildOutgoing(message, m_settings);
    if (!built)
        return built.error();
    const OutgoingMime& mime = built.value();
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
        if (previous.value().isEmpty())
            return Done{};
        if (auto box = session.ensureSelected(folder); !box)
            return box.error();
        return expungeUids(session, previous.value());
    });
}

} // namespace tributary::imap
