#include "compose/ComposerBody.h"

#include <QMimeData>
#include <QSyntaxHighlighter>
#include <QUrl>

namespace tributary::ui {

namespace {

//! Dims quoted lines, as a reader would see the quote below the reply. Display only:
//! highlighter formats are not part of the document, so nothing changes what is sent.
class QuoteHighlighter : public QSyntaxHighlighter {
public:
    explicit QuoteHighlighter(QTextDocument* document)
        : QSyntaxHighlighter(document) {}

protected:
    void highlightBlock(const QString& text) override {
        if (!text.startsWith(QLatin1Char('>')))
            return;
        QTextCharFormat quote;
        quote.setForeground(QColor(0x6b, 0x72, 0x80));
        setFormat(0, int(text.size()), quote);
    }
};

} // namespace

ComposerBody::ComposerBody(QWidget* parent)
    : QTextEdit(parent) {
    new QuoteHighlighter(document());
    setAccessibleName(tr("Message body"));
    setTabChangesFocus(false);
}

QStringList ComposerBody::localFiles(const QMimeData* data) {
    QStringList paths;
    if (!data || !data->hasUrls())
        return paths;
    for (const QUrl& url : data->urls()) {
        if (!url.isLocalFile())
            return {};
        paths.append(url.toLocalFile());
    }
    return paths;
}

bool ComposerBody::canInsertFromMimeData(const QMimeData* source) const {
    return !localFiles(source).isEmpty() || QTextEdit::canInsertFromMimeData(source);
}

void ComposerBody::insertFromMimeData(const QMimeData* source) {
    const QStringList files = localFiles(source);
    if (!files.isEmpty()) {
        emit filesDropped(files);
        return;
    }
    QTextEdit::insertFromMimeData(source);
}

} // namespace tributary::ui
