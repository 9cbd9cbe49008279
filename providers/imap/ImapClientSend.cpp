// Sending with a record on the server, so that a send cut short by a crash is never lost
// and never delivered twice without the user's say.
//
// The copy in Sent is the record. It is APPENDed before anything goes to the SMTP server,
// marked $TributaryUnsent; just before the end-of-data mark it becomes
// $TributaryMaybeSent; after the server's 250 the keyword goes and it is the plain Sent
// copy. Whatever stops the process, the next start reads the state from the server:
//   no record, or $TributaryUnsent  -> nothing was delivered (the record becomes a draft)
//   $TributaryMaybeSent             -> the server may have it: the user decides
//   a copy without our keywords     -> it was sent
// The body never touches the local disk (data policy): the server holds it.

#include "imap/ImapClient.h"
#include "imap/ImapEnvelopes.h"
#include "imap/ImapIdentities.h"
#include "imap/SmtpSender.h"
#include "mail/OutgoingMime.h"
#include "util/KillPoint.h"
#include "util/Logging.h"

#include <QObject>

namespace tributary::imap {

namespace {

const QByteArray kUnsent = "$TributaryUnsent";
const QByteArray kMaybeSent = "$TributaryMaybeSent";
const QByteArray kUnsentFlags = "(\\Seen " + kUnsent + ")";
const QByteArray kMaybeSentFlags = "(\\Seen " + kMaybeSent + ")";
const QByteArray kSentFlags = "(\\Seen)";
const QByteArray kDraftFlags = "(\\Seen \\Draft)";

Result<QList<quint32>> searchIn(ImapSession& session, const QByteArray& criteria, const QString& what) {
    ImapCommand command = uidSearchCommand(session);
    command.raw(criteria);
    return searchUids(session, command, what);
}

Result<QList<quint32>> searchMessageId(ImapSession& session, const QString& messageId,
                                       const QByteArray& extra = {}) {
    ImapCommand command = uidSearchCommand(session);
    command.raw("HEADER Message-ID").string(QByteArray("<" + messageId.toUtf8() + ">"));
    if (!extra.isEmpty())
        command.raw(extra);
    return searchUids(session, command, QObject::tr("Looking for the message"));
}

QList<quint32> without(QList<quint32> all, const QList<quint32>& drop) {
    all.removeIf([&](quint32 uid) { return drop.contains(uid); });
    return all;
}

//! A network failure, a cancel or a refused sign-in stop a send; a NO to the keyword
//! APPEND (a server that keeps no keywords) only means sending without a record.
bool stopsTheSend(const ProviderError& error) {
    return error.kind == ErrorKind::Network || error.kind == ErrorKind::Cancelled ||
           error.kind == ErrorKind::Auth || error.kind == ErrorKind::Storage;
}

} // namespace

Result<ImapClient::SendRecord> ImapClient::findRecord(ImapSession& session, const QString& folder,
                                                      const QString& messageId) {
    auto box = session.ensureSelected(folder);
    if (!box)
        return box.error();
    SendRecord record;
    record.ref.folder = folder;
    record.ref.uidValidity = box.value().uidValidity;
    auto all = searchMessageId(session, messageId);
    if (!all)
        return all.error();
    if (all.value().isEmpty())
        return record;
    auto unsent = searchMessageId(session, messageId, "KEYWORD " + kUnsent);
    if (!unsent)
        return unsent.error();
    auto maybe = searchMessageId(session, messageId, "KEYWORD " + kMaybeSent);
    if (!maybe)
        return maybe.error();
    // A copy without our keywords proves delivery: ours after its 250, or the server's own.
    if (const QList<quint32> done = without(without(all.value(), unsent.value()), maybe.value());
        !done.isEmpty()) {
        record.state = SendRecord::State::Delivered;
        record.ref.uid = done.last();
    } else if (!maybe.value().isEmpty()) {
        record.state = SendRecord::State::MaybeSent;
        record.ref.uid = maybe.value().last();
    } else {
        record.state = SendRecord::State::Unsent;
        record.ref.uid = unsent.value().last();
    }
    return record;
}

Result<ImapClient::SendRecord> ImapClient::ensureRecord(const mail::OutgoingMime& mime) {
    return run<SendRecord>([&](ImapSession& session) -> Result<SendRecord> {
        auto sent = roleFolder(session, ChannelRole::Sent);
        if (!sent)
            return sent.error();
        if (!sent.value()) {
            qCInfo(lcImap) << "No Sent folder: sending without a record";
            return SendRecord{};
        }
        auto record = findRecord(session, *sent.value(), mime.messageId);
        if (!record || record.value().state != SendRecord::State::None)
            return record;
        auto appended = append(session, *sent.value(), kUnsentFlags, mime.copy);
        if (!appended) {
            if (stopsTheSend(appended.error()))
                return appended.error();
            qCWarning(lcImap) << "The server refused the send record:" << appended.error().describe()
                              << "- sending without one";
            return SendRecord{};
        }
        killPoint("send:after-append");
        if (!appended.value()) // no UIDPLUS: find it again
            return findRecord(session, *sent.value(), mime.messageId);
        record.value().state = SendRecord::State::Unsent;
        record.value().ref.uid = *appended.value();
        return record;
    });
}

Result<void> ImapClient::setRecordFlags(const MessageRef& ref, const QByteArray& flags) {
    return run<void>([&](ImapSession& session) -> Result<void> {
        if (auto selected = selectFor(session, ref); !selected)
            return selected.error();
        ImapCommand store("UID STORE");
        store.raw(QByteArray::number(ref.uid)).raw("FLAGS.SILENT").raw(flags);
        if (auto r = session.executeOk(store, QObject::tr("Marking the copy in \"%1\"").arg(ref.folder)); !r)
            return r.error();
        return Done{};
    });
}

Result<SendReceipt> ImapClient::send(const OutgoingMessage& input) {
    OutgoingMessage message = input;
    if (auto threading = completeThreading(message); !threading)
        qCInfo(lcImap) << "Replying without threading headers:" << threading.error().describe();
    auto built = mail::buildOutgoing(message, Participant{m_settings.emailAddress, m_settings.fullName, {}});
    if (!built)
        return built.error();
    const mail::OutgoingMime& mime = built.value();
    SendReceipt receipt;
    receipt.nativeId = mime.messageId;
    if (m_sentClientIds.contains(message.clientId)) {
        receipt.alreadySent = true;
        return receipt;
    }

    killPoint("send:before-append");
    auto record = ensureRecord(mime);
    if (!record)
        return record.error();
    const SendRecord& r = record.value();
    switch (r.state) {
    case SendRecord::State::Delivered:
        // An earlier attempt (this run or another) went through.
        receipt.alreadySent = true;
        receipt.messageId = r.ref.globalId(m_settings.accountId);
        m_sentClientIds.insert(message.clientId);
        return receipt;
    case SendRecord::State::MaybeSent:
        if (message.ifUncertain == UncertainSend::WasSent) {
            receipt.alreadySent = true;
            receipt.messageId = finishRecord(r.ref, mime.messageId);
            m_sentClientIds.insert(message.clientId);
            afterSent(message, mime.messageId);
            return receipt;
        }
        if (message.ifUncertain != UncertainSend::SendAgain)
            return uncertainSendError(m_settings.smtp);
        qCInfo(lcImap) << "Sending again a message that may have gone already (the user chose to)";
        break;
    case SendRecord::State::None:
    case SendRecord::State::Unsent:
        break;
    }
    auto submitted = submitWithRecord(message, mime, r);
    if (!submitted)
        return submitted.error();
    receipt.messageId = submitted.value().messageId;
    return receipt;
}

Result<SendReceipt> ImapClient::submitWithRecord(const OutgoingMessage& message,
                                                 const mail::OutgoingMime& mime, const SendRecord& record) {
    const bool recorded = !record.ref.folder.isEmpty();
    SmtpSubmitHooks hooks;
    if (recorded && record.state != SendRecord::State::MaybeSent)
        hooks.beforeCommit = [&] {
            return setRecordFlags(record.ref, kMaybeSentFlags);
        };
    killPoint("send:before-connect");
    if (auto sent = sendOverSmtp(m_settings, m_secret, m_abort, mime, hooks); !sent) {
        if (sent.error().code != SendErrorCode::Uncertain)
            reportError(sent.error());
        return sent.error();
    }
    killPoint("send:after-250");
    if (!message.clientId.isEmpty())
        m_sentClientIds.insert(message.clientId);

    SendReceipt receipt;
    receipt.nativeId = mime.messageId;
    if (recorded) {
        receipt.messageId = finishRecord(record.ref, mime.messageId);
    } else {
        // No record: the copy in Sent, if there is such a folder and the server kept none.
        auto saved =
            run<std::optional<MessageRef>>([&](ImapSession& session) -> Result<std::optional<MessageRef>> {
                auto folder = roleFolder(session, ChannelRole::Sent);
                if (!folder || !folder.value())
                    return folder ? Result<std::optional<MessageRef>>(std::nullopt) : folder.error();
                auto existing = findRecord(session, *folder.value(), mime.messageId);
                if (!existing)
                    return existing.error();
                if (existing.value().state == SendRecord::State::Delivered)
                    return std::optional<MessageRef>(existing.value().ref);
                auto appended = append(session, *folder.value(), kSentFlags, mime.copy);
                if (!appended)
                    return appended.error();
                if (!appended.value())
                    return std::optional<MessageRef>();
                MessageRef ref = existing.value().ref;
                ref.uid = *appended.value();
                return std::optional<MessageRef>(ref);
            });
        if (!saved)
            qCWarning(lcImap) << "Sent, but the copy in Sent failed:" << saved.error().describe();
        else if (saved.value())
            receipt.messageId = saved.value()->globalId(m_settings.accountId);
    }
    killPoint("send:after-finish");
    afterSent(message, mime.messageId);
    return receipt;
}

QString ImapClient::finishRecord(const MessageRef& ref, const QString& messageId) {
    auto finished = run<QString>([&](ImapSession& session) -> Result<QString> {
        if (auto selected = selectFor(session, ref); !selected)
            return selected.error();
        auto copies = searchMessageId(session, messageId);
        if (!copies)
            return copies.error();
        const QList<quint32> others = without(copies.value(), {ref.uid});
        if (!others.isEmpty()) {
            // The server kept a copy of its own (as Gmail does): ours would be a second one.
            auto gone = expungeUids(session, {ref.uid});
            if (!gone)
                return gone.error();
            MessageRef kept = ref;
            kept.uid = others.last();
            return kept.globalId(m_settings.accountId);
        }
        ImapCommand store("UID STORE");
        store.raw(QByteArray::number(ref.uid)).raw("FLAGS.SILENT").raw(kSentFlags);
        if (auto r = session.executeOk(store, QObject::tr("Marking the copy in \"%1\"").arg(ref.folder)); !r)
            return r.error();
        return ref.globalId(m_settings.accountId);
    });
    if (!finished) {
        // It went: the record merely says "may have been sent" until someone clears it.
        qCWarning(lcImap) << "Sent, but the record in" << ref.folder
                          << "stays marked:" << finished.error().describe();
        return ref.globalId(m_settings.accountId);
    }
    return finished.value();
}

void ImapClient::afterSent(const OutgoingMessage& message, const QString& messageId) {
    if (!message.inReplyToId.isEmpty() &&
        (message.kind == SendKind::Reply || message.kind == SendKind::ReplyAll ||
         message.kind == SendKind::Forward)) {
        const MessageFlags flag = message.kind == SendKind::Forward ? MessageFlags(MessageFlag::Forwarded)
                                                                    : MessageFlags(MessageFlag::Answered);
        if (auto marked = setFlags({message.inReplyToId}, flag, {}); !marked)
            qCInfo(lcImap) << "Could not mark the original:" << marked.error().describe();
    }
    // The draft of this message, if autosave made one, is obsolete now, and so is the draft
    // it was resumed from.
    auto cleaned = run<void>([&](ImapSession& session) -> Result<void> {
        auto drafts = roleFolder(session, ChannelRole::Drafts);
        if (!drafts || !drafts.value())
            return Done{};
        auto box = session.ensureSelected(*drafts.value());
        if (!box)
            return box.error();
        auto old = searchMessageId(session, messageId);
        if (!old)
            return old.error();
        if (auto removed = expungeUids(session, old.value()); !removed)
            return removed.error();
        return removeReplacedDraft(session, message);
    });
    if (!cleaned)
        qCInfo(lcImap) << "Could not remove the draft:" << cleaned.error().describe();
}

Result<MessageRef> ImapClient::recordToDraft(ImapSession& session, const MessageRef& ref,
                                             const QString& messageId) {
    auto drafts = roleFolder(session, ChannelRole::Drafts);
    if (!drafts)
        return drafts.error();
    if (auto selected = selectFor(session, ref); !selected)
        return selected.error();
    if (!drafts.value() || *drafts.value() == ref.folder) {
        // Nowhere better to keep it: a draft where it is.
        ImapCommand store("UID STORE");
        store.raw(QByteArray::number(ref.uid)).raw("FLAGS.SILENT").raw(kDraftFlags);
        if (auto r = session.executeOk(store, QObject::tr("Keeping the message as a draft")); !r)
            return r.error();
        return ref;
    }
    const QString target = *drafts.value();
    // Older drafts of the same message (autosave) give way to the complete one.
    auto box = session.ensureSelected(target);
    if (!box)
        return box.error();
    auto older = searchMessageId(session, messageId);
    if (!older)
        return older.error();
    if (auto selected = selectFor(session, ref); !selected)
        return selected.error();
    // Moved with its keyword: a crash right after is finished by the scan of Drafts.
    if (auto moved = moveUids(session, {ref.uid}, target); !moved)
        return moved.error();
    box = session.ensureSelected(target);
    if (!box)
        return box.error();
    auto found = searchMessageId(session, messageId);
    if (!found)
        return found.error();
    const QList<quint32> fresh = without(found.value(), older.value());
    if (fresh.isEmpty())
        return ProviderError::notFound(
            QObject::tr("The message moved to \"%1\" could not be found there.").arg(target),
            QStringLiteral("draft_missing"));
    MessageRef draft{target, box.value().uidValidity, fresh.last()};
    ImapCommand store("UID STORE");
    store.raw(QByteArray::number(draft.uid)).raw("FLAGS.SILENT").raw(kDraftFlags);
    if (auto r = session.executeOk(store, QObject::tr("Keeping the message as a draft")); !r)
        return r.error();
    if (auto expunged = expungeUids(session, older.value()); !expunged)
        qCInfo(lcImap) << "Could not remove the older drafts:" << expunged.error().describe();
    return draft;
}

namespace {

UnfinishedSend describe(const Message& m, UnfinishedSend::Outcome outcome, const QString& recordId) {
    UnfinishedSend u;
    u.outcome = outcome;
    u.recordId = recordId;
    u.messageIdHeader = m.messageIdHeader;
    u.subject = m.subject;
    u.to = m.to + m.cc + m.bcc;
    u.date = m.sentAt.isValid() ? m.sentAt : m.receivedAt;
    return u;
}

} // namespace

Result<QList<UnfinishedSend>> ImapClient::recoverUnfinishedSends() {
    return run<QList<UnfinishedSend>>([&](ImapSession& session) -> Result<QList<UnfinishedSend>> {
        QList<UnfinishedSend> found;
        auto sent = roleFolder(session, ChannelRole::Sent);
        if (!sent)
            return sent.error();
        auto drafts = roleFolder(session, ChannelRole::Drafts);
        if (!drafts)
            return drafts.error();
        // A record moved to Drafts by an earlier recovery that stopped before its flags.
        if (drafts.value() && drafts.value() != sent.value()) {
            auto box = session.ensureSelected(*drafts.value());
            if (!box)
                return box.error();
            auto leftover = searchIn(session, "OR KEYWORD " + kUnsent + " KEYWORD " + kMaybeSent,
                                     QObject::tr("Looking for unfinished sends"));
            if (!leftover)
                return leftover.error();
            auto unsent =
                searchIn(session, "KEYWORD " + kUnsent, QObject::tr("Looking for unfinished sends"));
            if (!unsent)
                return unsent.error();
            auto messages = fetchEnvelopes(session, m_settings.accountId, *drafts.value(),
                                           box.value().uidValidity, unsent.value());
            if (!messages)
                return messages.error();
            for (quint32 uid : leftover.value()) {
                ImapCommand store("UID STORE");
                store.raw(QByteArray::number(uid)).raw("FLAGS.SILENT").raw(kDraftFlags);
                if (auto r = session.executeOk(store, QObject::tr("Keeping the message as a draft")); !r)
                    return r.error();
            }
            for (const Message& m : messages.value())
                found.append(describe(m, UnfinishedSend::Outcome::NotSent, m.id));
        }
        if (!sent.value())
            return found;
        const QString folder = *sent.value();
        auto box = session.ensureSelected(folder);
        if (!box)
            return box.error();
        const quint32 validity = box.value().uidValidity;
        auto unsent = searchIn(session, "KEYWORD " + kUnsent, QObject::tr("Looking for unfinished sends"));
        if (!unsent)
            return unsent.error();
        auto maybe = searchIn(session, "KEYWORD " + kMaybeSent, QObject::tr("Looking for unfinished sends"));
        if (!maybe)
            return maybe.error();
        auto notSent = fetchEnvelopes(session, m_settings.accountId, folder, validity, unsent.value());
        if (!notSent)
            return notSent.error();
        auto maybeSent = fetchEnvelopes(session, m_settings.accountId, folder, validity,
                                        without(maybe.value(), unsent.value()));
        if (!maybeSent)
            return maybeSent.error();
        for (const Message& m : notSent.value()) {
            const auto ref = MessageRef::fromGlobalId(m.id, m_settings.accountId);
            if (!ref)
                continue;
            auto draft = recordToDraft(session, *ref, m.messageIdHeader);
            if (!draft)
                return draft.error();
            qCInfo(lcImap) << "A send cut short before the end of the message: kept as a draft";
            found.append(
                describe(m, UnfinishedSend::Outcome::NotSent, draft.value().globalId(m_settings.accountId)));
        }
        for (const Message& m : maybeSent.value()) {
            qCInfo(lcImap) << "A send cut short after the end of the message: the user decides";
            found.append(describe(m, UnfinishedSend::Outcome::MaybeSent, m.id));
        }
        return found;
    });
}

Result<SendReceipt> ImapClient::resolveUnfinishedSend(const QString& recordId, UncertainSend decision) {
    const auto ref = resolve(recordId);
    if (!ref)
        return ref.error();
    if (decision == UncertainSend::Ask)
        return ProviderError::invalid(QObject::tr("Choose what to do with the message."),
                                      QStringLiteral("no_decision"));
    // Still the record it was? Another client (or an earlier choice) may have settled it.
    auto current = run<Message>([&](ImapSession& session) -> Result<Message> {
        if (auto selected = selectFor(session, ref.value()); !selected)
            return selected.error();
        auto marked =
            searchIn(session, "UID " + QByteArray::number(ref.value().uid) + " KEYWORD " + kMaybeSent,
                     QObject::tr("Looking for the message"));
        if (!marked)
            return marked.error();
        if (marked.value().isEmpty())
            return ProviderError::notFound(
                QObject::tr("This message was settled already (in Sent or Drafts)."),
                QStringLiteral("record_settled"));
        auto structure = fetchStructure(session, ref.value());
        if (!structure)
            return structure.error();
        Message record = toMessage(structure.value(), m_settings.accountId,
                                   channelIdFor(m_settings.accountId, ref.value().folder), ref.value());
        OwnAddresses(m_settings).mark(record);
        return record;
    });
    if (!current)
        return current.error();
    const QString messageId = current.value().messageIdHeader;
    SendReceipt receipt;
    receipt.nativeId = messageId;
    switch (decision) {
    case UncertainSend::Ask:
        break;
    case UncertainSend::WasSent:
        receipt.alreadySent = true;
        receipt.messageId = finishRecord(ref.value(), messageId);
        return receipt;
    case UncertainSend::KeepAsDraft: {
        auto draft = run<MessageRef>(
            [&](ImapSession& session) { return recordToDraft(session, ref.value(), messageId); });
        if (!draft)
            return draft.error();
        receipt.messageId = draft.value().globalId(m_settings.accountId);
        return receipt;
    }
    case UncertainSend::SendAgain: {
        auto raw = run<QByteArray>([&](ImapSession& session) -> Result<QByteArray> {
            if (auto selected = selectFor(session, ref.value()); !selected)
                return selected.error();
            ImapCommand command("UID FETCH");
            command.raw(QByteArray::number(ref.value().uid)).raw("(BODY.PEEK[])");
            std::optional<QByteArray> data;
            auto r = session.executeOk(command, QObject::tr("Reading the message"),
                                       [&](const ImapResponse& response) {
                                           ImapFetchItem item;
                                           if (!parseFetch(response, item) || item.uid != ref.value().uid)
                                               return;
                                           for (ImapSection& section : item.sections) {
                                               if (section.spec.isEmpty() && !section.nil)
                                                   data = std::move(section.data);
                                           }
                                       });
            if (!r)
                return r.error();
            if (!data)
                return ProviderError::notFound(QObject::tr("The saved message is gone."),
                                               QStringLiteral("record_settled"));
            return *data;
        });
        if (!raw)
            return raw.error();
        auto mime = mail::outgoingFromCopy(raw.value(), m_settings.emailAddress);
        if (!mime)
            return mime.error();
        SendRecord record;
        record.state = SendRecord::State::MaybeSent;
        record.ref = ref.value();
        OutgoingMessage message; // nothing to thread or clean up: only the record matters
        return submitWithRecord(message, mime.value(), record);
    }
    }
    return ProviderError::invalid(QObject::tr("Choose what to do with the message."),
                                  QStringLiteral("no_decision"));
}

} // namespace tributary::imap
