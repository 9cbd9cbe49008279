#include "accounts/StatusBadge.h"

#include <QPainter>
#include <QPainterPath>

namespace tributary::ui {

StatusBadge::StatusBadge(QWidget* parent)
    : QWidget(parent) {
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void StatusBadge::setKind(Kind kind) {
    m_kind = kind;
    update();
}

QSize StatusBadge::sizeHint() const {
    return {20, 20};
}

void StatusBadge::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal side = qMin(width(), height()) - 2;
    const QRectF box((width() - side) / 2.0, (height() - side) / 2.0, side, side);
    const bool ok = m_kind == Kind::Success;
    // The colours of the bundled online/warning icons, so the marks match the status bar.
    p.setPen(Qt::NoPen);
    p.setBrush(ok ? QColor(0x2f, 0xa8, 0x4f) : QColor(0xe0, 0x9b, 0x12));
    p.drawEllipse(box);
    QPen mark(Qt::white, side / 9.0);
    mark.setCapStyle(Qt::RoundCap);
    mark.setJoinStyle(Qt::RoundJoin);
    p.setPen(mark);
    p.setBrush(Qt::NoBrush);
    const QPointF c = box.center();
    const qreal u = side / 18.0;
    if (ok) {
        QPainterPath tick;
        tick.moveTo(c + QPointF(-4.5 * u, 0.3 * u));
        tick.lineTo(c + QPointF(-1.3 * u, 3.5 * u));
        tick.lineTo(c + QPointF(4.8 * u, -3.6 * u));
        p.drawPath(tick);
    } else {
        p.drawLine(c + QPointF(0, -4.6 * u), c + QPointF(0, 1.2 * u));
        p.drawPoint(c + QPointF(0, 4.6 * u));
    }
}

} // namespace tributary::ui
