// mailbox_name: folder names in modified UTF-7 (RFC 3501 5.1.3).
// Properties: any name we write reads back as itself (decode(encode(x)) == x, for x the
// input as UTF-8); a name we accept from the server is exactly the one we would send back
// (encode(decode(w)) == w for printable-ASCII w), so malformed names are rejected, not mangled.

#include "FuzzSupport.h"
#include "FuzzTargets.h"
#include "imap/ImapUtf7.h"

namespace tributary::fuzz {

using namespace tributary::imap;

void mailbox_name(const uint8_t* data, size_t size) {
    const QByteArrayView input = bytesOf(data, size);

    const QString name = QString::fromUtf8(input);
    const QByteArray wire = encodeMailboxName(name);
    for (const char c : wire)
        TRIBUTARY_FUZZ_CHECK(c >= 0x20 && c <= 0x7e, QString::fromLatin1(wire));
    const std::optional<QString> back = decodeMailboxName(wire);
    TRIBUTARY_FUZZ_CHECK(back.has_value(),
                         QStringLiteral("%1 -> %2 rejected").arg(excerpt(name), QString::fromLatin1(wire)));
    TRIBUTARY_FUZZ_CHECK(back.value_or(QString()) == name, QStringLiteral("%1 -> %2 -> %3")
                                                               .arg(excerpt(name), QString::fromLatin1(wire),
                                                                    excerpt(back.value_or(QString()))));

    const std::optional<QString> decoded = decodeMailboxName(input);
    bool printable = true;
    for (const char c : input)
        printable = printable && c >= 0x20 && c <= 0x7e;
    if (decoded && printable)
        TRIBUTARY_FUZZ_CHECK(encodeMailboxName(*decoded) == input.toByteArray(),
                             QStringLiteral("%1 accepted as %2, which is written %3")
                                 .arg(QString::fromLatin1(input), excerpt(*decoded),
                                      QString::fromLatin1(encodeMailboxName(*decoded))));
}

} // namespace tributary::fuzz
