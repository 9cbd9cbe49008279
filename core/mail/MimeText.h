#pragma once

// Text decoding for mail: charsets, RFC 2047 encoded words, RFC 2231 parameters,
// format=flowed, Message-IDs, and which MIME parts are text. Everything converts to Unicode
// explicitly (never through the C locale), with ICU behind QStringDecoder. Plain text from
// HTML is html/HtmlToText.h: one converter for the reader and the providers' snippets.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

namespace tributary::mail {

//! Decodes bytes in the named charset. An empty, unknown or "us-ascii" charset falls
//! back to UTF-8 when the bytes are valid UTF-8 and to Windows-1252 otherwise (what
//! mislabeled mail usually is); ISO-8859-1 is read as its superset Windows-1252, as
//! browsers do, because mail labelled Latin-1 often carries Windows quotes.
QString decodeCharset(QByteArrayView bytes, QByteArrayView charset);

//! Decodes a raw header value: RFC 2047 encoded words (B and Q, any charset, adjacent
//! words joined, split multi-byte characters rejoined) and raw 8-bit text; unfolds lines.
QString decodeHeader(QByteArrayView raw);

//! Decodes an RFC 2231 extended value "charset'language'percent-encoded".
QString decodeRfc2231(QByteArrayView value);

//! Joins the soft line breaks of a text/plain; format=flowed body (RFC 3676).
QString unwrapFlowed(const QString& text, bool delSp);

//! Message ids ("<a@b>") found in a header value, without angle brackets, in order.
QStringList parseMessageIds(QByteArrayView value);

//! Calls `onId` with each Message-ID in a header value, as parseMessageIds reads them (between
//! angle brackets, else one bare id with an '@'), until it returns false. The one loop behind
//! parseMessageIds and the envelope parser's cached, limited reading.
template <typename OnId>
void forEachMessageId(QByteArrayView value, OnId onId) {
    bool any = false;
    qsizetype pos = 0;
    while (pos < value.size()) {
        const qsizetype open = value.indexOf('<', pos);
        if (open < 0)
            break;
        const qsizetype close = value.indexOf('>', open + 1);
        if (close < 0)
            break;
        const QByteArrayView id = value.sliced(open + 1, close - open - 1).trimmed();
        pos = close + 1;
        if (id.isEmpty())
            continue;
        any = true;
        if (!onId(id))
            return;
    }
    if (!any) {
        const QByteArrayView bare = value.trimmed();
        if (!bare.isEmpty() && !bare.contains(' ') && bare.contains('@'))
            onId(bare);
    }
}

//! The value of one header field (unfolded, raw bytes) from a header block, or empty.
QByteArray headerValue(QByteArrayView headerBlock, QByteArrayView fieldName);

//! Whether a leaf MIME part is listed as an attachment. One rule for BODYSTRUCTURE
//! (listing) and full MIME parses (reading), so the paperclip and the attachment list agree.
//! Types and dispositions are lowercase.
bool isAttachmentPart(QByteArrayView type, QByteArrayView subtype, QByteArrayView disposition,
                      bool hasFileName, bool inAlternative, bool inRelated);

//! Whether a leaf's text is part of the message's text: text parts that are no attachment,
//! and text/plain or text/html parts with a file name that the sender marked inline. Those
//! are shown in the text AND listed as attachments, as Thunderbird does.
bool isShownAsText(QByteArrayView type, QByteArrayView subtype, QByteArrayView disposition, bool attachment);

//! True if the bytes are valid UTF-8.
bool isValidUtf8(QByteArrayView bytes);

} // namespace tributary::mail
