#include "mail/MimeText.h"

#include <QStringDecoder>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>

namespace tributary::mail {

namespace {

inline char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
}

QByteArray normalizedCharset(QByteArrayView charset) {
    QByteArray name = charset.trimmed().toByteArray();
    if (name.size() >= 2 && name.startsWith('"') && name.endsWith('"'))
        name = name.mid(1, name.size() - 2);
    for (char& c : name)
        c = lower(c);
    // RFC 2231 / 2184 language suffix: "utf-8*en"
    const qsizetype star = name.indexOf('*');
    if (star >= 0)
        name.truncate(star);
    return name;
}

bool isAscii(QByteArrayView bytes) {
    for (const char c : bytes) {
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    }
    return true;
}

//! ICU converters are costly to open, so each thread keeps the ones it has used.
//! A null entry remembers a charset ICU does not know.
QStringDecoder* cachedDecoder(const QByteArray& name) {
    thread_local std::unordered_map<std::string, std::unique_ptr<QStringDecoder>> cache;
    const std::string key(name.constData(), static_cast<size_t>(name.size()));
    auto it = cache.find(key);
    if (it == cache.end()) {
        auto decoder = std::make_unique<QStringDecoder>(name.constData(), QStringConverter::Flag::Stateless);
        if (!decoder->isValid())
            decoder.reset();
        it = cache.emplace(key, std::move(decoder)).first;
    }
    return it->second.get();
}

QString windows1252(QByteArrayView bytes) {
    if (QStringDecoder* d = cachedDecoder(QByteArrayLiteral("windows-1252"))) {
        d->resetState();
        return d->decode(bytes);
    }
    return QString::fromLatin1(bytes);
}

QString utf8OrFallback(QByteArrayView bytes) {
    if (isAscii(bytes))
        return QString::fromLatin1(bytes);
    if (isValidUtf8(bytes))
        return QString::fromUtf8(bytes);
    return windows1252(bytes);
}

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

QByteArray decodeQ(QByteArrayView text) {
    QByteArray out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '_') {
            out.append(' ');
        } else if (c == '=' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
                   hexValue(text[i + 2]) >= 0) {
            out.append(static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2])));
            i += 2;
        } else {
            out.append(c);
        }
    }
    return out;
}

struct EncodedWord {
    QByteArray charset;
    QByteArray bytes;
    qsizetype end = 0; //!< index just past "?="
};

//! `s.indexOf(needle, from)` for `from` values that never decrease, remembering the last
//! answer: a header full of "=?" without "?=" would otherwise rescan its tail for every
//! candidate word (quadratic). Amortized, all lookups together read `s` once.
class ForwardFind {
public:
    ForwardFind(QByteArrayView s, QByteArrayView needle)
        : m_s(s)
        , m_needle(needle) {}

    qsizetype from(qsizetype pos) {
        // The last answer holds for any `pos` between the last start and that answer.
        if (pos < m_searchedFrom || (m_found >= 0 && pos > m_found)) {
            m_found = m_s.indexOf(m_needle, pos);
            m_searchedFrom = pos;
        }
        return m_found;
    }

private:
    QByteArrayView m_s;
    QByteArrayView m_needle;
    qsizetype m_searchedFrom = std::numeric_limits<qsizetype>::max();
    qsizetype m_found = -1;
};

//! Where the parts of encoded words are, for one header value scanned from left to right.
struct WordScanner {
    explicit WordScanner(QByteArrayView text)
        : s(text)
        , question(text, "?")
        , close(text, "?=")
        , space(text, " ") {}

    QByteArrayView s;
    ForwardFind question;
    ForwardFind close;
    ForwardFind space;
};

//! Parses "=?charset?E?text?=" starting at `pos` (which is on "=?"); calls for one
//! scanner come with increasing `pos`.
std::optional<EncodedWord> encodedWordAt(WordScanner& scan, qsizetype pos) {
    const QByteArrayView s = scan.s;
    const qsizetype q1 = scan.question.from(pos + 2);
    if (q1 < 0 || q1 + 2 >= s.size() || s[q1 + 2] != '?')
        return std::nullopt;
    const char enc = lower(s[q1 + 1]);
    if (enc != 'b' && enc != 'q')
        return std::nullopt;
    const qsizetype textStart = q1 + 3;
    const qsizetype close = scan.close.from(textStart);
    if (close < 0)
        return std::nullopt;
    const QByteArrayView text = s.sliced(textStart, close - textStart);
    const qsizetype space = scan.space.from(textStart);
    if (space >= 0 && space < close)
        return std::nullopt;
    EncodedWord w;
    w.charset = normalizedCharset(s.sliced(pos + 2, q1 - pos - 2));
    if (w.charset.isEmpty())
        return std::nullopt;
    w.bytes = enc == 'b' ? QByteArray::fromBase64(text.toByteArray()) : decodeQ(text);
    w.end = close + 2;
    return w;
}

QByteArray unfold(QByteArrayView raw) {
    QByteArray out;
    out.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '\r')
            continue;
        if (c == '\n') {
            // A folded line continues with whitespace; the fold itself is not content.
            if (i + 1 < raw.size() && (raw[i + 1] == ' ' || raw[i + 1] == '\t'))
                continue;
            out.append(' ');
            continue;
        }
        out.append(c == '\t' ? ' ' : c);
    }
    return out;
}

} // namespace

bool isValidUtf8(QByteArrayView bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* end = p + bytes.size();
    while (p < end) {
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int extra = 0;
        unsigned int min = 0;
        unsigned int cp = 0;
        if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            return false;
        }
        if (end - p <= extra)
            return false;
        for (int i = 1; i <= extra; ++i) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += extra + 1;
    }
    return true;
}

bool isAttachmentPart(QByteArrayView type, QByteArrayView subtype, QByteArrayView disposition,
                      bool hasFileName, bool inAlternative, bool inRelated) {
    if (disposition == "attachment")
        return true;
    if (type == "message")
        return true; // forwarded mail, delivery reports
    if (type == "text") {
        if (subtype == "plain" || subtype == "html")
            return hasFileName; // a named text file; shown as text too when inline (isShownAsText)
        return !inAlternative;  // text/calendar next to the invitation text is not a file
    }
    // Images referenced by the HTML (multipart/related) are part of the body.
    return !inRelated;
}

bool isShownAsText(QByteArrayView type, QByteArrayView subtype, QByteArrayView disposition, bool attachment) {
    if (type != "text")
        return false;
    return !attachment || (disposition == "inline" && (subtype == "plain" || subtype == "html"));
}

QString decodeCharset(QByteArrayView bytes, QByteArrayView charset) {
    if (bytes.isEmpty())
        return QString();
    const QByteArray name = normalizedCharset(charset);
    if (name == "utf-8" || name == "utf8")
        return QString::fromUtf8(bytes);
    if (name.isEmpty() || name == "us-ascii" || name == "ascii" || name == "unknown-8bit" ||
        name == "x-unknown" || name == "default" || name == "8bit")
        return utf8OrFallback(bytes);
    if (isAscii(bytes) && !name.startsWith("utf-16") && !name.startsWith("utf-32") && name != "utf-7" &&
        !name.startsWith("iso-2022") && name != "hz-gb-2312")
        return QString::fromLatin1(bytes);
    if (name == "iso-8859-1" || name == "iso8859-1" || name == "latin1" || name == "latin-1" ||
        name == "iso_8859-1" || name == "l1" || name == "cp819")
        return windows1252(bytes);
    QByteArray icuName = name;
    if (name == "gb2312" || name == "gbk" || name == "x-gbk")
        icuName = QByteArrayLiteral("gb18030"); // supersets: mail labelled GB2312 often uses GBK
    else if (name == "ks_c_5601-1987" || name == "euc-kr")
        icuName = QByteArrayLiteral("windows-949");
    if (QStringDecoder* d = cachedDecoder(icuName)) {
        d->resetState();
        return d->decode(bytes);
    }
    return utf8OrFallback(bytes);
}

QString decodeHeader(QByteArrayView raw) {
    if (raw.isEmpty())
        return QString();
    const bool folded = raw.contains('\n') || raw.contains('\r') || raw.contains('\t');
    const QByteArray unfoldedStorage = folded ? unfold(raw) : QByteArray();
    const QByteArrayView s = folded ? QByteArrayView(unfoldedStorage) : raw;
    if (!s.contains("=?"))
        return utf8OrFallback(s);

    QString out;
    out.reserve(s.size());
    QByteArray pendingCharset;
    QByteArray pendingBytes;
    auto flush = [&] {
        if (!pendingBytes.isEmpty())
            out += decodeCharset(pendingBytes, pendingCharset);
        pendingBytes.clear();
        pendingCharset.clear();
    };
    qsizetype pos = 0;
    qsizetype plainStart = 0;
    bool lastWasEncoded = false;
    WordScanner scan(s);
    while (pos < s.size()) {
        const qsizetype start = s.indexOf("=?", pos);
        if (start < 0)
            break;
        const auto word = encodedWordAt(scan, start);
        if (!word) {
            pos = start + 2;
            continue;
        }
        const QByteArrayView between = s.sliced(plainStart, start - plainStart);
        const bool onlySpace = between.trimmed().isEmpty();
        if (!(lastWasEncoded && onlySpace)) {
            // Text between encoded words is kept, except pure whitespace (RFC 2047 6.2).
            flush();
            out += utf8OrFallback(between);
        }
        if (word->charset != pendingCharset)
            flush();
        pendingCharset = word->charset;
        pendingBytes += word->bytes;
        pos = plainStart = word->end;
        lastWasEncoded = true;
    }
    flush();
    out += utf8OrFallback(s.sliced(plainStart));
    return out;
}

QString decodeRfc2231(QByteArrayView value) {
    const qsizetype q1 = value.indexOf('\'');
    const qsizetype q2 = q1 < 0 ? -1 : value.indexOf('\'', q1 + 1);
    const QByteArrayView charset = q2 < 0 ? QByteArrayView() : value.first(q1);
    const QByteArrayView encoded = q2 < 0 ? value : value.sliced(q2 + 1);
    QByteArray bytes;
    bytes.reserve(encoded.size());
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        if (encoded[i] == '%' && i + 2 < encoded.size() && hexValue(encoded[i + 1]) >= 0 &&
            hexValue(encoded[i + 2]) >= 0) {
            bytes.append(static_cast<char>(hexValue(encoded[i + 1]) * 16 + hexValue(encoded[i + 2])));
            i += 2;
        } else {
            bytes.append(encoded[i]);
        }
    }
    return decodeCharset(bytes, charset);
}

QString unwrapFlowed(const QString& text, bool delSp) {
    QString out;
    out.reserve(text.size());
    QString paragraph;
    int paragraphDepth = -1;
    auto flush = [&] {
        if (paragraphDepth < 0)
            return;
        if (paragraphDepth > 0) {
            out += QString(paragraphDepth, QLatin1Char('>'));
            out += QLatin1Char(' ');
        }
        out += paragraph;
        out += QLatin1Char('\n');
        paragraph.clear();
        paragraphDepth = -1;
    };
    const QList<QStringView> lines = QStringView(text).split(QLatin1Char('\n'));
    for (qsizetype n = 0; n < lines.size(); ++n) {
        QStringView line = lines[n];
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (n == lines.size() - 1 && line.isEmpty())
            break; // the text's final line break
        int depth = 0;
        while (depth < line.size() && line[depth] == QLatin1Char('>'))
            ++depth;
        QStringView content = line.mid(depth);
        if (content.startsWith(QLatin1Char(' ')))
            content = content.mid(1); // space-stuffing
        const bool signature = content == QLatin1String("-- ");
        bool flowed = !signature && content.endsWith(QLatin1Char(' '));
        if (paragraphDepth >= 0 && paragraphDepth != depth)
            flush();
        if (flowed && delSp)
            content.chop(1);
        if (paragraphDepth < 0)
            paragraphDepth = depth;
        paragraph += content;
        if (!flowed)
            flush();
    }
    flush();
    return out;
}

QStringList parseMessageIds(QByteArrayView value) {
    QStringList ids;
    forEachMessageId(value, [&ids](QByteArrayView id) {
        ids.append(QString::fromUtf8(id));
        return true;
    });
    return ids;
}

QByteArray headerValue(QByteArrayView headerBlock, QByteArrayView fieldName) {
    QByteArray value;
    bool inField = false;
    qsizetype pos = 0;
    while (pos < headerBlock.size()) {
        qsizetype eol = headerBlock.indexOf('\n', pos);
        if (eol < 0)
            eol = headerBlock.size();
        QByteArrayView line = headerBlock.sliced(pos, eol - pos);
        if (line.endsWith('\r'))
            line.chop(1);
        pos = eol + 1;
        if (line.isEmpty())
            break; // end of the header block
        if (line.startsWith(' ') || line.startsWith('\t')) {
            if (inField) {
                value += ' ';
                value += line.trimmed().toByteArray();
            }
            continue;
        }
        if (inField)
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.first(colon).trimmed().compare(fieldName, Qt::CaseInsensitive) == 0) {
            inField = true;
            value = line.sliced(colon + 1).trimmed().toByteArray();
        }
    }
    return value;
}

} // namespace tributary::mail
