#include "CssSanitizer.h"

#include "ResourceFilter.h"

#include <QList>

namespace tributary {

namespace {

bool isNameChar(QChar c) {
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'-' ||
           u == u'_' || u >= 0x80;
}

bool isHex(QChar c) {
    const char16_t u = c.unicode();
    return (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
}

bool isSpace(QChar c) {
    const char16_t u = c.unicode();
    return u == u' ' || u == u'\t' || u == u'\n' || u == u'\r' || u == u'\f';
}

//! Reads one CSS escape at css[i] == '\\'; returns the code point, advances i past it.
char32_t readEscape(const QString& css, qsizetype& i) {
    ++i; // the backslash
    if (i >= css.size())
        return 0xFFFD;
    if (isHex(css.at(i))) {
        char32_t value = 0;
        int digits = 0;
        while (i < css.size() && digits < 6 && isHex(css.at(i))) {
            value = value * 16 + char32_t(QString(css.at(i)).toUInt(nullptr, 16));
            ++i;
            ++digits;
        }
        if (i < css.size() && isSpace(css.at(i)))
            ++i; // one whitespace after a hex escape belongs to it
        if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
            return 0xFFFD;
        return value;
    }
    const QChar c = css.at(i);
    ++i;
    if (c.isHighSurrogate() && i < css.size() && css.at(i).isLowSurrogate())
        return QChar::surrogateToUcs4(c, css.at(i++));
    return c.unicode();
}

void appendCodePoint(QString& out, char32_t cp) {
    if (QChar::requiresSurrogates(cp)) {
        out.append(QChar(QChar::highSurrogate(cp)));
        out.append(QChar(QChar::lowSurrogate(cp)));
    } else {
        out.append(QChar(char16_t(cp)));
    }
}

//! Reads an identifier (with escapes) starting at i; returns it decoded.
QString readName(const QString& css, qsizetype& i) {
    QString name;
    while (i < css.size()) {
        const QChar c = css.at(i);
        if (c == QLatin1Char('\\') && i + 1 < css.size() && css.at(i + 1) != QLatin1Char('\n')) {
            appendCodePoint(name, readEscape(css, i));
        } else if (isNameChar(c)) {
            name.append(c);
            ++i;
        } else {
            break;
        }
    }
    return name;
}

//! Reads a quoted string at css[i] (the quote); returns it decoded, advances past it.
QString readString(const QString& css, qsizetype& i) {
    const QChar quote = css.at(i++);
    QString value;
    while (i < css.size()) {
        const QChar c = css.at(i);
        if (c == quote) {
            ++i;
            break;
        }
        if (c == QLatin1Char('\n'))
            break; // a bad string: CSS ends it at the newline
        if (c == QLatin1Char('\\')) {
            if (i + 1 < css.size() && css.at(i + 1) == QLatin1Char('\n')) {
                i += 2; // an escaped newline continues the string
                continue;
            }
            appendCodePoint(value, readEscape(css, i));
            continue;
        }
        value.append(c);
        ++i;
    }
    return value;
}

//! An identifier written so the browser decodes exactly `name`: plain name characters as
//! they are, everything else as a hex escape.
QString writeName(const QString& name) {
    QString out;
    for (qsizetype k = 0; k < name.size(); ++k) {
        const QChar c = name.at(k);
        const bool leadingDigit = k == 0 && c.isDigit();
        if (isNameChar(c) && !leadingDigit && c.unicode() != 0xFFFD) {
            out.append(c);
        } else {
            out.append(QStringLiteral("\\%1 ").arg(uint(c.unicode()), 0, 16));
        }
    }
    return out;
}

QString writeString(const QString& value) {
    QString out = QStringLiteral("\"");
    for (const QChar c : value) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\') || c == QLatin1Char('<') ||
            c == QLatin1Char('>') || c.unicode() < 0x20 || c.unicode() == 0x7F) {
            out.append(QStringLiteral("\\%1 ").arg(uint(c.unicode()), 0, 16));
        } else {
            out.append(c);
        }
    }
    out.append(QLatin1Char('"'));
    return out;
}

//! Skips to just past the ')' that closes a function whose '(' was already consumed.
void skipBalanced(const QString& css, qsizetype& i) {
    int depth = 1;
    while (i < css.size() && depth > 0) {
        const QChar c = css.at(i);
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            readString(css, i);
            continue;
        }
        if (c == QLatin1Char('\\')) {
            readEscape(css, i);
            continue;
        }
        if (c == QLatin1Char('('))
            ++depth;
        else if (c == QLatin1Char(')'))
            --depth;
        ++i;
    }
}

//! Skips an at-rule's prelude and its block or ';' (for @import).
void skipAtRule(const QString& css, qsizetype& i) {
    while (i < css.size()) {
        const QChar c = css.at(i);
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            readString(css, i);
            continue;
        }
        if (c == QLatin1Char('\\')) {
            readEscape(css, i);
            continue;
        }
        ++i;
        if (c == QLatin1Char(';'))
            return;
        if (c == QLatin1Char('(')) {
            skipBalanced(css, i);
        } else if (c == QLatin1Char('{')) {
            int depth = 1;
            while (i < css.size() && depth > 0) {
                if (css.at(i) == QLatin1Char('{'))
                    ++depth;
                else if (css.at(i) == QLatin1Char('}'))
                    --depth;
                ++i;
            }
            return;
        }
    }
}

enum class FunctionKind { Plain, UrlStrings };

//! One open (, [ or { and whether strings inside it are URLs.
struct Open {
    QChar closer;
    FunctionKind kind;
};

//! Whether a string, once var() has carried it somewhere, could be fetched as a URL: it
//! names a scheme ("https:", "cid:") or is protocol-relative ("//host/...").
bool looksLikeUrl(const QString& value) {
    const QString url = ResourceFilter::normalize(value);
    if (url.startsWith(QLatin1String("//")))
        return true;
    const qsizetype colon = url.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    for (qsizetype k = 0; k < colon; ++k) {
        const QChar c = url.at(k);
        const bool ok = (c.isLetter() && c.unicode() < 0x80) ||
                        (k > 0 && ((c.isDigit() && c.unicode() < 0x80) || c == QLatin1Char('+') ||
                                   c == QLatin1Char('-') || c == QLatin1Char('.')));
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

QString CssSanitizer::sanitize(const QString& css) {
    QString out;
    out.reserve(css.size());
    // Every open (, [ and { with whether strings inside it are URLs (image-set(), image(),
    // and anything nested in them: image-set(var(--a, "https://...") 1x) fetches the
    // fallback). Blocks nest the way the CSS parser nests them: a ';' or '}' inside an
    // open function does not close it, so "image-set(var(--u, (;)) "http://..." 1x)"
    // cannot hide its string from us.
    QList<Open> open;
    qsizetype i = 0;
    // Inside a custom property's value (--x: ...) until its ';' at this nesting depth:
    // var(--x) may substitute it anywhere, into image-set() too, so a string there that
    // reads as a URL is judged like one. -1 when not in one.
    qsizetype customDepth = -1;
    auto inUrlStrings = [&] {
        return !open.isEmpty() && open.last().kind == FunctionKind::UrlStrings;
    };
    auto nestedKind = [&] {
        return inUrlStrings() ? FunctionKind::UrlStrings : FunctionKind::Plain;
    };

    // Resolves a URL through the filter and writes url("...") (or, `asString`, "...")
    // or `none`.
    auto writeUrl = [&](const QString& raw, bool asString = false) {
        const ResourceFilter::Decision d = m_filter.judge(raw);
        const QString written =
            asString ? writeString(d.url) : QStringLiteral("url(") + writeString(d.url) + QLatin1Char(')');
        switch (d.verdict) {
        case ResourceFilter::Verdict::Embedded:
        case ResourceFilter::Verdict::Inline:
            out.append(written);
            return;
        case ResourceFilter::Verdict::Remote:
            m_filter.countRemote();
            out.append(written);
            return;
        case ResourceFilter::Verdict::Blocked:
            m_filter.countRemote();
            m_filter.countBlocked();
            break;
        case ResourceFilter::Verdict::Tracker:
            m_filter.countTracker();
            break;
        case ResourceFilter::Verdict::Unsafe:
            break;
        }
        out.append(QStringLiteral("none"));
    };

    while (i < css.size()) {
        const QChar c = css.at(i);
        if (c == QLatin1Char('/') && i + 1 < css.size() && css.at(i + 1) == QLatin1Char('*')) {
            const qsizetype end = css.indexOf(QStringLiteral("*/"), i + 2);
            i = end < 0 ? css.size() : end + 2;
            out.append(QLatin1Char(' ')); // a comment separates tokens
            continue;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            const QString value = readString(css, i);
            if (inUrlStrings())
                writeUrl(value);
            else if (customDepth >= 0 && looksLikeUrl(value))
                writeUrl(value, true);
            else
                out.append(writeString(value));
            continue;
        }
        if (c == QLatin1Char('@')) {
            ++i;
            const QString name = readName(css, i);
            if (name.compare(QLatin1String("import"), Qt::CaseInsensitive) == 0) {
                skipAtRule(css, i); // remote sheets never load, and allowed ones are not our business
                continue;
            }
            out.append(QLatin1Char('@') + writeName(name));
            continue;
        }
        if (c.isDigit() && c.unicode() < 0x80) {
            // A number and its unit ("10px", "1.5em"): the digits as they are, the unit as a name.
            while (i < css.size() &&
                   ((css.at(i).isDigit() && css.at(i).unicode() < 0x80) || css.at(i) == QLatin1Char('.')))
                out.append(css.at(i++));
            if (i < css.size() && (isNameChar(css.at(i)) || css.at(i) == QLatin1Char('\\')))
                out.append(writeName(readName(css, i)));
            continue;
        }
        const bool startsName = isNameChar(c) || (c == QLatin1Char('\\') && i + 1 < css.size() &&
                                                  css.at(i + 1) != QLatin1Char('\n'));
        if (startsName) {
            const QString name = readName(css, i);
            const QString lower = name.toLower();
            if (i < css.size() && css.at(i) == QLatin1Char('(')) {
                ++i;
                if (lower == QLatin1String("url") || lower == QLatin1String("src")) {
                    // url( <ws> ( "string" | unquoted ) <ws> )
                    while (i < css.size() && isSpace(css.at(i)))
                        ++i;
                    QString raw;
                    if (i < css.size() && (css.at(i) == QLatin1Char('"') || css.at(i) == QLatin1Char('\''))) {
                        raw = readString(css, i);
                    } else {
                        while (i < css.size() && css.at(i) != QLatin1Char(')') && !isSpace(css.at(i))) {
                            if (css.at(i) == QLatin1Char('\\'))
                                appendCodePoint(raw, readEscape(css, i));
                            else
                                raw.append(css.at(i++));
                        }
                    }
                    skipBalanced(css, i); // the rest up to ')', incl. url modifiers
                    writeUrl(raw);
                    continue;
                }
                if (lower == QLatin1String("expression") || lower == QLatin1String("element") ||
                    lower == QLatin1String("-moz-element") || lower == QLatin1String("paint") ||
                    lower == QLatin1String("-webkit-canvas") || lower == QLatin1String("javascript")) {
                    skipBalanced(css, i);
                    out.append(QStringLiteral("none"));
                    continue;
                }
                const bool urlStrings =
                    lower == QLatin1String("image-set") || lower == QLatin1String("-webkit-image-set") ||
                    lower == QLatin1String("image") || lower == QLatin1String("-webkit-cross-fade") ||
                    lower == QLatin1String("cross-fade");
                // type("image/avif") inside image-set() holds a MIME type, not a URL.
                const FunctionKind kind = urlStrings                       ? FunctionKind::UrlStrings
                                          : lower == QLatin1String("type") ? FunctionKind::Plain
                                                                           : nestedKind();
                open.append({QLatin1Char(')'), kind});
                out.append(writeName(name) + QLatin1Char('('));
                continue;
            }
            if (name.startsWith(QLatin1String("--")) && customDepth < 0) {
                qsizetype k = i;
                while (k < css.size() && isSpace(css.at(k)))
                    ++k;
                if (k < css.size() && css.at(k) == QLatin1Char(':'))
                    customDepth = open.size();
            }
            if (lower == QLatin1String("color") || lower == QLatin1String("background") ||
                lower == QLatin1String("background-color")) {
                qsizetype k = i;
                while (k < css.size() && isSpace(css.at(k)))
                    ++k;
                if (k < css.size() && css.at(k) == QLatin1Char(':'))
                    m_setsColours = true;
            }
            out.append(writeName(name));
            continue;
        }
        ++i;
        if (c == QLatin1Char('\\')) {
            continue; // a backslash before a newline: not a valid escape, drop it
        }
        if (c == QLatin1Char('(')) {
            open.append({QLatin1Char(')'), nestedKind()});
        } else if (c == QLatin1Char('[')) {
            open.append({QLatin1Char(']'), nestedKind()});
        } else if (c == QLatin1Char('{')) {
            open.append({QLatin1Char('}'), nestedKind()});
        } else if (c == QLatin1Char(')') || c == QLatin1Char(']') || c == QLatin1Char('}')) {
            // Only its own closer ends a block; a stray one is a token inside it.
            if (!open.isEmpty() && open.last().closer == c)
                open.removeLast();
            if (customDepth > open.size())
                customDepth = -1; // the block holding the custom property ended
        } else if (c == QLatin1Char(';') && customDepth == open.size()) {
            customDepth = -1;
        }
        if (c == QLatin1Char('<') || c.unicode() < 0x09 || (c.unicode() > 0x0D && c.unicode() < 0x20) ||
            c.unicode() == 0x7F) {
            out.append(QLatin1Char(' '));
            continue;
        }
        out.append(c);
    }
    return out;
}

} // namespace tributary
