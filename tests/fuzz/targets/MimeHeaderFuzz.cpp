// mime_header: header text as the envelope and the MIME parser hand it over. The input is a
// header block (or one value); RFC 2047 decoding, RFC 2231 values, field lookup, Message-IDs,
// and charset decoding with the first line as the charset's name. Also format=flowed.
// Property: decoding never invents text from nothing (empty in, empty out) and a value
// without "=?" and without 8-bit bytes or line breaks comes back as it went in.

#include "FuzzSupport.h"
#include "FuzzTargets.h"
#include "mail/MimeText.h"

namespace tributary::fuzz {

namespace {
bool isPlainAscii(QByteArrayView v) {
    for (const char c : v) {
        if (static_cast<unsigned char>(c) >= 0x80 || c == '\r' || c == '\n' || c == '\t')
            return false;
    }
    return true;
}
} // namespace

void mime_header(const uint8_t* data, size_t size) {
    const QByteArrayView input = bytesOf(data, size);
    const QString decoded = mail::decodeHeader(input);
    TRIBUTARY_FUZZ_CHECK(!input.isEmpty() || decoded.isEmpty(), decoded);
    if (!input.contains("=?") && isPlainAscii(input))
        TRIBUTARY_FUZZ_CHECK(decoded == QString::fromLatin1(input), excerpt(decoded));
    (void)mail::decodeRfc2231(input);
    for (const char* field : {"Subject", "From", "References", "Content-Type"})
        (void)mail::decodeHeader(mail::headerValue(input, field));
    (void)mail::parseMessageIds(input);

    const qsizetype eol = input.indexOf('\n');
    if (eol >= 0 && eol <= 64)
        (void)mail::decodeCharset(input.sliced(eol + 1), input.first(eol).trimmed());
    (void)mail::isValidUtf8(input);

    const QString text = QString::fromUtf8(input);
    (void)mail::unwrapFlowed(text, false);
    (void)mail::unwrapFlowed(text, true);
}

} // namespace tributary::fuzz
