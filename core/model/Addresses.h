#pragma once

// RFC 5322 text for people, the one formatter every layer uses: the composer's address
// fields, the header block of a forwarded or quoted mail, the command line's From/To/Cc.
// Names stay Unicode (RFC 6532: what the user reads and types); encoding a name for the
// wire (RFC 2047) is the MIME builder's job (mail/OutgoingMime.h), decoding a received one
// the header decoder's (mail/MimeText.h).

#include "model/Model.h"

#include <QList>
#include <QString>

namespace tributary {

//! One mailbox: "Ann Smith <ann@example.org>". The name becomes a quoted-string (with '"' and
//! '\' escaped) when it holds an RFC 5322 special - so a comma, a colon or a semicolon in a
//! name can never read as a list separator or a group - or "=?", which a reader would take
//! for an encoded word. No name, or a name that is the address: the bare address. No
//! address (a chat handle without one, a group's name): the name as it is.
QString formatAddress(const Participant& person);

//! Mailboxes separated by ", ", each as formatAddress() writes it. (A group's members arrive
//! as plain mailboxes: the IMAP envelope drops the group markers, as most readers show them.)
QString formatAddressList(const QList<Participant>& people);

} // namespace tributary
