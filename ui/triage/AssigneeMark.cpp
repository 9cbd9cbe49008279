#include "triage/AssigneeMark.h"

#include <QFontMetrics>
#include <QPainter>
#include <QStringList>

namespace tributary::ui {

namespace {
constexpr int kGap = 4;
} // namespace

QString AssigneeMark::initials(const QString& name) {
    QString out;
    const QStringList words = name.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString& word : words) {
        for (const QChar c : word) {
            if (c.isLetterOrNumber()) {
                out.append(c.toUpper());
                break;
            }
        }
        if (out.size() == 2)
            break;
    }
    return out;
}

QColor AssigneeMark::colour() const {
    // FNV-1a, not qHash: qHash is seeded per process, and a teammate's colour must not change.
    const QByteArray key = (id.isEmpty() ? name : id).toLower().toUtf8();
    quint32 hash = 2166136261u;
    for (const char c : key)
        hash = (hash ^ quint8(c)) * 16777619u;
    // Teams in a squarer, darker badge colour family so they read apart from people.
    return QColor::fromHsl(int(hash % 360u), team ? 90 : 120, team ? 90 : 105);
}

int AssigneeMark::width(const QFont& font, int maxNameWidth) const {
    const QFontMetrics fm(font);
    const int badge = fm.height();
    return badge + kGap + std::min(fm.horizontalAdvance(name), maxNameWidth);
}

QRect AssigneeMark::paint(QPainter* painter, const QRect& area, const QFont& font, const QColor& text,
                          int maxNameWidth) const {
    const QFontMetrics fm(font);
    const int badge = fm.height();
    const QString shown = fm.elidedText(name, Qt::ElideRight, maxNameWidth);
    const int total = badge + kGap + fm.horizontalAdvance(shown);
    const QRect used(area.right() - total + 1, area.top() + (area.height() - badge) / 2, total, badge);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour());
    const QRect circle(used.left(), used.top(), badge, badge);
    if (team)
        painter->drawRoundedRect(circle, 3, 3);
    else
        painter->drawEllipse(circle);
    QFont small = font;
    small.setBold(true);
    small.setPixelSize(std::max(7, badge * 9 / 20));
    painter->setFont(small);
    painter->setPen(Qt::white);
    painter->drawText(circle, Qt::AlignCenter, initials(name));
    painter->setFont(font);
    painter->setPen(text);
    painter->drawText(QRect(circle.right() + 1 + kGap, area.top(), total - badge - kGap, area.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, shown);
    painter->restore();
    return used;
}

} // namespace tributary::ui
