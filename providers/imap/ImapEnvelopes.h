#pragma once

#include "imap/ImapFetchParser.h"
#include "imap/ImapIds.h"
#include "imap/ImapSession.h"

namespace tributary::imap {

//! The FETCH items that make an inbox row: flags, dates, size, envelope, attachment
//! hint, and References (ENVELOPE lacks it). BODY.PEEK, so nothing becomes \Seen.
extern const QByteArray kEnvelopeItems;

//! Up to this many messages, a listing also asks for PREVIEW (RFC 8970) where the server
//! offers it, so the rows of a window-sized page show a snippet before any body is read.
//! Larger fetches (a whole folder in one page) leave it out: the server then has to open every
//! message body (Dovecot: +0.2 s for 20,000 messages, half the listing's time).
inline constexpr qsizetype kPreviewedFetchLimit = 1000;

//! The items for a listing of `count` messages on `session`: kEnvelopeItems, plus PREVIEW
//! when the server offers it and the listing is small enough (kPreviewedFetchLimit).
QByteArray envelopeItemsFor(const ImapSession& session, qsizetype count);

//! "UID SEARCH", with "RETURN (ALL)" where ESEARCH makes the answer a compact set.
ImapCommand uidSearchCommand(const ImapSession& session);
//! Runs a UID SEARCH built from uidSearchCommand(); UIDs ascending, unique. A result that
//! cannot be read (a malformed number, more UIDs than the folder has messages) or that is
//! missing is an error, never an empty list: callers take missing UIDs as deleted mail.
Result<QList<quint32>> searchUids(ImapSession& session, const ImapCommand& command, const QString& what);

//! parseFetch() for an UntaggedHandler of `session`: a FETCH response that is malformed or
//! nested too deeply is refused (ImapSession::refuse), so the command fails with a clear
//! error instead of acting as if the message were not there. False for such a response
//! and for responses that are not FETCH.
bool readFetch(ImapSession& session, const ImapResponse& response, ImapFetchItem& out,
               const FetchOptions& options = {});

//! A Message (envelope fields only) from a FETCH item.
Message toMessage(const ImapFetchItem& item, const QString& accountId, const QString& channelId,
                  const MessageRef& ref);

//! Envelopes of these UIDs of the selected folder, newest (highest UID) first, parsed
//! as they stream in (one pipelined UID FETCH; no per-message round trips).
Result<QList<Message>> fetchEnvelopes(ImapSession& session, const QString& accountId, const QString& folder,
                                      quint32 uidValidity, const QList<quint32>& ascendingUids);

//! The IMAP flag list for model flags: "\\Seen \\Flagged $Forwarded".
QByteArray imapFlagList(MessageFlags flags);

} // namespace tributary::imap
