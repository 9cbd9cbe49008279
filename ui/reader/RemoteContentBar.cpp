#include "RemoteContentBar.h"

#include "Icons.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QResizeEvent>
#include <QVBoxLayout>

namespace tributary::ui {

namespace {
constexpr int kMinTextWidth = 220; //!< narrower than this, the buttons go under the text
} // namespace

RemoteContentBar::RemoteContentBar(QWidget* parent)
    : QFrame(parent) {
    setAccessibleName(tr("Remote content blocked"));
    auto* rows = new QVBoxLayout(this);
    // The bar's width comes from the card (minimumSizeHint()), not from one line of buttons.
    rows->setSizeConstraint(QLayout::SetNoConstraint);
    rows->setContentsMargins(10, 6, 6, 6);
    rows->setSpacing(6);
    m_top = new QHBoxLayout;
    m_top->setSpacing(8);
    m_bottom = new QHBoxLayout;
    m_bottom->setSpacing(8);
    m_bottom->addStretch(1);
    rows->addLayout(m_top);
    rows->addLayout(m_bottom);
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
    m_top->addWidget(icon);
    m_top->addWidget(m_label, 1);
    m_top->addWidget(m_once);
    m_top->addWidget(m_always);
    connect(m_once, &QPushButton::clicked, this, &RemoteContentBar::loadOnceClicked);
    connect(m_always, &QPushButton::clicked, this, &RemoteContentBar::alwaysClicked);
}

void RemoteContentBar::setState(int blocked, const QString& sender) {
    m_label->setText(tr("Remote images are blocked to protect your privacy (%1).").arg(blocked));
    m_always->setVisible(!sender.isEmpty());
    m_alwaysText = tr("Always for %1").arg(sender);
    m_always->setToolTip(m_alwaysText);
    m_always->setAccessibleName(tr("Always load remote content from %1").arg(sender));
    fitButtons();
}

QSize RemoteContentBar::minimumSizeHint() const {
    // The buttons may go under the text and the address may shorten: the bar never asks
    // for more than a narrow pane has.
    return {kNarrowest, QFrame::minimumSizeHint().height()};
}

void RemoteContentBar::resizeEvent(QResizeEvent* event) {
    QFrame::resizeEvent(event);
    fitButtons();
}

void RemoteContentBar::fitButtons() {
    const QMargins m = layout()->contentsMargins();
    const int room = width() - m.left() - m.right();
    // One line while the text keeps a readable width beside the buttons; else two.
    m_always->setText(m_alwaysText);
    const int buttons =
        m_once->sizeHint().width() + (m_always->isVisibleTo(this) ? m_always->sizeHint().width() + 8 : 0);
    const bool oneLine = room - 16 - 8 - 8 - buttons >= kMinTextWidth;
    QHBoxLayout* target = oneLine ? m_top : m_bottom;
    QHBoxLayout* other = oneLine ? m_bottom : m_top;
    if (target->indexOf(m_once) < 0) {
        other->removeWidget(m_once);
        other->removeWidget(m_always);
        target->addWidget(m_once);
        target->addWidget(m_always);
    }
    if (!oneLine) {
        // Two lines: the address shortens in the middle rather than pushing the card wider.
        const int spare = room - m_once->sizeHint().width() - 8;
        const int chrome =
            m_always->sizeHint().width() - m_always->fontMetrics().horizontalAdvance(m_alwaysText);
        if (m_always->sizeHint().width() > spare)
            m_always->setText(m_always->fontMetrics().elidedText(m_alwaysText, Qt::ElideMiddle,
                                                                 std::max(40, spare - chrome)));
    }
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
