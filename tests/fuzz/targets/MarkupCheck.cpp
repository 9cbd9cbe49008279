#include "MarkupCheck.h"

#include <QList>
#include <QRegularExpression>
#include <gumbo.h>
#include <memory>
#include <vector>

namespace tributary::fuzz {

namespace {

// ---------------------------------------------------------------------------------------
// URLs

bool isAllowedResource(const QString& raw, const ResourceRule& rule) {
    const QString url = browserNormalized(raw);
    if (url.isEmpty())
        return true; // url() and src="" load nothing (CSS Values 4: an invalid resource)
    if (url.startsWith(rule.cidPrefix))
        return true;
    const QString scheme = urlScheme(url);
    if (scheme == QLatin1String("data")) {
        const QString type = url.mid(5).toLower();
        return type.startsWith(QLatin1String("image/")) || type.startsWith(QLatin1String("font/")) ||
               type.startsWith(QLatin1String("application/font-")) ||
               type.startsWith(QLatin1String("application/x-font-"));
    }
    return rule.allowRemote && (scheme == QLatin1String("http") || scheme == QLatin1String("https"));
}

QString resourceProblem(const QString& where, const QString& url, const ResourceRule& rule) {
    if (isAllowedResource(url, rule))
        return {};
    return where + QLatin1String(" loads ") + url.left(200);
}

bool isAllowedLink(const QString& raw, const QSet<QString>& schemes) {
    const QString url = browserNormalized(raw);
    if (url.startsWith(QLatin1Char('#')))
        return true;
    return schemes.contains(urlScheme(url));
}

// ---------------------------------------------------------------------------------------
// CSS, read as the CSS Syntax Level 3 tokenizer does

bool isNameChar(QChar c) {
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'-' ||
           u == u'_' || u >= 0x80 || u == 0;
}

bool isHex(QChar c) {
    const char16_t u = c.unicode();
    return (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
}

bool isCssSpace(QChar c) {
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\n') ||
           c == QLatin1Char('\r') || c == QLatin1Char('\f');
}

bool validEscapeAt(const QString& css, qsizetype i) {
    return i + 1 < css.size() && css.at(i) == QLatin1Char('\\') && css.at(i + 1) != QLatin1Char('\n') &&
           css.at(i + 1) != QLatin1Char('\r') && css.at(i + 1) != QLatin1Char('\f');
}

//! Consumes an escape at css[i] == '\\' and appends what it stands for.
void consumeEscape(const QString& css, qsizetype& i, QString& out) {
    ++i;
    if (i >= css.size()) {
        out += QChar(0xFFFD);
        return;
    }
    if (isHex(css.at(i))) {
        uint value = 0;
        int digits = 0;
        while (i < css.size() && digits < 6 && isHex(css.at(i))) {
            value = value * 16 + uint(QString(css.at(i)).toUInt(nullptr, 16));
            ++i;
            ++digits;
        }
        if (i < css.size() && isCssSpace(css.at(i)))
            ++i;
        if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
            value = 0xFFFD;
        const char32_t cp = value;
        out += QString::fromUcs4(&cp, 1);
        return;
    }
    out += css.at(i++);
}

QString consumeName(const QString& css, qsizetype& i) {
    QString name;
    while (i < css.size()) {
        if (validEscapeAt(css, i))
            consumeEscape(css, i, name);
        else if (isNameChar(css.at(i)))
            name += css.at(i++);
        else
            break;
    }
    return name;
}

QString consumeString(const QString& css, qsizetype& i) {
    const QChar quote = css.at(i++);
    QString value;
    while (i < css.size()) {
        const QChar c = css.at(i);
        if (c == quote) {
            ++i;
            break;
        }
        if (c == QLatin1Char('\n'))
            break;
        if (c == QLatin1Char('\\')) {
            if (i + 1 < css.size() && css.at(i + 1) == QLatin1Char('\n')) {
                i += 2;
                continue;
            }
            consumeEscape(css, i, value);
            continue;
        }
        value += c;
        ++i;
    }
    return value;
}

bool startsIdentifier(const QString& css, qsizetype i) {
    if (i >= css.size())
        return false;
    const QChar c = css.at(i);
    if (c == QLatin1Char('-')) {
        return (i + 1 < css.size() && (isNameChar(css.at(i + 1)) && !css.at(i + 1).isDigit())) ||
               validEscapeAt(css, i + 1);
    }
    if (c == QLatin1Char('\\'))
        return validEscapeAt(css, i);
    return isNameChar(c) && !(c.unicode() >= u'0' && c.unicode() <= u'9');
}

bool isDigit(const QString& css, qsizetype i) {
    return i < css.size() && css.at(i).unicode() >= u'0' && css.at(i).unicode() <= u'9';
}

bool startsNumber(const QString& css, qsizetype i) {
    if (isDigit(css, i))
        return true;
    if (i >= css.size())
        return false;
    const QChar c = css.at(i);
    if (c == QLatin1Char('.'))
        return isDigit(css, i + 1);
    if (c == QLatin1Char('+') || c == QLatin1Char('-'))
        return isDigit(css, i + 1) ||
               (i + 1 < css.size() && css.at(i + 1) == QLatin1Char('.') && isDigit(css, i + 2));
    return false;
}

void consumeNumber(const QString& css, qsizetype& i) {
    if (css.at(i) == QLatin1Char('+') || css.at(i) == QLatin1Char('-'))
        ++i;
    while (isDigit(css, i))
        ++i;
    if (i < css.size() && css.at(i) == QLatin1Char('.') && isDigit(css, i + 1)) {
        ++i;
        while (isDigit(css, i))
            ++i;
    }
    if (i < css.size() && (css.at(i) == QLatin1Char('e') || css.at(i) == QLatin1Char('E'))) {
        const qsizetype sign =
            i + 1 < css.size() && (css.at(i + 1) == QLatin1Char('+') || css.at(i + 1) == QLatin1Char('-'))
                ? 1
                : 0;
        if (isDigit(css, i + 1 + sign)) {
            i += 1 + sign;
            while (isDigit(css, i))
                ++i;
        }
    }
}

bool isNonPrintable(QChar c) {
    const char16_t u = c.unicode();
    // U+0000 is not here: CSS's preprocessing makes it U+FFFD first.
    return (u >= 0x01 && u <= 0x08) || u == 0x0B || (u >= 0x0E && u <= 0x1F) || u == 0x7F;
}

//! Reads an unquoted url( after its leading spaces, as CSS Syntax's "consume a url token"
//! does, up to (not past) its ')'. Returns false for a bad-url token, which loads nothing:
//! a quote, '(', a control or an invalid escape inside, or spaces followed by more.
bool consumeUnquotedUrl(const QString& css, qsizetype& i, QString& url) {
    bool bad = false;
    while (i < css.size() && css.at(i) != QLatin1Char(')')) {
        const QChar c = css.at(i);
        if (isCssSpace(c)) {
            while (i < css.size() && isCssSpace(css.at(i)))
                ++i;
            bad = i < css.size() && css.at(i) != QLatin1Char(')');
            break;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'') || c == QLatin1Char('(') || isNonPrintable(c) ||
            (c == QLatin1Char('\\') && !validEscapeAt(css, i))) {
            bad = true;
            break;
        }
        if (c == QLatin1Char('\\'))
            consumeEscape(css, i, url);
        else
            url += css.at(i++);
    }
    if (!bad)
        return true;
    // The remnants of a bad url: everything up to ')', escapes included, belongs to it.
    QString ignored;
    while (i < css.size() && css.at(i) != QLatin1Char(')')) {
        if (validEscapeAt(css, i))
            consumeEscape(css, i, ignored);
        else
            ++i;
    }
    return false;
}

} // namespace

QString browserNormalized(const QString& url) {
    QString out;
    for (const QChar c : url) {
        if (c != QLatin1Char('\t') && c != QLatin1Char('\n') && c != QLatin1Char('\r'))
            out += c;
    }
    qsizetype begin = 0;
    qsizetype end = out.size();
    while (begin < end && out.at(begin).unicode() <= 0x20)
        ++begin;
    while (end > begin && out.at(end - 1).unicode() <= 0x20)
        --end;
    return out.mid(begin, end - begin);
}

QString urlScheme(const QString& url) {
    const qsizetype colon = url.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return {};
    for (qsizetype i = 0; i < colon; ++i) {
        const char16_t u = url.at(i).unicode();
        const bool letter = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z');
        const bool other = (u >= u'0' && u <= u'9') || u == u'+' || u == u'-' || u == u'.';
        if (!letter && !(i > 0 && other))
            return {};
    }
    return url.left(colon).toLower();
}

QString cssProblem(const QString& css, const ResourceRule& rule) {
    static const QSet<QString> forbiddenFunctions = {
        QStringLiteral("expression"), QStringLiteral("element"),        QStringLiteral("-moz-element"),
        QStringLiteral("paint"),      QStringLiteral("-webkit-canvas"), QStringLiteral("javascript"),
    };
    static const QSet<QString> urlStringFunctions = {
        QStringLiteral("image-set"),  QStringLiteral("-webkit-image-set"),  QStringLiteral("image"),
        QStringLiteral("cross-fade"), QStringLiteral("-webkit-cross-fade"), QStringLiteral("src"),
    };
    QList<QString> functions; // open functions, innermost last ("" for a bare parenthesis)
    qsizetype i = 0;
    while (i < css.size()) {
        const QChar c = css.at(i);
        if (c == QLatin1Char('<'))
            return QStringLiteral("'<' in CSS (could close its <style>)");
        if (c == QLatin1Char('/') && i + 1 < css.size() && css.at(i + 1) == QLatin1Char('*')) {
            const qsizetype end = css.indexOf(QLatin1String("*/"), i + 2);
            i = end < 0 ? css.size() : end + 2;
            continue;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            const QString value = consumeString(css, i);
            if (!functions.isEmpty() && urlStringFunctions.contains(functions.last())) {
                if (QString p = resourceProblem(functions.last() + QLatin1String("()"), value, rule);
                    !p.isEmpty())
                    return p;
            }
            continue;
        }
        if (c == QLatin1Char('@') && startsIdentifier(css, i + 1)) {
            ++i;
            const QString name = consumeName(css, i).toLower();
            if (name == QLatin1String("import"))
                return QStringLiteral("@import");
            continue;
        }
        if (startsNumber(css, i)) {
            // A number and its unit: "10url(" is a dimension and a parenthesis, not url().
            consumeNumber(css, i);
            if (startsIdentifier(css, i))
                (void)consumeName(css, i);
            continue;
        }
        if (startsIdentifier(css, i)) {
            const QString name = consumeName(css, i).toLower();
            if (i >= css.size() || css.at(i) != QLatin1Char('('))
                continue;
            ++i;
            if (forbiddenFunctions.contains(name))
                return name + QLatin1String("()");
            if (name == QLatin1String("url")) {
                while (i < css.size() && isCssSpace(css.at(i)))
                    ++i;
                QString url;
                bool loads = true;
                if (i < css.size() && (css.at(i) == QLatin1Char('"') || css.at(i) == QLatin1Char('\''))) {
                    url = consumeString(css, i);
                } else {
                    loads = consumeUnquotedUrl(css, i, url);
                }
                if (QString p = loads ? resourceProblem(QStringLiteral("url()"), url, rule) : QString();
                    !p.isEmpty())
                    return p;
                functions.append(QString()); // what remains up to ')' is the function's
                continue;
            }
            functions.append(name);
            continue;
        }
        if (c == QLatin1Char('\\')) {
            ++i; // not a valid escape (those start identifiers above): a stray delimiter
            continue;
        }
        ++i;
        if (c == QLatin1Char('('))
            functions.append(QString());
        else if (c == QLatin1Char(')') && !functions.isEmpty())
            functions.removeLast();
        else if (c == QLatin1Char('{') || c == QLatin1Char('}') || c == QLatin1Char(';'))
            functions.clear();
    }
    return {};
}

namespace {

// ---------------------------------------------------------------------------------------
// HTML, parsed by gumbo as the reader's Chromium would

using GumboPtr = std::unique_ptr<GumboOutput, void (*)(GumboOutput*)>;

GumboPtr parse(const QString& html) {
    const QByteArray utf8 = html.toUtf8();
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;
    return GumboPtr(gumbo_parse_with_options(&options, utf8.constData(), size_t(utf8.size())),
                    [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
}

QString textOf(const GumboNode* element) {
    QString text;
    const GumboVector& kids = element->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(kids.data[i]);
        if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE ||
            child->type == GUMBO_NODE_CDATA)
            text += QString::fromUtf8(child->v.text.text);
    }
    return text;
}

//! Walks every element under the document (iteratively: output can be deep) and asks
//! `check` about each; stops at the first problem.
template <typename Check>
QString walk(const GumboNode* document, Check check) {
    std::vector<const GumboNode*> stack{document};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        const GumboVector& kids =
            node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
        for (unsigned i = 0; i < kids.length; ++i) {
            const auto* child = static_cast<const GumboNode*>(kids.data[i]);
            if (child->type != GUMBO_NODE_ELEMENT && child->type != GUMBO_NODE_TEMPLATE)
                continue;
            if (child->v.element.tag_namespace != GUMBO_NAMESPACE_HTML)
                return QStringLiteral("foreign element <%1>")
                    .arg(QString::fromUtf8(child->v.element.original_tag.data,
                                           int(child->v.element.original_tag.length)));
            if (QString problem = check(child); !problem.isEmpty())
                return problem;
            stack.push_back(child);
        }
    }
    return {};
}

QString tagName(const GumboNode* element) {
    return QString::fromUtf8(gumbo_normalized_tagname(element->v.element.tag));
}

//! srcset candidates' URLs, split as the HTML standard's srcset parser does.
QStringList srcsetUrls(const QString& set) {
    QStringList urls;
    qsizetype i = 0;
    while (i < set.size()) {
        while (i < set.size() && (set.at(i).isSpace() || set.at(i) == QLatin1Char(',')))
            ++i;
        const qsizetype start = i;
        while (i < set.size() && !set.at(i).isSpace())
            ++i;
        QString url = set.mid(start, i - start);
        if (url.endsWith(QLatin1Char(','))) {
            while (url.endsWith(QLatin1Char(',')))
                url.chop(1);
        } else {
            int parens = 0;
            while (i < set.size() && (parens > 0 || set.at(i) != QLatin1Char(','))) {
                if (set.at(i) == QLatin1Char('('))
                    ++parens;
                else if (set.at(i) == QLatin1Char(')'))
                    --parens;
                ++i;
            }
        }
        if (!url.isEmpty())
            urls << url;
    }
    return urls;
}

} // namespace

QString sanitizedHtmlProblem(const QString& document, const ResourceRule& rule) {
    // The sanitizer's allow-list, written out again here on purpose: this is the oracle.
    static const QSet<QString> elements = {
        QStringLiteral("a"),
        QStringLiteral("abbr"),
        QStringLiteral("acronym"),
        QStringLiteral("address"),
        QStringLiteral("area"),
        QStringLiteral("article"),
        QStringLiteral("aside"),
        QStringLiteral("b"),
        QStringLiteral("bdi"),
        QStringLiteral("bdo"),
        QStringLiteral("big"),
        QStringLiteral("blockquote"),
        QStringLiteral("br"),
        QStringLiteral("caption"),
        QStringLiteral("center"),
        QStringLiteral("cite"),
        QStringLiteral("code"),
        QStringLiteral("col"),
        QStringLiteral("colgroup"),
        QStringLiteral("data"),
        QStringLiteral("dd"),
        QStringLiteral("del"),
        QStringLiteral("details"),
        QStringLiteral("dfn"),
        QStringLiteral("dir"),
        QStringLiteral("div"),
        QStringLiteral("dl"),
        QStringLiteral("dt"),
        QStringLiteral("em"),
        QStringLiteral("fieldset"),
        QStringLiteral("figcaption"),
        QStringLiteral("figure"),
        QStringLiteral("font"),
        QStringLiteral("footer"),
        QStringLiteral("h1"),
        QStringLiteral("h2"),
        QStringLiteral("h3"),
        QStringLiteral("h4"),
        QStringLiteral("h5"),
        QStringLiteral("h6"),
        QStringLiteral("header"),
        QStringLiteral("hgroup"),
        QStringLiteral("hr"),
        QStringLiteral("i"),
        QStringLiteral("img"),
        QStringLiteral("ins"),
        QStringLiteral("kbd"),
        QStringLiteral("legend"),
        QStringLiteral("li"),
        QStringLiteral("main"),
        QStringLiteral("map"),
        QStringLiteral("mark"),
        QStringLiteral("nav"),
        QStringLiteral("ol"),
        QStringLiteral("p"),
        QStringLiteral("pre"),
        QStringLiteral("q"),
        QStringLiteral("rb"),
        QStringLiteral("rp"),
        QStringLiteral("rt"),
        QStringLiteral("rtc"),
        QStringLiteral("ruby"),
        QStringLiteral("s"),
        QStringLiteral("samp"),
        QStringLiteral("section"),
        QStringLiteral("small"),
        QStringLiteral("span"),
        QStringLiteral("strike"),
        QStringLiteral("strong"),
        QStringLiteral("sub"),
        QStringLiteral("summary"),
        QStringLiteral("sup"),
        QStringLiteral("table"),
        QStringLiteral("tbody"),
        QStringLiteral("td"),
        QStringLiteral("tfoot"),
        QStringLiteral("th"),
        QStringLiteral("thead"),
        QStringLiteral("time"),
        QStringLiteral("tr"),
        QStringLiteral("tt"),
        QStringLiteral("u"),
        QStringLiteral("ul"),
        QStringLiteral("var"),
        QStringLiteral("wbr"),
        // The document's frame: SanitizedHtml::html() writes these itself.
        QStringLiteral("html"),
        QStringLiteral("head"),
        QStringLiteral("body"),
        QStringLiteral("meta"),
        QStringLiteral("style"),
    };
    static const QSet<QString> plainAttributes = {
        QStringLiteral("abbr"),        QStringLiteral("align"),       QStringLiteral("alt"),
        QStringLiteral("axis"),        QStringLiteral("bgcolor"),     QStringLiteral("border"),
        QStringLiteral("cellpadding"), QStringLiteral("cellspacing"), QStringLiteral("char"),
        QStringLiteral("charoff"),     QStringLiteral("class"),       QStringLiteral("clear"),
        QStringLiteral("color"),       QStringLiteral("cols"),        QStringLiteral("colspan"),
        QStringLiteral("compact"),     QStringLiteral("coords"),      QStringLiteral("datetime"),
        QStringLiteral("dir"),         QStringLiteral("face"),        QStringLiteral("frame"),
        QStringLiteral("headers"),     QStringLiteral("height"),      QStringLiteral("hspace"),
        QStringLiteral("id"),          QStringLiteral("label"),       QStringLiteral("lang"),
        QStringLiteral("name"),        QStringLiteral("noshade"),     QStringLiteral("nowrap"),
        QStringLiteral("open"),        QStringLiteral("reversed"),    QStringLiteral("role"),
        QStringLiteral("rows"),        QStringLiteral("rowspan"),     QStringLiteral("rules"),
        QStringLiteral("scope"),       QStringLiteral("shape"),       QStringLiteral("size"),
        QStringLiteral("span"),        QStringLiteral("start"),       QStringLiteral("summary"),
        QStringLiteral("title"),       QStringLiteral("type"),        QStringLiteral("usemap"),
        QStringLiteral("valign"),      QStringLiteral("value"),       QStringLiteral("vspace"),
        QStringLiteral("width"),       QStringLiteral("translate"),
    };
    static const QSet<QString> linkSchemes = {QStringLiteral("http"), QStringLiteral("https"),
                                              QStringLiteral("mailto"), QStringLiteral("tel")};
    static const QRegularExpression aria(QStringLiteral("^aria-[a-z]{1,30}$"));

    const GumboPtr output = parse(document);
    if (!output)
        return QStringLiteral("the output does not parse");
    return walk(output->document, [&](const GumboNode* node) -> QString {
        const QString tag = tagName(node);
        if (!elements.contains(tag))
            return QStringLiteral("element <%1>").arg(tag.isEmpty() ? QStringLiteral("unknown") : tag);
        if (tag == QLatin1String("style")) {
            if (QString p = cssProblem(textOf(node), rule); !p.isEmpty())
                return QLatin1String("<style>: ") + p;
        }
        const GumboVector& attributes = node->v.element.attributes;
        for (unsigned i = 0; i < attributes.length; ++i) {
            const auto* attr = static_cast<const GumboAttribute*>(attributes.data[i]);
            const QString name = QString::fromUtf8(attr->name);
            const QString value = QString::fromUtf8(attr->value);
            const QString where = QStringLiteral("<%1 %2>").arg(tag, name);
            if (tag == QLatin1String("meta")) {
                if (name != QLatin1String("charset"))
                    return where;
                continue;
            }
            if (plainAttributes.contains(name) || aria.match(name).hasMatch())
                continue;
            if (name == QLatin1String("style")) {
                if (QString p = cssProblem(value, rule); !p.isEmpty())
                    return where + QLatin1String(": ") + p;
            } else if (name == QLatin1String("href") &&
                       (tag == QLatin1String("a") || tag == QLatin1String("area"))) {
                if (!isAllowedLink(value, linkSchemes))
                    return where + QLatin1String(" = ") + value.left(200);
            } else if (name == QLatin1String("src") && tag == QLatin1String("img")) {
                if (QString p = resourceProblem(where, value, rule); !p.isEmpty())
                    return p;
            } else if (name == QLatin1String("srcset") && tag == QLatin1String("img")) {
                for (const QString& url : srcsetUrls(value)) {
                    if (QString p = resourceProblem(where, url, rule); !p.isEmpty())
                        return p;
                }
            } else if (name == QLatin1String("data-tributary-blocked") && tag == QLatin1String("img")) {
            } else if (name == QLatin1String("background") &&
                       (tag == QLatin1String("body") || tag == QLatin1String("table") ||
                        tag == QLatin1String("tr") || tag == QLatin1String("td") ||
                        tag == QLatin1String("th"))) {
                if (QString p = resourceProblem(where, value, rule); !p.isEmpty())
                    return p;
            } else if (tag == QLatin1String("body") &&
                       (name == QLatin1String("text") || name == QLatin1String("link") ||
                        name == QLatin1String("vlink") || name == QLatin1String("alink"))) {
            } else {
                return where;
            }
        }
        return QString();
    });
}

QString mrkdwnHtmlProblem(const QString& html) {
    static const QSet<QString> elements = {
        QStringLiteral("html"), QStringLiteral("head"), QStringLiteral("body"),       QStringLiteral("p"),
        QStringLiteral("br"),   QStringLiteral("b"),    QStringLiteral("i"),          QStringLiteral("s"),
        QStringLiteral("code"), QStringLiteral("pre"),  QStringLiteral("blockquote"), QStringLiteral("span"),
        QStringLiteral("a"),
    };
    static const QSet<QString> linkSchemes = {QStringLiteral("http"), QStringLiteral("https"),
                                              QStringLiteral("mailto")};
    const GumboPtr output = parse(html);
    if (!output)
        return QStringLiteral("the output does not parse");
    return walk(output->document, [&](const GumboNode* node) -> QString {
        const QString tag = tagName(node);
        if (!elements.contains(tag))
            return QStringLiteral("element <%1>").arg(tag.isEmpty() ? QStringLiteral("unknown") : tag);
        const GumboVector& attributes = node->v.element.attributes;
        for (unsigned i = 0; i < attributes.length; ++i) {
            const auto* attr = static_cast<const GumboAttribute*>(attributes.data[i]);
            const QString name = QString::fromUtf8(attr->name);
            const QString value = QString::fromUtf8(attr->value);
            if (tag == QLatin1String("a") && name == QLatin1String("href")) {
                const QString url = browserNormalized(value);
                if (!linkSchemes.contains(urlScheme(url)))
                    return QStringLiteral("<a href=%1>").arg(value.left(200));
            } else if (tag == QLatin1String("span") && name == QLatin1String("class") &&
                       (value == QLatin1String("mention") || value == QLatin1String("channel"))) {
            } else {
                return QStringLiteral("<%1 %2>").arg(tag, name);
            }
        }
        return QString();
    });
}

} // namespace tributary::fuzz
