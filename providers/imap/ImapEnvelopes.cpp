#include "imap/ImapEnvelopes.h"

#include "imap/ImapDataParser.h"
#include "model/Ids.h"

#include <QObject>
#include <algorithm>

namespace tributary::imap {

const QByteArray kEnvelopeItems = QByteArrayLiteral(
    "(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (REFERENCES)])");

namespace {
Participant toParticipant(const ImapAddress& a) {
    Participant p;
    p.address = a.address;
    p.displayName = a.name;
    return p;
}

QList<Participant> toParticipants(const QList<ImapAddress>& list) {
    QList<Participant> out;
    out.reserve(list.size());
    for (const ImapAddress& a : list)
        out.append(toParticipant(a));
    return out;
}
} // namespace

ImapCommand uidSearchCommand(const ImapSession& session) {
    ImapCommand command("UID SEARCH");
    if (session.hasCapability("ESEARCH"))
        command.raw("RETURN (ALL)");
    return command;
}

Result<QList<quint32>> searchUids(ImapSession& session, const ImapCommand& command, const QString& what) {
    QList<quint32> uids;
    auto r = session.executeOk(command, what, [&uids](const ImapResponse& response) {
        if (response.isKeyword("SEARCH") || response.isKeyword("ESEARCH"))
            parseSearch(response, uids);
    });
    if (!r)
        return r.error();
    std::sort(uids.begin(), uids.end());
    uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
    return uids;
}

Message toMessage(const ImapFetchItem& item, const QString& accountId, const QString& channelId,
                  const MessageRef& ref) {
    Message m;
    m.nativeId = ref.nativeId();
    m.id = makeId(IdKind::Message, accountId, m.nativeId);
    m.accountId = accountId;
    m.channelId = channelId;
    m.kind = ConversationKind::Email;
    const ImapEnvelope& e = item.envelope;
    m.messageIdHeader = e.messageId;
    m.inReplyTo = e.inReplyTo;
    m.references = item.references;
    if (!e.from.isEmpty())
        m.author = toParticipant(e.from.first());
    else if (!e.sender.isEmpty())
        m.author = toParticipant(e.sender.first());
    m.to = toParticipants(e.to);
    m.cc = toParticipants(e.cc);
    m.bcc = toParticipants(e.bcc);
    m.replyTo = toParticipants(e.replyTo);
    m.sentAt = e.date;
    m.receivedAt = item.internalDate;
    m.subject = e.subject;
    if (!item.preview.isEmpty())
        m.snippet = makeSnippet(item.preview);
    m.hasAttachments = item.hasAttachments;
    m.size = item.size;
    m.flags = item.flags;
    return m;
}

Result<QList<Message>> fetchEnvelopes(ImapSession& session, const QString& accountId, const QString& folder,
                                      quint32 uidValidity, const QList<quint32>& ascendingUids) {
    QList<Message> messages;
    if (ascendingUids.isEmpty())
        return messages;
    messages.reserve(ascendingUids.size());
    const QString channelId = channelIdFor(accountId, folder);
    ImapCommand command("UID FETCH");
    command.raw(formatSequenceSet(ascendingUids)).raw(kEnvelopeItems);
    MessageRef ref{folder, uidValidity, 0};
    ImapFetchItem item;
    QList<quint32> arrival;
    arrival.reserve(ascendingUids.size());
    auto r =
        session.executeOk(command, QObject::tr("Reading the messages of \"%1\"").arg(folder),
                          [&](const ImapResponse& response) {
                              if (!response.hasNumber || !response.isKeyword("FETCH"))
                                  return;
                              item = ImapFetchItem();
                              if (!parseFetch(response, item) || item.uid == 0 || !item.hasEnvelope)
                                  return; // unsolicited flag updates carry no envelope
                              if (!std::binary_search(ascendingUids.begin(), ascendingUids.end(), item.uid))
                                  return;
                              ref.uid = item.uid;
                              arrival.append(item.uid);
                              messages.append(toMessage(item, accountId, channelId, ref));
                          });
    if (!r)
        return r.error();
    // Servers answer in ascending order as a rule; reverse cheaply, sort only if not.
    if (std::is_sorted(arrival.begin(), arrival.end())) {
        std::reverse(messages.begin(), messages.end());
        return messages;
    }
    QList<qsizetype> order(arrival.size());
    for (qsizetype i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(),
              [&arrival](qsizetype a, qsizetype b) { return arrival[a] > arrival[b]; });
    QList<Message> sorted;
    sorted.reserve(messages.size());
    for (qsizetype i : order)
        sorted.append(std::move(messages[i]));
    return sorted;
}

QByteArray imapFlagList(MessageFlags flags) {
    QByteArrayList parts;
    if (flags.testFlag(MessageFlag::Read))
        parts << "\\Seen";
    if (flags.testFlag(MessageFlag::Flagged))
        parts << "\\Flagged";
    if (flags.testFlag(MessageFlag::Answered))
        parts << "\\Answered";
    if (flags.testFlag(MessageFlag::Draft))
        parts << "\\Draft";
    if (flags.testFlag(MessageFlag::Deleted))
        parts << "\\Deleted";
    if (flags.testFlag(MessageFlag::Forwarded))
        parts << "$Forwarded";
    return parts.join(' ');
}

} // namespace tributary::imap
