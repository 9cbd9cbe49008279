#include "RemoteContentBar.h"

#include "Icons.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>

namespace tributary::ui {

RemoteContentBar::RemoteContentBar(QWidget* parent)
    : QFrame(parent) {
    setAccessibleName(tr("Remote content blocked"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->setSpacing(8);
    auto* icon = new QLabel(this);
    icon->setPixmap(icons::bundled(QStringLiteral("warning")).pixmap(16, 16));
    icon->setAlignment(Qt::AlignTop);
    m_label = new QLabel(this);
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_once = new QPushButton(tr("Load once"), this);
    m_once->setAccessibleName(tr("Load remote content once"));
    m_always = new QPushButton(this);
    for (QPushButton* b : {m_once, m_always}) {
        b->setAutoDefault(false);
        b->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    }
    layout->addWidget(icon);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_once);
    layout->addWidget(m_always);
    connect(m_once, &QPushButton::clicked, this, &RemoteContentBar::loadOnceClicked);
    connect(m_always, &QPushButton::clicked, this, &RemoteContentBar::alwaysClicked);
}

void RemoteContentBar::setState(int blocked, const QString& sender) {
    m_label->setText(tr("Remote images are blocked to protect your privacy (%1).").arg(blocked));
    m_always->setVisible(!sender.isEmpty());
    m_always->setText(tr("Always for %1").arg(sender));
    m_always->setAccessibleName(tr("Always load remote content from %1").arg(sender));
}

QString RemoteContentBar::text() const {
    return m_label->text();
}

void RemoteContentBar::changeEvent(QEvent* event) {
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        update();
}

void RemoteContentBar::paintEvent(QPaintEvent*) {
    // A soft tint of the highlight colour: noticeable, not alarming, right in both themes.
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor accent = pal.color(QPalette::Highlight);
    const auto mix = [](const QColor& a, const QColor& b, double t) {
        return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                                float(a.greenF() * (1 - t) + b.greenF() * t),
                                float(a.blueF() * (1 - t) + b.blueF() * t));
    };
    QPainterPath path;
    path.addRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    p.fillPath(path, mix(base, accent, 0.12));
    p.setPen(mix(base, accent, 0.35));
    p.drawPath(path);
}

} // namespace tributary::ui
