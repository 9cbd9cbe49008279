#include "accounts/BusyIndicator.h"

#include <QPainter>
#include <QTimer>

namespace tributary::ui {

BusyIndicator::BusyIndicator(QWidget* parent)
    : QWidget(parent)
    , m_timer(new QTimer(this)) {
    m_timer->setInterval(40);
    connect(m_timer, &QTimer::timeout, this, [this] {
        m_angle = (m_angle + 30) % 360;
        update();
    });
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    setAccessibleName(tr("Working"));
    hide();
}

void BusyIndicator::start() {
    show();
    m_timer->start();
}

void BusyIndicator::stop() {
    m_timer->stop();
    hide();
}

bool BusyIndicator::isRunning() const {
    return m_timer->isActive();
}

QSize BusyIndicator::sizeHint() const {
    return {20, 20};
}

void BusyIndicator::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const int side = qMin(width(), height()) - 4;
    const QRectF box((width() - side) / 2.0, (height() - side) / 2.0, side, side);
    QPen track(palette().color(QPalette::Mid), 2.5);
    p.setPen(track);
    p.drawEllipse(box);
    QPen arc(palette().color(QPalette::Highlight), 2.5);
    arc.setCapStyle(Qt::RoundCap);
    p.setPen(arc);
    // Qt angles are in 1/16 degree, counter-clockwise: turn clockwise.
    p.drawArc(box, -m_angle * 16, 100 * 16);
}

} // namespace tributary::ui
