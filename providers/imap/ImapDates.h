#pragma once

#include <QByteArrayView>
#include <QDateTime>

namespace tributary::imap {

//! Parses an IMAP INTERNALDATE ("23-Nov-2026 09:18:12 +0100") to UTC; invalid on error.
QDateTime parseInternalDate(QByteArrayView text);

//! Parses an RFC 5322 Date header leniently (optional weekday, two-digit years,
//! missing seconds, obsolete zone names, trailing comments) to UTC; invalid on error.
QDateTime parseRfc5322Date(QByteArrayView text);

} // namespace tributary::imap
