#include "compose/RichText.h"

#include <QRegularExpression>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextList>

namespace tributary::ui {

QString messageHtml(const QTextDocument& document) {
    QString html = document.toHtml();
    static const QRegularExpression bodyStyle(QStringLiteral("<body style=\"[^\"]*\">"));
    html.replace(bodyStyle, QStringLiteral("<body>"));
    static const QRegularExpression qtMeta(QStringLiteral("<meta name=\"qrichtext\"[^>]*>"));
    html.remove(qtMeta);
    return html;
}

QString plainAlternative(const QTextDocument& document) {
    QStringList lines;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        QString line;
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (!fragment.isValid())
                continue;
            QString text = fragment.text();
            text.replace(QChar::LineSeparator, QLatin1Char('\n'));
            text.replace(QChar::Nbsp, QLatin1Char(' '));
            line += text;
            const QTextCharFormat format = fragment.charFormat();
            const QString href = format.isAnchor() ? format.anchorHref() : QString();
            if (!href.isEmpty() && href != text && QStringLiteral("mailto:") + text != href)
                line += QStringLiteral(" <%1>").arg(href);
        }
        if (QTextList* list = block.textList()) {
            const QTextListFormat::Style style = list->format().style();
            const bool numbered =
                style == QTextListFormat::ListDecimal || style == QTextListFormat::ListLowerAlpha ||
                style == QTextListFormat::ListUpperAlpha || style == QTextListFormat::ListLowerRoman ||
                style == QTextListFormat::ListUpperRoman;
            const QString indent(2 * std::max(0, list->format().indent() - 1), QLatin1Char(' '));
            line =
                indent +
                (numbered ? QStringLiteral("%1. ").arg(list->itemNumber(block) + 1) : QStringLiteral("- ")) +
                line;
        }
        lines.append(line);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace tributary::ui
