#include "Avatar.h"

#include <QPainter>

namespace tributary::ui {

Avatar::Avatar(const QString& name, const QString& address, int size, QWidget* parent)
    : QWidget(parent)
    , m_size(size) {
    setFixedSize(size, size);
    const QString label = name.trimmed().isEmpty() ? address.trimmed() : name.trimmed();
    for (const QChar c : label) {
        if (c.isLetterOrNumber()) {
            m_initial = c.toUpper();
            break;
        }
    }
    // A stable hue per address; saturation and lightness chosen so white text reads on it.
    const QByteArray key = (address.isEmpty() ? label : address).toLower().toUtf8();
    // FNV-1a, not qHash: qHash is seeded per process, and a person's colour must not change.
    quint32 hash = 2166136261u;
    for (const char c : key)
        hash = (hash ^ quint8(c)) * 16777619u;
    const int hue = int(hash % 360u);
    m_colour = QColor::fromHsl(hue, 120, 105);
}

void Avatar::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(m_colour);
    p.drawEllipse(rect());
    QFont f = font();
    f.setBold(true);
    f.setPixelSize(std::max(8, m_size * 9 / 20));
    p.setFont(f);
    p.setPen(Qt::white);
    p.drawText(rect(), Qt::AlignCenter, m_initial);
}

} // namespace tributary::ui
