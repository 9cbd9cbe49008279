#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <optional>

namespace tributary::imap {

//! Mailbox names on the wire use modified UTF-7 (RFC 3501 5.1.3): "Entw&APw-rfe". Decoding is
//! strict, because the decoded name is what we send back to open the folder: a name that is not
//! in the canonical form encodeMailboxName() writes (an unterminated or invalid base64 run,
//! leftover bits, printable ASCII or an unpaired surrogate in base64, two adjacent runs, a byte
//! outside printable ASCII) is rejected rather than guessed at. A name without '&' that is valid
//! UTF-8 is taken as UTF-8 (servers that send RFC 6855 names).
std::optional<QString> decodeMailboxName(QByteArrayView wire);
//! The modified UTF-7 form of a mailbox name, for commands.
QByteArray encodeMailboxName(const QString& name);

} // namespace tributary::imap
