#include "imap/ImapUtf7.h"

namespace tributary::imap {

QString decodeMailboxName(QByteArrayView wire) {
    if (!wire.contains('&'))
        return QString::fromUtf8(wire); // plain ASCII (or a server sending UTF-8 names)
    QString out;
    out.reserve(wire.size());
    qsizetype i = 0;
    while (i < wire.size()) {
        const char c = wire[i];
        if (c != '&') {
            out += QLatin1Char(c);
            ++i;
            continue;
        }
        const qsizetype end = wire.indexOf('-', i + 1);
        if (end < 0) {
            out += QString::fromLatin1(wire.sliced(i)); // malformed: keep as is
            break;
        }
        if (end == i + 1) {
            out += QLatin1Char('&');
        } else {
            QByteArray b64 = wire.sliced(i + 1, end - i - 1).toByteArray();
            b64.replace(',', '/');
            const QByteArray utf16 = QByteArray::fromBase64(b64);
            for (qsizetype k = 0; k + 1 < utf16.size(); k += 2) {
                const char16_t unit = static_cast<char16_t>((static_cast<unsigned char>(utf16[k]) << 8) |
                                                            static_cast<unsigned char>(utf16[k + 1]));
                out += QChar(unit);
            }
        }
        i = end + 1;
    }
    return out;
}

QByteArray encodeMailboxName(const QString& name) {
    QByteArray out;
    out.reserve(name.size() + 8);
    qsizetype i = 0;
    while (i < name.size()) {
        const char16_t u = name[i].unicode();
        if (u >= 0x20 && u <= 0x7e) {
            if (u == '&')
                out += "&-";
            else
                out += static_cast<char>(u);
            ++i;
            continue;
        }
        // A run of characters outside printable ASCII, as base64 of UTF-16BE.
        QByteArray utf16;
        while (i < name.size() && !(name[i].unicode() >= 0x20 && name[i].unicode() <= 0x7e)) {
            const char16_t unit = name[i].unicode();
            utf16 += static_cast<char>(unit >> 8);
            utf16 += static_cast<char>(unit & 0xff);
            ++i;
        }
        QByteArray b64 = utf16.toBase64(QByteArray::OmitTrailingEquals);
        b64.replace('/', ',');
        out += '&';
        out += b64;
        out += '-';
    }
    return out;
}

} // namespace tributary::imap
