#include "compose/ComposeIcons.h"

#include "Resources.h"

#include <QPixmap>

namespace tributary::ui::icons {

namespace {

QString body(ComposeIcon which) {
    switch (which) {
    case ComposeIcon::Bold:
        return QStringLiteral("<path d='M7.5 5h5.5a3.5 3.5 0 0 1 0 7H7.5zM7.5 12h6.5a3.5 3.5 0 0 1 0 7H7.5z' "
                              "stroke-width='2.4'/>");
    case ComposeIcon::Italic:
        return QStringLiteral("<path d='M11 5h7M6 19h7M14.5 5l-5 14'/>");
    case ComposeIcon::Link:
        return QStringLiteral("<path d='M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1.2 1.2'/>"
                              "<path d='M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1.2-1.2'/>");
    case ComposeIcon::BulletList:
        return QStringLiteral("<path d='M9.5 6.5h10.5M9.5 12h10.5M9.5 17.5h10.5'/>"
                              "<g fill='%1' stroke='none'><circle cx='5' cy='6.5' r='1.4'/>"
                              "<circle cx='5' cy='12' r='1.4'/><circle cx='5' cy='17.5' r='1.4'/></g>");
    case ComposeIcon::NumberedList:
        return QStringLiteral("<path d='M10 6.5h10M10 12h10M10 17.5h10'/>"
                              "<path d='M3.8 5.2 5.2 4.3v4.4' stroke-width='1.3'/>"
                              "<path d='M3.6 11a1.3 1.3 0 1 1 2.2 1l-2.2 2.2h2.6' stroke-width='1.3'/>"
                              "<path d='M3.7 16.3h2.2l-1.3 1.5a1.2 1.2 0 1 1-1 2' stroke-width='1.3'/>");
    case ComposeIcon::Send:
        return QStringLiteral("<path d='M20.5 3.5 10 14'/><path d='M20.5 3.5 14 20.5l-4-6.5-6.5-4z'/>");
    }
    return {};
}

} // namespace

QIcon compose(ComposeIcon which, const QColor& colour) {
    initResources(); // makes sure the SVG image plugin is checked for
    const QString name = colour.name();
    QString svg = QStringLiteral("<svg xmlns='http://www.w3.org/2000/svg' width='24' height='24' "
                                 "viewBox='0 0 24 24'><g fill='none' stroke='%1' stroke-width='1.7' "
                                 "stroke-linecap='round' stroke-linejoin='round'>") +
                  body(which) + QStringLiteral("</g></svg>");
    svg.replace(QStringLiteral("%1"), name);
    QIcon icon;
    for (int size : {16, 20, 24, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        const QByteArray data = svg.toUtf8().replace(
            "width='24' height='24'", QStringLiteral("width='%1' height='%1'").arg(size).toUtf8());
        if (pixmap.loadFromData(data, "SVG"))
            icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace tributary::ui::icons
