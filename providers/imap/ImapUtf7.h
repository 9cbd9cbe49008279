#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace tributary::imap {

//! Mailbox names on the wire use modified UTF-7 (RFC 3501 5.1.3): "Entw&APw-rfe".
QString decodeMailboxName(QByteArrayView wire);
//! The modified UTF-7 form of a mailbox name, for commands.
QByteArray encodeMailboxName(const QString& name);

} // namespace tributary::imap
