#include "settings/Theme.h"

#include "settings/AppStyle.h"

#include <QApplication>
#include <QPalette>
#include <QProxyStyle>
#include <QStyle>
#include <QStyleFactory>

namespace tributary::ui {

namespace {

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x23, 0x25, 0x29);
    const QColor base(0x1b, 0x1d, 0x21);
    const QColor text(0xe6, 0xe7, 0xe9);
    const QColor dim(0x8b, 0x90, 0x98);
    const QColor accent(0x4c, 0x8d, 0xf6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, dim);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x2d, 0x30, 0x35));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x7a, 0xaa, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb3, 0x9d, 0xf5));
    p.setColor(QPalette::Mid, QColor(0x3a, 0x3d, 0x43));
    // Rules and splitter handles (palette(midlight)): a quiet line, not the light palette's white.
    p.setColor(QPalette::Midlight, QColor(0x34, 0x37, 0x3d));
    p.setColor(QPalette::Dark, QColor(0x15, 0x16, 0x19));
    p.setColor(QPalette::Light, QColor(0x3f, 0x43, 0x4a));
    for (auto role : {QPalette::Text, QPalette::WindowText, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, dim);
    return p;
}

QPalette lightPalette() {
    QPalette p = QStyleFactory::create(QStringLiteral("Fusion"))->standardPalette();
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xde));
    p.setColor(QPalette::Window, QColor(0xf4, 0xf5, 0xf7));
    return p;
}

//! The style under our AppStyle (its own name is empty), as QStyleFactory names it.
QString baseStyleName() {
    QStyle* style = QApplication::style();
    if (auto* proxy = qobject_cast<QProxyStyle*>(style); proxy && proxy->baseStyle())
        style = proxy->baseStyle();
    return style->name();
}

} // namespace

Theme themeFromName(const QString& name) {
    if (name == QLatin1String("light"))
        return Theme::Light;
    if (name == QLatin1String("dark"))
        return Theme::Dark;
    return Theme::System;
}

QString themeName(Theme theme) {
    switch (theme) {
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    case Theme::System:
        break;
    }
    return QStringLiteral("system");
}

void applyTheme(Theme theme) {
    // The platform's palette and style are kept once, so "System" can go back to them.
    static const QPalette systemPalette = QApplication::palette();
    static const QString systemStyle = baseStyleName();
    const auto setStyle = [](const QString& name) {
        if (QStyle* base = QStyleFactory::create(name))
            QApplication::setStyle(new AppStyle(base));
    };
    switch (theme) {
    case Theme::System:
        setStyle(systemStyle);
        QApplication::setPalette(systemPalette);
        break;
    case Theme::Light:
        setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(lightPalette());
        break;
    case Theme::Dark:
        setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(darkPalette());
        break;
    }
    // Widgets styled by the application's style sheet keep the palette they were polished
    // with: setting the sheet again polishes them with the new one.
    if (auto* app = qobject_cast<QApplication*>(QCoreApplication::instance())) {
        const QString sheet = app->styleSheet();
        if (!sheet.isEmpty()) {
            app->setStyleSheet(QString());
            app->setStyleSheet(sheet);
        }
    }
}

bool paletteIsDark() {
    const QPalette p = QApplication::palette();
    return p.color(QPalette::Window).lightness() < p.color(QPalette::WindowText).lightness();
}

} // namespace tributary::ui
