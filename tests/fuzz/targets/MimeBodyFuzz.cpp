// mime_body: a whole message (RFC 5322 + MIME) as the reader gets it from BODY.PEEK[]: vmime's
// parse, our walk for text, HTML and attachments, and the extraction of each attachment.
// Properties: every attachment has a name to show (Attachment::displayFileName()); every listed attachment
// can be extracted by its id, with the size the list gave (unless the structure was broken and the list is a
// guess).

#include "FuzzSupport.h"
#include "FuzzTargets.h"
#include "mail/MimeBodyParser.h"

namespace tributary::fuzz {

using namespace tributary::mail;

void mime_body(const uint8_t* data, size_t size) {
    const QByteArray raw = bytesOf(data, size).toByteArray();
    const ParsedBody body = parseMessageBody(raw);
    for (const Attachment& a : body.attachments) {
        TRIBUTARY_FUZZ_CHECK(!a.displayFileName().trimmed().isEmpty(),
                             QStringLiteral("part %1 (%2)").arg(a.id, a.mimeType));
        if (body.degraded)
            continue;
        const std::optional<QByteArray> part = extractPart(raw, a.id);
        TRIBUTARY_FUZZ_CHECK(part.has_value(),
                             QStringLiteral("part %1 listed but not extractable").arg(a.id));
        if (part)
            TRIBUTARY_FUZZ_CHECK(part->size() == a.size,
                                 QStringLiteral("part %1: %2 bytes listed, %3 extracted")
                                     .arg(a.id)
                                     .arg(a.size)
                                     .arg(part->size()));
    }
    for (const char* encoding : {"base64", "quoted-printable", "x-uuencode"})
        (void)decodeTransferEncoding(raw, encoding);
}

} // namespace tributary::fuzz
