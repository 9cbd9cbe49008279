#pragma once

#include "model/Model.h"
#include "provider/Provider.h"

namespace tributary {

//! The message a Reply, Reply all or Forward starts from, before the user edits it:
//! recipients (the Reply-To or sender; for all, everyone else too except the user's own
//! addresses, no one twice), "Re:"/"Fwd:" subjects without stacking prefixes, threading
//! headers, and the original quoted (reply) or included (forward) below the cursor.
//! The original must have its body loaded. Forwarded attachments are listed in
//! `forwardedAttachments`: the caller fetches their bytes into OutgoingMessage::attachments.
struct ReplyDraft {
    OutgoingMessage message;
    QList<Attachment> forwardedAttachments;
};

ReplyDraft startReply(const Message& original, SendKind kind, const QStringList& ownAddresses);
//! The same, the user being every identity of every account (Provider::identities()): none
//! of their addresses and aliases is answered or copied.
ReplyDraft startReply(const Message& original, SendKind kind, const QList<Identity>& own);
//! The identity a reply to `original` goes out from, chosen among one account's identities
//! as Thunderbird chooses it: the one the original was addressed to (To, then Cc, then Bcc),
//! else the one that wrote it (a reply to one's own message), else the default. An empty
//! identity when there are none.
Identity replyIdentity(const Message& original, const QList<Identity>& accountIdentities);

//! "Re: " + the subject, unless it already starts with a reply prefix (Re:, AW:, SV: ...).
//! Line breaks in the received subject become spaces (singleLine()).
QString replySubject(const QString& subject);
//! "Fwd: " + the subject, unless it is already a forward; on one line too.
QString forwardSubject(const QString& subject);

} // namespace tributary
