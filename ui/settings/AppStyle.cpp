#include "settings/AppStyle.h"

#include "actions/ShortcutText.h"

#include <QApplication>
#include <QPainter>
#include <QStyleFactory>
#include <QStyleOption>

namespace tributary::ui {

namespace {

QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

bool isDark(const QPalette& palette) {
    return palette.color(QPalette::Window).lightness() < palette.color(QPalette::WindowText).lightness();
}

} // namespace

AppStyle::AppStyle(QStyle* base)
    : QProxyStyle(base) {}

void AppStyle::install() {
    QStyle* current = QApplication::style();
    if (qobject_cast<AppStyle*>(current))
        return;
    if (QStyle* base = QStyleFactory::create(current->name()))
        QApplication::setStyle(new AppStyle(base));
}

void AppStyle::drawPrimitive(PrimitiveElement element, const QStyleOption* option, QPainter* painter,
                             const QWidget* widget) const {
    QProxyStyle::drawPrimitive(element, option, painter, widget);
    if (!isDark(option->palette))
        return;
    if (element == PE_FrameLineEdit && !(option->state & State_HasFocus)) {
        // The same for text fields (the search field): Fusion's frame vanishes on dark grey.
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing, true);
        painter->setPen(
            QPen(mix(option->palette.color(QPalette::Base), option->palette.color(QPalette::Text), 0.4), 1));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(QRectF(option->rect).adjusted(0.5, 0.5, -0.5, -0.5), 2, 2);
        painter->restore();
        return;
    }
    const bool indicator = element == PE_IndicatorCheckBox || element == PE_IndicatorRadioButton;
    if (!indicator)
        return;
    // An outline halfway between the field and the text: about 4:1 against the dark window
    // (a disabled box mixes in more of the disabled text colour, itself dimmed).
    const QPalette& pal = option->palette;
    const bool enabled = option->state & State_Enabled;
    const bool focused = (option->state & State_HasFocus) && (option->state & State_KeyboardFocusChange);
    const QColor outline =
        focused ? pal.color(QPalette::Highlight)
                : mix(pal.color(QPalette::Base), pal.color(QPalette::Text), enabled ? 0.5 : 0.7);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(QPen(outline, 1));
    painter->setBrush(Qt::NoBrush);
    const QRectF box = QRectF(option->rect).adjusted(0.5, 0.5, -0.5, -0.5);
    if (element == PE_IndicatorRadioButton)
        painter->drawEllipse(box);
    else
        painter->drawRoundedRect(box, 1, 1);
    painter->restore();
}

void AppStyle::drawControl(ControlElement element, const QStyleOption* option, QPainter* painter,
                           const QWidget* widget) const {
    if (element == CE_MenuItem) {
        if (const auto* item = qstyleoption_cast<const QStyleOptionMenuItem*>(option)) {
            const qsizetype tab = item->text.indexOf(QLatin1Char('\t'));
            if (tab >= 0) {
                QStyleOptionMenuItem typed = *item;
                typed.text = item->text.left(tab + 1) + typedShortcutText(item->text.mid(tab + 1));
                QProxyStyle::drawControl(element, &typed, painter, widget);
                return;
            }
        }
    }
    QProxyStyle::drawControl(element, option, painter, widget);
}

} // namespace tributary::ui
