#include "ElidedLabel.h"

#include <QFontMetricsF>
#include <QResizeEvent>
#include <cmath>

namespace tributary::ui {

ElidedLabel::ElidedLabel(QWidget* parent)
    : QLabel(parent) {
    setTextFormat(Qt::PlainText);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

void ElidedLabel::setFullText(const QString& text) {
    QString line = text;
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    m_text = line;
    setToolTip(line.size() > 60 ? line.left(400) : QString());
    elide();
}

QSize ElidedLabel::minimumSizeHint() const {
    return {0, QLabel::minimumSizeHint().height()};
}

QSize ElidedLabel::sizeHint() const {
    // Rounded up: at a width of the rounded advance the text would be shortened by a pixel's fraction.
    const int width = int(std::ceil(QFontMetricsF(font()).horizontalAdvance(m_text.left(200)))) + 1;
    return {width, QLabel::sizeHint().height()};
}

void ElidedLabel::resizeEvent(QResizeEvent* event) {
    QLabel::resizeEvent(event);
    elide();
}

void ElidedLabel::elide() {
    const QString shown = fontMetrics().elidedText(m_text.left(500), Qt::ElideRight, std::max(0, width()));
    // A lone "…" says nothing: show nothing until there is room for a word's start.
    setText(shown == QStringLiteral("…") ? QString() : shown);
}

} // namespace tributary::ui
