#pragma once

#include "provider/Provider.h"

#include <QByteArray>
#include <QStringList>

namespace tributary::mail {

//! A composed message, ready for SMTP and for the Sent or Drafts folder.
struct OutgoingMime {
    QString messageId;      //!< without angle brackets
    QString sender;         //!< envelope sender address
    QStringList recipients; //!< To + Cc + Bcc addresses (SMTP envelope)
    QByteArray transmit;    //!< RFC 5322 bytes without Bcc (what recipients get)
    QByteArray copy;        //!< the same with Bcc, for Sent/Drafts
};

//! The Message-ID a send with this client id gets: <clientId@sender-domain>. Retries
//! reuse the client id, so they produce the same Message-ID and can be recognised.
QString messageIdFor(const QString& clientId, const QString& fromAddress);

//! Builds the MIME message with vmime: UTF-8 headers, text with an optional HTML
//! alternative, attachments with RFC 2231 names, threading headers. A line break or
//! control character in a header the user wrote (subject, names, addresses) is refused
//! first (headerInjectionProblem(), code header_line_break); threading ids copied from
//! the original that have one are dropped (withUsableCopiedHeaders()). The message's From
//! falls back to `accountSender` (the account's address and name) field by field.
Result<OutgoingMime> buildOutgoing(const OutgoingMessage& message, const Participant& accountSender);

//! The message again from its stored copy (a send record in Sent): recipients from To,
//! Cc and Bcc, the sender from From (else `fallbackSender`), the copy as is and, without
//! its Bcc field, what goes out.
Result<OutgoingMime> outgoingFromCopy(const QByteArray& copy, const QString& fallbackSender);

} // namespace tributary::mail
