#pragma once

#include <QProxyStyle>

namespace tributary::ui {

//! The application's style on top of the chosen one (Fusion or the platform's):
//!  - check boxes, radio buttons and text fields keep a visible outline in a dark palette
//!    (Fusion draws it a shade darker than the window, invisible on dark grey);
//!  - menus show single-letter shortcuts as typed ("r", not "R", which reads as Shift+R).
class AppStyle : public QProxyStyle {
    Q_OBJECT
public:
    //! Takes ownership of `base`.
    explicit AppStyle(QStyle* base);

    void drawPrimitive(PrimitiveElement element, const QStyleOption* option, QPainter* painter,
                       const QWidget* widget = nullptr) const override;
    void drawControl(ControlElement element, const QStyleOption* option, QPainter* painter,
                     const QWidget* widget = nullptr) const override;

    //! Wraps the application's current style in an AppStyle (once).
    static void install();
};

} // namespace tributary::ui
