#include "HtmlSanitizer.h"

#include "CssSanitizer.h"
#include "HtmlNesting.h"
#include "LinkDestination.h"
#include "ResourceFilter.h"

#include <QRegularExpression>
#include <QSet>
#include <QUrl>
#include <algorithm>
#include <array>
#include <gumbo.h>
#include <memory>
#include <string_view>
#include <vector>

namespace tributary {

namespace {

enum class Action {
    Keep,   //!< written with its allowed attributes
    Unwrap, //!< its children are written, the tag is not
    Drop,   //!< gone with everything inside
    Pre,    //!< raw-text containers (xmp, listing, plaintext): their text as <pre>
    Style,  //!< a style sheet: sanitized into the head
};

Action actionFor(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_A:
    case GUMBO_TAG_ABBR:
    case GUMBO_TAG_ACRONYM:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_AREA:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_B:
    case GUMBO_TAG_BDI:
    case GUMBO_TAG_BDO:
    case GUMBO_TAG_BIG:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_CITE:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_COL:
    case GUMBO_TAG_COLGROUP:
    case GUMBO_TAG_DATA:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DEL:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DFN:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FONT:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_I:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_INS:
    case GUMBO_TAG_KBD:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_MARK:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_Q:
    case GUMBO_TAG_RB:
    case GUMBO_TAG_RP:
    case GUMBO_TAG_RT:
    case GUMBO_TAG_RTC:
    case GUMBO_TAG_RUBY:
    case GUMBO_TAG_S:
    case GUMBO_TAG_SAMP:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_STRIKE:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_SUP:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TIME:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TT:
    case GUMBO_TAG_U:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_VAR:
    case GUMBO_TAG_WBR:
        return Action::Keep;
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_PARAM:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_META:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_BGSOUND:
    case GUMBO_TAG_ISINDEX:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_MENUITEM:
    case GUMBO_TAG_NEXTID:
        return Action::Drop;
    case GUMBO_TAG_XMP:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_PLAINTEXT:
        return Action::Pre;
    case GUMBO_TAG_STYLE:
        return Action::Style;
    default:
        // html, head, body, form, label, menu, marquee, blink, nobr, unknown tags ...:
        // noscript too: JavaScript is off, so a browser would show its content, and an
        // unclosed one would otherwise swallow the rest of the mail.
        // their text is kept, the element is not.
        return Action::Unwrap;
    }
}

bool isVoid(GumboTag tag) {
    return tag == GUMBO_TAG_AREA || tag == GUMBO_TAG_BR || tag == GUMBO_TAG_COL || tag == GUMBO_TAG_HR ||
           tag == GUMBO_TAG_IMG || tag == GUMBO_TAG_WBR;
}

//! Presentational attributes that load nothing and run nothing (sorted: looked up for every
//! attribute of every element, so by binary search on gumbo's bytes, without hashing).
constexpr std::array<std::string_view, 50> kPlainAttributes = {
    "abbr",   "align",    "alt",     "axis",      "bgcolor", "border",  "cellpadding", "cellspacing",
    "char",   "charoff",  "class",   "clear",     "color",   "cols",    "colspan",     "compact",
    "coords", "datetime", "dir",     "face",      "frame",   "headers", "height",      "hspace",
    "id",     "label",    "lang",    "name",      "noshade", "nowrap",  "open",        "reversed",
    "role",   "rows",     "rowspan", "rules",     "scope",   "shape",   "size",        "span",
    "start",  "summary",  "title",   "translate", "type",    "usemap",  "valign",      "value",
    "vspace", "width"};

bool isPlainAttribute(std::string_view name) {
    static_assert(std::is_sorted(kPlainAttributes.begin(), kPlainAttributes.end()));
    return std::binary_search(kPlainAttributes.begin(), kPlainAttributes.end(), name);
}

void appendEscapedText(QString& out, const QString& text) {
    for (const QChar c : text) {
        switch (c.unicode()) {
        case u'&':
            out.append(QLatin1String("&amp;"));
            break;
        case u'<':
            out.append(QLatin1String("&lt;"));
            break;
        case u'>':
            out.append(QLatin1String("&gt;"));
            break;
        case 0:
            break;
        default:
            out.append(c);
        }
    }
}

void appendAttribute(QString& out, QLatin1String name, const QString& value) {
    out.append(QLatin1Char(' '));
    out.append(name);
    out.append(QLatin1String("=\""));
    for (const QChar c : value) {
        switch (c.unicode()) {
        case u'&':
            out.append(QLatin1String("&amp;"));
            break;
        case u'"':
            out.append(QLatin1String("&quot;"));
            break;
        case u'<':
            out.append(QLatin1String("&lt;"));
            break;
        case u'>':
            out.append(QLatin1String("&gt;"));
            break;
        case 0:
            break;
        default:
            out.append(c);
        }
    }
    out.append(QLatin1Char('"'));
}

const GumboVector& childrenOf(const GumboNode* node) {
    return node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
}

//! The text inside `node`, at most `limit` characters (for link-text checks and <xmp>).
QString textOf(const GumboNode* node, qsizetype limit) {
    QString text;
    std::vector<std::pair<const GumboNode*, unsigned>> stack{{node, 0}};
    while (!stack.empty() && text.size() < limit) {
        auto& [n, next] = stack.back();
        const GumboVector& kids = childrenOf(n);
        if (next >= kids.length) {
            stack.pop_back();
            continue;
        }
        const auto* child = static_cast<const GumboNode*>(kids.data[next++]);
        if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE ||
            child->type == GUMBO_NODE_CDATA)
            text.append(QString::fromUtf8(child->v.text.text));
        else if (child->type == GUMBO_NODE_ELEMENT)
            stack.emplace_back(child, 0);
    }
    return text.left(limit);
}

//! A width/height attribute of at most one pixel ("0", "1", "1px").
bool tinyDimension(const GumboAttribute* attr) {
    if (!attr)
        return false;
    const QString value = QString::fromUtf8(attr->value).trimmed().toLower();
    static const QRegularExpression tiny(QStringLiteral("^0*[01](\\.0*)?(px)?$"));
    return tiny.match(value).hasMatch();
}

//! An inline style that hides an image or shrinks it to a dot: how pixels hide.
bool hidingStyle(const GumboAttribute* attr) {
    if (!attr)
        return false;
    static const QRegularExpression hiding(
        QStringLiteral(
            "(^|[;\\s])(display\\s*:\\s*none|visibility\\s*:\\s*hidden|opacity\\s*:\\s*0*(\\.0*)?\\s*"
            "(;|!|$)|(max-)?(width|height)\\s*:\\s*0*[01](\\.0*)?(px)?\\s*(;|!|$))"),
        QRegularExpression::CaseInsensitiveOption);
    return hiding.match(QString::fromUtf8(attr->value)).hasMatch();
}

class Writer {
public:
    Writer(const HtmlSanitizer::Options& options, SanitizedHtml& result)
        : m_options(options)
        , m_result(result)
        , m_filter(options.allowRemote, options.cidPrefix)
        , m_css(m_filter) {}

    void run(const GumboNode* root);

private:
    struct Frame {
        const GumboNode* node;
        unsigned next;
        const char* closeTag; //!< nullptr when the element was unwrapped
    };

    //! Writes `node`'s start tag and returns the tag to close, or tells the caller what to do.
    Action startElement(const GumboNode* node, bool tooDeep, const char** closeTag);
    void writeAttributes(const GumboNode* node, QString& out, bool isBody);
    //! Handles src/srcset of an <img>; false when the whole image must go (a tracker).
    bool writeImageSources(const GumboNode* node, QString& out);
    void writeStyle(const GumboNode* node);

    const HtmlSanitizer::Options& m_options;
    SanitizedHtml& m_result;
    ResourceFilter m_filter;
    CssSanitizer m_css;
    QString m_out;
    QSet<QString> m_deceptive;
};

void Writer::run(const GumboNode* root) {
    m_out.reserve(1024);
    std::vector<Frame> stack;
    stack.push_back({root, 0, nullptr});
    int keptDepth = 0;
    while (!stack.empty()) {
        Frame& top = stack.back();
        const GumboVector& kids = childrenOf(top.node);
        if (top.next >= kids.length) {
            if (top.closeTag) {
                m_out.append(QLatin1String("</"));
                m_out.append(QLatin1String(top.closeTag));
                m_out.append(QLatin1Char('>'));
                --keptDepth;
            }
            stack.pop_back();
            continue;
        }
        const auto* node = static_cast<const GumboNode*>(kids.data[top.next++]);
        switch (node->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_WHITESPACE:
            appendEscapedText(m_out, QString::fromUtf8(node->v.text.text));
            break;
        case GUMBO_NODE_ELEMENT: {
            const char* closeTag = nullptr;
            const Action action = startElement(node, keptDepth >= m_options.maxDepth, &closeTag);
            if (action == Action::Keep && closeTag) {
                ++keptDepth;
                stack.push_back({node, 0, closeTag}); // `top` is invalid from here on
            } else if (action == Action::Unwrap) {
                stack.push_back({node, 0, nullptr});
            }
            break;
        }
        default:
            // Comments (incl. conditional comments), CDATA of foreign content, templates.
            break;
        }
    }
    m_result.body = m_out;
    m_result.blockedRemoteCount = m_filter.blockedCount();
    m_result.remoteCount = m_filter.remoteCount();
    m_result.remoteHosts = m_filter.remoteHosts();
    m_result.trackersRemoved = m_filter.trackerCount();
    m_result.contentIds = m_filter.contentIds();
    m_result.hasOwnColours = m_result.hasOwnColours || m_css.setsColours();
}

Action Writer::startElement(const GumboNode* node, bool tooDeep, const char** closeTag) {
    const GumboElement& el = node->v.element;
    // Foreign content (svg, math) is where parsers disagree and scripts hide: none of it.
    if (el.tag_namespace != GUMBO_NAMESPACE_HTML)
        return Action::Drop;
    Action action = actionFor(el.tag);
    if (el.tag == GUMBO_TAG_BODY) {
        writeAttributes(node, m_result.bodyAttributes, true);
        return Action::Unwrap;
    }
    if (action == Action::Style) {
        writeStyle(node);
        return Action::Drop;
    }
    if (action == Action::Pre) {
        m_out.append(QLatin1String("<pre>"));
        appendEscapedText(m_out, textOf(node, std::numeric_limits<qsizetype>::max() / 2));
        m_out.append(QLatin1String("</pre>"));
        return Action::Drop;
    }
    if (action == Action::Keep && tooDeep && !isVoid(el.tag))
        action = Action::Unwrap;
    if (action != Action::Keep)
        return action;

    QString tag = QLatin1Char('<') + QLatin1String(gumbo_normalized_tagname(el.tag));
    if (el.tag == GUMBO_TAG_IMG && !writeImageSources(node, tag)) {
        m_filter.countTracker();
        return Action::Drop;
    }
    writeAttributes(node, tag, false);
    if (el.tag == GUMBO_TAG_A) {
        if (const GumboAttribute* href = gumbo_get_attribute(&el.attributes, "href")) {
            const QString target = ResourceFilter::linkTarget(QString::fromUtf8(href->value));
            if (!target.isEmpty()) {
                appendAttribute(tag, QLatin1String("href"), target);
                if (links::isDeceptiveLink(textOf(node, 300), QUrl(target)) &&
                    !m_deceptive.contains(target)) {
                    m_deceptive.insert(target);
                    m_result.deceptiveLinks.append(target);
                }
            }
        }
    } else if (el.tag == GUMBO_TAG_AREA) {
        if (const GumboAttribute* href = gumbo_get_attribute(&el.attributes, "href")) {
            const QString target = ResourceFilter::linkTarget(QString::fromUtf8(href->value));
            if (!target.isEmpty())
                appendAttribute(tag, QLatin1String("href"), target);
        }
    }
    tag.append(QLatin1Char('>'));
    m_out.append(tag);
    *closeTag = isVoid(el.tag) ? nullptr : gumbo_normalized_tagname(el.tag);
    return Action::Keep;
}

void Writer::writeAttributes(const GumboNode* node, QString& out, bool isBody) {
    const GumboElement& el = node->v.element;
    const bool backgroundAllowed = isBody || el.tag == GUMBO_TAG_TABLE || el.tag == GUMBO_TAG_TR ||
                                   el.tag == GUMBO_TAG_TD || el.tag == GUMBO_TAG_TH;
    for (unsigned i = 0; i < el.attributes.length; ++i) {
        const auto* attr = static_cast<const GumboAttribute*>(el.attributes.data[i]);
        const std::string_view name(attr->name);
        const QString value = QString::fromUtf8(attr->value);
        if (name == "style") {
            const QString css = m_css.sanitize(value).trimmed();
            if (!css.isEmpty())
                appendAttribute(out, QLatin1String("style"), css);
            continue;
        }
        if (name == "background") {
            if (!backgroundAllowed)
                continue;
            const ResourceFilter::Decision d = m_filter.judge(value);
            switch (d.verdict) {
            case ResourceFilter::Verdict::Blocked:
                m_filter.countRemote();
                m_filter.countBlocked();
                break;
            case ResourceFilter::Verdict::Tracker:
                m_filter.countTracker();
                break;
            case ResourceFilter::Verdict::Remote:
                m_filter.countRemote();
                [[fallthrough]];
            case ResourceFilter::Verdict::Embedded:
            case ResourceFilter::Verdict::Inline:
                appendAttribute(out, QLatin1String("background"), d.url);
                m_result.hasOwnColours = true;
                break;
            case ResourceFilter::Verdict::Unsafe:
                break;
            }
            continue;
        }
        const bool bodyColour =
            isBody && (name == "text" || name == "link" || name == "vlink" || name == "alink");
        // The tokenizer allows almost any character in a name ('"', '<' ...): only names we
        // know, or aria-<letters>, are ever written back.
        static const QRegularExpression ariaName(QStringLiteral("^aria-[a-z]{1,30}$"));
        const bool plain = isPlainAttribute(name) || ariaName.match(QString::fromUtf8(attr->name)).hasMatch();
        if (!plain && !bodyColour)
            continue; // on*, href/src (handled by the element), data-*, formaction, srcdoc, ping ...
        if (name == "bgcolor" || name == "color" || bodyColour)
            m_result.hasOwnColours = true;
        appendAttribute(out, QLatin1String(attr->name), value);
    }
}

bool Writer::writeImageSources(const GumboNode* node, QString& out) {
    const GumboElement& el = node->v.element;
    const GumboAttribute* src = gumbo_get_attribute(&el.attributes, "src");
    const GumboAttribute* srcset = gumbo_get_attribute(&el.attributes, "srcset");
    const bool pixel = tinyDimension(gumbo_get_attribute(&el.attributes, "width")) ||
                       tinyDimension(gumbo_get_attribute(&el.attributes, "height")) ||
                       hidingStyle(gumbo_get_attribute(&el.attributes, "style"));
    bool blocked = false;
    bool srcRemote = false;    // src counted as one remote item
    bool srcsetRemote = false; // a srcset candidate is remote (blocked or loaded)
    QString srcOut;
    if (src) {
        const ResourceFilter::Decision d = m_filter.judge(QString::fromUtf8(src->value));
        switch (d.verdict) {
        case ResourceFilter::Verdict::Tracker:
            return false;
        case ResourceFilter::Verdict::Remote:
        case ResourceFilter::Verdict::Blocked:
            // A remote image nobody can see is there to report that the mail was opened.
            if (pixel)
                return false;
            m_filter.countRemote();
            srcRemote = true;
            if (d.verdict == ResourceFilter::Verdict::Blocked)
                blocked = true;
            else
                srcOut = d.url;
            break;
        case ResourceFilter::Verdict::Embedded:
        case ResourceFilter::Verdict::Inline:
            srcOut = d.url;
            break;
        case ResourceFilter::Verdict::Unsafe:
            break;
        }
    }
    QStringList candidates;
    if (srcset) {
        // srcset: "url [descriptor], url [descriptor]"; a URL runs to whitespace, and a
        // candidate without descriptors may end in a comma (data: URLs contain commas).
        const QString set = QString::fromUtf8(srcset->value);
        qsizetype i = 0;
        while (i < set.size()) {
            while (i < set.size() && (set.at(i).isSpace() || set.at(i) == QLatin1Char(',')))
                ++i;
            const qsizetype urlStart = i;
            while (i < set.size() && !set.at(i).isSpace())
                ++i;
            QString url = set.mid(urlStart, i - urlStart);
            QString descriptor;
            if (url.endsWith(QLatin1Char(','))) {
                while (url.endsWith(QLatin1Char(',')))
                    url.chop(1);
            } else {
                const qsizetype descStart = i;
                int parens = 0;
                while (i < set.size() && (parens > 0 || set.at(i) != QLatin1Char(','))) {
                    if (set.at(i) == QLatin1Char('('))
                        ++parens;
                    else if (set.at(i) == QLatin1Char(')'))
                        --parens;
                    ++i;
                }
                descriptor = set.mid(descStart, i - descStart).trimmed();
            }
            if (url.isEmpty())
                continue;
            const ResourceFilter::Decision d = m_filter.judge(url);
            switch (d.verdict) {
            case ResourceFilter::Verdict::Tracker:
                return false;
            case ResourceFilter::Verdict::Blocked:
                if (pixel)
                    return false;
                blocked = true;
                srcsetRemote = true;
                break;
            case ResourceFilter::Verdict::Remote:
                if (pixel)
                    return false;
                srcsetRemote = true;
                [[fallthrough]];
            case ResourceFilter::Verdict::Embedded:
            case ResourceFilter::Verdict::Inline:
                // Descriptors are "2x" / "300w": anything else is dropped with its candidate.
                if (descriptor.isEmpty() ||
                    QRegularExpression(QStringLiteral("^\\d+(\\.\\d+)?[wx]$")).match(descriptor).hasMatch())
                    candidates.append(descriptor.isEmpty() ? d.url : d.url + QLatin1Char(' ') + descriptor);
                break;
            case ResourceFilter::Verdict::Unsafe:
                break;
            }
        }
        // One image is one remote item, however many of its URLs are remote: counted here
        // when its src did not count already (no src, or one that is not remote).
        if (!srcRemote && srcsetRemote)
            m_filter.countRemote();
    }
    if (blocked)
        m_filter.countBlocked();
    if (!srcOut.isEmpty())
        appendAttribute(out, QLatin1String("src"), srcOut);
    if (!candidates.isEmpty() && !blocked)
        appendAttribute(out, QLatin1String("srcset"), candidates.join(QStringLiteral(", ")));
    if (blocked)
        appendAttribute(out, QLatin1String("data-tributary-blocked"), QString());
    return true;
}

void Writer::writeStyle(const GumboNode* node) {
    const QString css = m_css.sanitize(textOf(node, std::numeric_limits<qsizetype>::max() / 2)).trimmed();
    if (css.isEmpty())
        return;
    m_result.head.append(QLatin1String("<style>"));
    m_result.head.append(css);
    m_result.head.append(QLatin1String("</style>\n"));
}

} // namespace

QString SanitizedHtml::html(const QString& extraHead) const {
    QString doc;
    doc.reserve(body.size() + head.size() + extraHead.size() + 200);
    doc.append(QLatin1String("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"));
    doc.append(extraHead);
    doc.append(head);
    doc.append(QLatin1String("</head><body"));
    doc.append(bodyAttributes);
    doc.append(QLatin1Char('>'));
    doc.append(body);
    doc.append(QLatin1String("</body></html>\n"));
    return doc;
}

bool SanitizedHtml::asksBeforeOpening(const QUrl& clicked) const {
    return std::any_of(deceptiveLinks.cbegin(), deceptiveLinks.cend(),
                       [&](const QString& link) { return links::sameDestination(QUrl(link), clicked); });
}

SanitizedHtml HtmlSanitizer::sanitize(const QString& html, const Options& options) {
    SanitizedHtml result;
    if (html.isEmpty())
        return result;
    const html::BoundedMarkup bounded =
        html::boundMarkup(html.toUtf8(), std::max(64, options.maxDepth * 4), options.maxElements);
    const QByteArray& utf8 = bounded.html;
    GumboOptions gumboOptions = kGumboDefaultOptions;
    gumboOptions.max_errors = 0; // we never read them; unbounded they cost memory on junk input
    const std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> output(
        gumbo_parse_with_options(&gumboOptions, utf8.constData(), size_t(utf8.size())),
        [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
    if (!output || !output->root)
        return result;
    Writer writer(options, result);
    writer.run(output->document);
    result.clipped = bounded.clipped;
    return result;
}

} // namespace tributary
