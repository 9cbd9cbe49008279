#pragma once

#include "provider/Provider.h"
#include "provider/ProviderError.h"

#include <QString>
#include <optional>

namespace tributary {

//! Whether `value` would break out of the header line (or SMTP command) it is written
//! into: a CR, LF or NUL, or any other C0 control but tab, or DEL.
bool breaksHeaderLine(const QString& value);

//! `value` with every line break and control character but tab turned into a space: for
//! text copied from a received mail into a new header (the subject of a reply, the name
//! of the person replied to), which the user did not write and should not have to fix.
QString singleLine(const QString& value);

//! Refuses, before anything is composed or sent, an outgoing message that would let text
//! from the user (or from a mail being replied to) add header lines or SMTP commands:
//! a line break or control character in the subject, a display name, an address, the
//! In-Reply-To or References ids, or an attachment's MIME type; and any space or control
//! in an address ("a@example.org\r\nRCPT TO:<b@example.org>"). Invalid, code
//! "header_line_break", with a message that names the field and what to do.
std::optional<ProviderError> headerInjectionProblem(const OutgoingMessage& message);

//! `message` with the threading ids it copied from the original (In-Reply-To, References)
//! kept only when they fit on a header line: the user cannot edit those, and a reply to a
//! mail with a malformed Message-ID must still go out (unthreaded rather than refused).
//! Attachment names lose their control characters the same way (a file may be named so).
OutgoingMessage withUsableCopiedHeaders(OutgoingMessage message);

//! The same check for the SMTP envelope alone (MAIL FROM / RCPT TO addresses).
std::optional<ProviderError> envelopeAddressProblem(const QString& address);

} // namespace tributary
