#include "imap/ImapUtf7.h"

#include "mail/MimeText.h"

namespace tributary::imap {

namespace {

bool isPrintable(char16_t u) {
    return u >= 0x20 && u <= 0x7e;
}

//! The value of a modified base64 digit ("," instead of "/"), or -1.
int base64Value(char c) {
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == ',')
        return 63;
    return -1;
}

//! Appends the UTF-16 text of one base64 run; false if it is not a canonical encoding of
//! non-printable characters in well-formed UTF-16.
bool decodeRun(QByteArrayView run, QString& out) {
    quint32 bits = 0;
    int bitCount = 0;
    QString units;
    for (const char c : run) {
        const int value = base64Value(c);
        if (value < 0)
            return false;
        bits = (bits << 6) | quint32(value);
        bitCount += 6;
        if (bitCount >= 16) {
            bitCount -= 16;
            units += QChar(char16_t((bits >> bitCount) & 0xffff));
        }
    }
    // What remains are padding bits: fewer than six, all zero (else the run was cut or padded).
    if (units.isEmpty() || bitCount >= 6 || (bits & ((1u << bitCount) - 1)) != 0)
        return false;
    for (qsizetype i = 0; i < units.size(); ++i) {
        const QChar u = units.at(i);
        if (isPrintable(u.unicode()))
            return false; // printable ASCII represents itself
        if (u.isHighSurrogate() && i + 1 < units.size() && units.at(i + 1).isLowSurrogate()) {
            ++i;
            continue;
        }
        if (u.isSurrogate())
            return false;
    }
    out += units;
    return true;
}

} // namespace

std::optional<QString> decodeMailboxName(QByteArrayView wire) {
    if (!wire.contains('&')) {
        bool ascii = true;
        for (const char c : wire) {
            if (!isPrintable(static_cast<unsigned char>(c)))
                ascii = false;
        }
        if (ascii)
            return QString::fromLatin1(wire);
        // 8-bit names come from servers speaking UTF-8 (RFC 6855); anything else is garbage.
        if (!mail::isValidUtf8(wire))
            return std::nullopt;
        const QString name = QString::fromUtf8(wire);
        for (const QChar c : name) {
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                return std::nullopt;
        }
        return name;
    }
    QString out;
    out.reserve(wire.size());
    qsizetype i = 0;
    while (i < wire.size()) {
        const char c = wire[i];
        if (c != '&') {
            if (!isPrintable(static_cast<unsigned char>(c)))
                return std::nullopt;
            out += QLatin1Char(c);
            ++i;
            continue;
        }
        const qsizetype end = wire.indexOf('-', i + 1);
        if (end < 0)
            return std::nullopt; // a run that never ends
        if (end == i + 1) {
            out += QLatin1Char('&');
        } else {
            if (!decodeRun(wire.sliced(i + 1, end - i - 1), out))
                return std::nullopt;
            // The encoder writes one run per stretch of such characters: "&AOQ-&AOQ-" is not a name it
            // would send, so it is not one we could send back.
            if (end + 1 < wire.size() && wire[end + 1] == '&' &&
                (end + 2 >= wire.size() || wire[end + 2] != '-'))
                return std::nullopt;
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
        if (isPrintable(u)) {
            if (u == '&')
                out += "&-";
            else
                out += static_cast<char>(u);
            ++i;
            continue;
        }
        // A run of characters outside printable ASCII, as base64 of UTF-16BE.
        QByteArray utf16;
        while (i < name.size() && !isPrintable(name[i].unicode())) {
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
