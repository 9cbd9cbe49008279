#include "ConversationHtml.h"

#include "StatusText.h"
#include "TimeFormat.h"
#include "html/HtmlToText.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace tributary::ui {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("tributary::ui::ConversationHtml", text);
}

QString esc(const QString& s) {
    return s.toHtmlEscaped();
}

QString names(const QList<Participant>& list) {
    QStringList parts;
    for (const Participant& p : list)
        parts.append(p.label());
    return parts.join(QStringLiteral(", "));
}

} // namespace

QString attachmentSizeText(qint64 bytes) {
    if (bytes < 0)
        return {};
    if (bytes < 1024)
        return tr("%1 bytes").arg(bytes);
    if (bytes < 1024 * 1024)
        return tr("%1 KB").arg(QString::number(double(bytes) / 1024.0, 'f', bytes < 10 * 1024 ? 1 : 0));
    return tr("%1 MB").arg(QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1));
}

namespace {

//! One line of text, escaped, with its URLs linked.
QString linkedLine(const QString& line) {
    static const QRegularExpression url(QStringLiteral("(https?://[^\\s<>\"]+[^\\s<>\".,;:!?)\\]'])"));
    QString html = esc(line);
    // URLs are found in escaped text, so the href is already attribute-safe.
    html.replace(url, QStringLiteral("<a href=\"\\1\">\\1</a>"));
    return html;
}

QStringList linesOf(const QString& text) {
    QString normalized = text;
    normalized.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    return normalized.split(QLatin1Char('\n'));
}

//! How deep a line is quoted (">> a" and "> > a" are 2) and its text without the markers.
int quoteDepth(const QString& line, QString* rest) {
    int depth = 0;
    qsizetype i = 0;
    while (i < line.size() && line.at(i) == QLatin1Char('>')) {
        ++depth;
        ++i;
        if (i < line.size() && line.at(i) == QLatin1Char(' ') && i + 1 < line.size() &&
            line.at(i + 1) == QLatin1Char('>'))
            ++i; // "> > a": the space between markers
    }
    if (depth > 0 && i < line.size() && line.at(i) == QLatin1Char(' '))
        ++i;
    *rest = line.mid(i);
    return depth;
}

struct QuotedLine {
    int depth;
    QString text;
};

//! Lines at `level` and deeper; runs deeper than `level` become quote blocks.
QString quotedBlocks(const QList<QuotedLine>& lines, qsizetype& i, int level, const QString& rule) {
    QString html;
    QStringList paragraph;
    const auto flush = [&] {
        if (!paragraph.isEmpty())
            html += QStringLiteral("<p style=\"margin:0\">") + paragraph.join(QStringLiteral("<br/>")) +
                    QStringLiteral("</p>");
        paragraph.clear();
    };
    while (i < lines.size() && lines[i].depth >= level) {
        if (lines[i].depth == level) {
            paragraph.append(linkedLine(lines[i].text));
            ++i;
            continue;
        }
        flush();
        // The same rule as an HTML blockquote in the reader's style sheet.
        html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"0\" style=\"border-collapse:collapse;"
                               "margin-left:2px;margin-top:2px;margin-bottom:2px\"><tr><td style=\""
                               "border-left:3px solid %1;padding-left:12px\">")
                    .arg(rule);
        html += quotedBlocks(lines, i, level + 1, rule);
        html += QStringLiteral("</td></tr></table>");
    }
    flush();
    return html;
}

} // namespace

QString plainTextHtml(const QString& text, const QColor& ruleColour) {
    QList<QuotedLine> lines;
    for (const QString& line : linesOf(text)) {
        QuotedLine q;
        q.depth = quoteDepth(line, &q.text);
        lines.append(q);
    }
    qsizetype i = 0;
    return quotedBlocks(lines, i, 0, ruleColour.name());
}

QString textToHtml(const QString& text, const QColor& quoteColour) {
    QString html;
    const QStringList lines = linesOf(text);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString line = linkedLine(lines[i]);
        if (lines[i].startsWith(QLatin1Char('>')))
            line = QStringLiteral("<span style=\"color:%1\">%2</span>").arg(quoteColour.name(), line);
        html += line;
        if (i + 1 < lines.size())
            html += QStringLiteral("<br/>");
    }
    return html;
}

QString conversationHtml(const QList<ConversationEntry>& entries, const QPalette& palette) {
    const QColor dim = palette.color(QPalette::PlaceholderText);
    QString html = QStringLiteral("<html><body style=\"margin:0\">");
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const ConversationEntry& e = entries[i];
        const Message& m = e.message;
        if (i > 0)
            html += QStringLiteral("<hr style=\"margin-top:16px;margin-bottom:16px\"/>");
        html += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"0\"><tr>"
                               "<td><b>%1</b>")
                    .arg(esc(senderLabel(m.author)));
        if (!m.author.displayName.isEmpty() && !m.author.address.isEmpty())
            html += QStringLiteral("&nbsp;<span style=\"color:%1\">&lt;%2&gt;</span>")
                        .arg(dim.name(), esc(m.author.address));
        html += QStringLiteral("</td><td align=\"right\" style=\"color:%1\">%2</td></tr>")
                    .arg(dim.name(), esc(fullTime(m.sentAt.isValid() ? m.sentAt : m.activityAt())));
        QString recipients;
        if (!m.to.isEmpty())
            recipients = tr("to %1").arg(esc(names(m.to)));
        if (!m.cc.isEmpty())
            recipients += (recipients.isEmpty() ? QString() : QStringLiteral(" &nbsp;")) +
                          tr("cc %1").arg(esc(names(m.cc)));
        if (!recipients.isEmpty())
            html += QStringLiteral("<tr><td colspan=\"2\" style=\"color:%1\">%2</td></tr>")
                        .arg(dim.name(), recipients);
        html += QStringLiteral("</table><div style=\"margin-top:10px\">");

        switch (e.body) {
        case ConversationEntry::Body::Loading:
            html += QStringLiteral("<span style=\"color:%1\">%2</span>")
                        .arg(dim.name(),
                             m.snippet.isEmpty() ? tr("Loading…") : esc(m.snippet) + QStringLiteral(" …"));
            break;
        case ConversationEntry::Body::Failed:
            html += QStringLiteral("<span style=\"color:%1\"><i>%2</i></span>")
                        .arg(dim.name(), esc(tr("This message could not be loaded: %1").arg(e.error)));
            break;
        case ConversationEntry::Body::Loaded: {
            const QString text = !m.text.trimmed().isEmpty() ? m.text : htmlToText(m.html);
            html += text.trimmed().isEmpty() ? QStringLiteral("<span style=\"color:%1\"><i>%2</i></span>")
                                                   .arg(dim.name(), tr("(no text)"))
                                             : textToHtml(text.trimmed(), dim);
            break;
        }
        }
        html += QStringLiteral("</div>");

        QList<Attachment> shown;
        for (const Attachment& a : m.attachments) {
            if (!a.isInline || !a.fileName.trimmed().isEmpty())
                shown.append(a);
        }
        if (!shown.isEmpty()) {
            html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\" style=\"margin-top:10px\">");
            for (const Attachment& a : shown) {
                html += QStringLiteral("<tr><td><img src=\"tributary-icon:attachment\" width=\"16\" "
                                       "height=\"16\"/></td><td>%1</td><td style=\"color:%2\">%3</td></tr>")
                            .arg(esc(a.displayFileName()), dim.name(), esc(attachmentSizeText(a.size)));
            }
            html += QStringLiteral("</table>");
        }
    }
    html += QStringLiteral("</body></html>");
    return html;
}

} // namespace tributary::ui
