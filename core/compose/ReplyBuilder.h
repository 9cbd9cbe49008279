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

//! "Re: " + the subject, unless it already starts with a reply prefix (Re:, AW:, SV: ...).
//! Line breaks in the received subject become spaces (singleLine()).
QString replySubject(const QString& subject);
//! "Fwd: " + the subject, unless it is already a forward; on one line too.
QString forwardSubject(const QString& subject);

} // namespace tributary
