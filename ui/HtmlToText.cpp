#include "HtmlToText.h"

#include <QRegularExpression>
#include <QTextDocument>

namespace tributary::ui {

namespace {
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
    InertDocument doc;
    doc.setHtml(html);
    QString text = doc.toPlainText();
    // QTextDocument turns non-breaking spaces and paragraph separators into their own characters.
    text.replace(QChar(QChar::Nbsp), QLatin1Char(' '));
    text.replace(QChar(QChar::ParagraphSeparator), QLatin1Char('\n'));
    text.replace(QChar(QChar::LineSeparator), QLatin1Char('\n'));
    static const QRegularExpression manyBlankLines(QStringLiteral("\n{3,}"));
    text.replace(manyBlankLines, QStringLiteral("\n\n"));
    return text.trimmed();
}

} // namespace tributary::ui
