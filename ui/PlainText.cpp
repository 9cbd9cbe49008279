#include "PlainText.h"

#include <QTextDocument>

namespace tributary::ui {

QString plainToolTip(const QString& text) {
    if (text.isEmpty())
        return {};
    return Qt::convertFromPlainText(text, Qt::WhiteSpaceNormal);
}

QString plainButtonText(const QString& text) {
    return QString(text).replace(QLatin1Char('&'), QStringLiteral("&&"));
}

} // namespace tributary::ui
