#include "HtmlToText.h"

#include "HtmlNesting.h"

#include <QGuiApplication>
#include <QRegularExpression>
#include <QTextDocument>

namespace tributary {

namespace {
//! The bound the sanitizer parses with (4 x HtmlSanitizer::Options::maxDepth): the estimate
//! counts tags sloppy mail leaves open, so it leaves room above any depth a reader sees.
constexpr int kMaxNesting = 1024;

//! A document that refuses every external resource: mail HTML is untrusted, and even a
//! local image path would let a sender probe the reader's disk.
class InertDocument : public QTextDocument {
public:
    using QTextDocument::QTextDocument;

protected:
    QVariant loadResource(int, const QUrl&) override { return {}; }
};
} // namespace

QString htmlToText(const QString& html) {
    Q_ASSERT(qobject_cast<QGuiApplication*>(QCoreApplication::instance())); // QTextDocument's fonts
    // QTextDocument's HTML import walks the open elements for each tag: quadratic in the
    // nesting, minutes for 200,000 nested <div>s. Mail is never legitimately that deep.
    const QByteArray utf8 = html.toUtf8();
    // ... and per style sheet: one sheet per newsletter block made it quadratic in the length.
    const QByteArray bounded = html::gatherStyleSheets(html::boundNesting(utf8, kMaxNesting));
    InertDocument doc;
    doc.setHtml(bounded == utf8 ? html : QString::fromUtf8(bounded));
    QString text = doc.toPlainText();
    // QTextDocument turns non-breaking spaces and paragraph separators into their own characters.
    text.replace(QChar(QChar::Nbsp), QLatin1Char(' '));
    text.replace(QChar(QChar::ParagraphSeparator), QLatin1Char('\n'));
    text.replace(QChar(QChar::LineSeparator), QLatin1Char('\n'));
    // An out-of-range character reference (&#x110000;) comes back as unpaired surrogates, which
    // are no text to show, and on which QRegularExpression silently matches nothing.
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
            ++i;
        else if (text.at(i).isSurrogate())
            text[i] = QChar(QChar::ReplacementCharacter);
    }
    static const QRegularExpression manyBlankLines(QStringLiteral("\n{3,}"));
    text.replace(manyBlankLines, QStringLiteral("\n\n"));
    return text.trimmed();
}

} // namespace tributary
