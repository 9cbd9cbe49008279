#include "PlainTextView.h"

#include <QAbstractTextDocumentLayout>
#include <QResizeEvent>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <cmath>

namespace tributary::ui {

PlainTextView::PlainTextView(QWidget* parent)
    : SafeTextBrowser(parent) {
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // A URL longer than the pane is broken where it must be, never cut off at the edge.
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    document()->setDocumentMargin(0);
    // The card paints the background; the text sits on it.
    viewport()->setAutoFillBackground(false);
    setAutoFillBackground(false);
    connect(document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
            &PlainTextView::fitHeight);
}

void PlainTextView::setBody(const QString& html, qreal lineHeight) {
    setHtml(html);
    QTextCursor cursor(document());
    for (QTextBlock block = document()->begin(); block.isValid(); block = block.next()) {
        cursor.setPosition(block.position());
        QTextBlockFormat format = block.blockFormat();
        format.setLineHeight(lineHeight, QTextBlockFormat::MinimumHeight);
        cursor.setBlockFormat(format);
    }
    fitHeight();
}

QSize PlainTextView::sizeHint() const {
    return {SafeTextBrowser::sizeHint().width(), height()};
}

QSize PlainTextView::minimumSizeHint() const {
    return {0, height()};
}

void PlainTextView::resizeEvent(QResizeEvent* event) {
    SafeTextBrowser::resizeEvent(event);
    if (event->size().width() != event->oldSize().width())
        fitHeight();
}

void PlainTextView::fitHeight() {
    const int h = int(std::ceil(document()->size().height())) + frameWidth() * 2;
    if (h != height())
        setFixedHeight(std::max(h, fontMetrics().height()));
    verticalScrollBar()->setValue(0);
}

} // namespace tributary::ui
