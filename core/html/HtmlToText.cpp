#include "HtmlToText.h"

#include "HtmlNesting.h"

#include <algorithm>
#include <gumbo.h>
#include <memory>
#include <vector>

namespace tributary {

namespace {
//! The bound the sanitizer parses with (4 x HtmlSanitizer::Options::maxDepth): the estimate
//! counts tags sloppy mail leaves open, so it leaves room above any depth a reader sees.
constexpr int kMaxNesting = 1024;
//! Elements parsed at most, as HtmlSanitizer::Options::maxElements: gumbo spends about a
//! microsecond per node, so a megabyte of bare tags would cost a quarter of a second.
constexpr int kMaxElements = 25'000;

enum class Kind { Inline, Block, LineBreak, Hidden, Preformatted };

Kind kindOf(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
        return Kind::Hidden;
    case GUMBO_TAG_BR:
        return Kind::LineBreak;
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_PLAINTEXT:
    case GUMBO_TAG_XMP:
        return Kind::Preformatted;
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_DIR:
        return Kind::Block;
    default:
        return Kind::Inline;
    }
}

//! Collects visible text the way HTML lays it out: runs of whitespace are one space, a
//! block starts on a new line, <br> breaks a line, and separators only ever go between
//! visible characters (so the text needs no trimming of collapsed space).
class TextWriter {
public:
    void block() { m_breaks = std::max(m_breaks, 1); }
    void lineBreak() { m_breaks = std::min(m_breaks + 1, 2); } // at most one blank line

    void text(QStringView text, bool preformatted) {
        for (const QChar c : text) {
            if (c == QLatin1Char('\r'))
                continue;
            if ((preformatted && c == QLatin1Char('\n')) || c == QChar(QChar::LineSeparator) ||
                c == QChar(QChar::ParagraphSeparator))
                lineBreak();
            else if (!preformatted && (c == QLatin1Char(' ') || c == QLatin1Char('\t') ||
                                       c == QLatin1Char('\n') || c == QLatin1Char('\f')))
                m_space = true;
            else
                visible(c == QChar(QChar::Nbsp) ? QChar(QLatin1Char(' ')) : c);
        }
    }

    QString take() { return std::move(m_out).trimmed(); }

private:
    void visible(QChar c) {
        if (!m_out.isEmpty()) {
            if (m_breaks > 0)
                m_out += QString(m_breaks, QLatin1Char('\n'));
            else if (m_space)
                m_out += QLatin1Char(' ');
        }
        m_breaks = 0;
        m_space = false;
        m_out += c;
    }

    QString m_out;
    int m_breaks = 0;
    bool m_space = false;
};

//! Walks the tree without recursion (depth is bounded, but a loop needs no stack budget).
QString textOf(const GumboNode* root) {
    struct Frame {
        const GumboNode* node;
        unsigned next; //!< the next child to visit
        bool preformatted;
    };
    TextWriter writer;
    std::vector<Frame> stack{{root, 0, false}};
    while (!stack.empty()) {
        Frame& frame = stack.back();
        const GumboNode* node = frame.node;
        const GumboVector* children = node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE
                                          ? &node->v.element.children
                                      : node->type == GUMBO_NODE_DOCUMENT ? &node->v.document.children
                                                                          : nullptr;
        if (!children || frame.next >= children->length) {
            if (node->type == GUMBO_NODE_ELEMENT && kindOf(node->v.element.tag) != Kind::Inline)
                writer.block();
            stack.pop_back();
            continue;
        }
        const auto* child = static_cast<const GumboNode*>(children->data[frame.next++]);
        const bool preformatted = frame.preformatted;
        switch (child->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_CDATA:
        case GUMBO_NODE_WHITESPACE:
            writer.text(QString::fromUtf8(child->v.text.text), preformatted);
            break;
        case GUMBO_NODE_ELEMENT: {
            const Kind kind = kindOf(child->v.element.tag);
            if (kind == Kind::Hidden)
                break;
            if (kind == Kind::LineBreak) {
                writer.lineBreak();
                break;
            }
            if (kind != Kind::Inline)
                writer.block();
            stack.push_back({child, 0, preformatted || kind == Kind::Preformatted});
            break;
        }
        default: // comments; templates are hidden
            break;
        }
    }
    return writer.take();
}
} // namespace

QString htmlToText(const QString& html) {
    if (html.isEmpty())
        return {};
    // Gumbo looks through the open elements for most start tags: quadratic in the nesting
    // (see HtmlNesting.h). Mail is never legitimately that deep.
    // And a hostile mail of bare tags is cut at the element budget: the text says so.
    const html::BoundedMarkup bounded = html::boundMarkup(html.toUtf8(), kMaxNesting, kMaxElements);
    const QByteArray& utf8 = bounded.html;
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0; // never read; unbounded they cost memory on junk input
    const std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> output(
        gumbo_parse_with_options(&options, utf8.constData(), size_t(utf8.size())),
        [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
    if (!output || !output->document)
        return {};
    const QString text = textOf(output->document);
    return bounded.clipped ? text + QStringLiteral("\n\n[…]") : text;
}

} // namespace tributary
