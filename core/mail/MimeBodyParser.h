#pragma once

#include "model/Model.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace tributary::mail {

//! What a reader shows of one message.
struct ParsedBody {
    QString text; //!< UTF-8 plain text (format=flowed unwrapped)
    QString html;
    QList<Attachment> attachments; //!< ids are IMAP part specifiers ("2", "1.2")
    bool degraded = false;         //!< the MIME structure was broken; text is a best effort
    //! Multiparts nested deeper than kMaxMimeDepth: not parsed at all (vmime would
    //! recurse without limit), everything else is empty.
    bool tooDeep = false;
};

//! Parses a whole RFC 5322 message with vmime: picks the text and HTML bodies, lists
//! attachments with decoded file names, converts every charset to Unicode explicitly.
//! Never throws: a broken message yields whatever text can be recovered.
ParsedBody parseMessageBody(const QByteArray& raw);

//! The decoded bytes of one part (IMAP part specifier) of a whole message; nothing for a
//! message nested too deeply to parse.
std::optional<QByteArray> extractPart(const QByteArray& raw, const QString& partPath);

//! Decodes a Content-Transfer-Encoding (base64, quoted-printable; others pass through).
QByteArray decodeTransferEncoding(const QByteArray& data, const QByteArray& encoding);

} // namespace tributary::mail
