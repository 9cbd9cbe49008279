#include "slack/SlackMrkdwn.h"

#include "slack/SlackEmoji.h"

#include <QList>
#include <QRegularExpression>
#include <QStringList>
#include <QUrl>

namespace tributary::slack {

namespace {

// Private-use characters mark protected pieces (links, mentions, inline code) while the rest
// of a line is styled; Slack text never contains them (they are stripped on input).
constexpr char16_t kOpen = 0xE000;
constexpr char16_t kClose = 0xE001;

QString decodeEntities(QString s) {
    s.replace(QLatin1String("&lt;"), QLatin1String("<"));
    s.replace(QLatin1String("&gt;"), QLatin1String(">"));
    s.replace(QLatin1String("&amp;"), QLatin1String("&"));
    return s;
}

QString escapeHtml(const QString& s) {
    return s.toHtmlEscaped();
}

struct Piece {
    QString html;
    QString text;
};

class LineRenderer {
public:
    explicit LineRenderer(const SlackNames& names)
        : m_names(names) {}

    //! One line (or a run of lines without code fences) of mrkdwn, with its styles.
    Piece render(const QString& raw) {
        m_pieces.clear();
        const QString work = protect(raw);
        QString html = escapeHtml(decodeEntities(work));
        QString text = decodeEntities(work);
        styles(html, text);
        emoji(html);
        emoji(text);
        return {restore(html, true), restore(text, false)};
    }

    //! Inside a code block only links and mentions are resolved (as text), nothing is styled.
    Piece renderCode(const QString& raw) {
        m_pieces.clear();
        QString out;
        for (qsizetype i = 0; i < raw.size(); ++i) {
            if (raw.at(i) == QLatin1Char('<')) {
                const qsizetype end = raw.indexOf(QLatin1Char('>'), i + 1);
                if (end > i) {
                    out += angle(raw.mid(i + 1, end - i - 1)).text;
                    i = end;
                    continue;
                }
            }
            out += raw.at(i);
        }
        const QString text = decodeEntities(out);
        return {escapeHtml(text), text};
    }

private:
    QString placeholder(Piece piece) {
        m_pieces.append(std::move(piece));
        return QChar(kOpen) + QString::number(m_pieces.size() - 1) + QChar(kClose);
    }

    // Replaces <...> tokens and `code` spans by placeholders.
    QString protect(const QString& raw) {
        QString out;
        out.reserve(raw.size());
        for (qsizetype i = 0; i < raw.size(); ++i) {
            const QChar c = raw.at(i);
            if (c == QChar(kOpen) || c == QChar(kClose))
                continue;
            if (c == QLatin1Char('<')) {
                const qsizetype end = raw.indexOf(QLatin1Char('>'), i + 1);
                if (end > i + 1) {
                    out += placeholder(angle(raw.mid(i + 1, end - i - 1)));
                    i = end;
                    continue;
                }
            } else if (c == QLatin1Char('`')) {
                const qsizetype end = raw.indexOf(QLatin1Char('`'), i + 1);
                if (end > i + 1) {
                    const QString code = decodeEntities(raw.mid(i + 1, end - i - 1));
                    out += placeholder(
                        {QStringLiteral("<code>") + escapeHtml(code) + QStringLiteral("</code>"), code});
                    i = end;
                    continue;
                }
            }
            out += c;
        }
        return out;
    }

    static Piece plain(const QString& s, const QString& cssClass = {}) {
        if (cssClass.isEmpty())
            return {escapeHtml(s), s};
        return {QStringLiteral("<span class=\"%1\">%2</span>").arg(cssClass, escapeHtml(s)), s};
    }

    Piece angle(const QString& inner) const {
        QString target = inner;
        QString label;
        const qsizetype bar = inner.indexOf(QLatin1Char('|'));
        if (bar >= 0) {
            target = inner.left(bar);
            label = decodeEntities(inner.mid(bar + 1));
        }
        if (target.startsWith(QLatin1Char('@'))) {
            const QString id = target.mid(1);
            QString name = label;
            if (name.isEmpty() && m_names.user)
                name = m_names.user(id);
            if (name.isEmpty())
                name = id;
            if (name.startsWith(QLatin1Char('@')))
                name.remove(0, 1);
            return plain(QStringLiteral("@") + name, QStringLiteral("mention"));
        }
        if (target.startsWith(QLatin1Char('#'))) {
            const QString id = target.mid(1);
            QString name = label;
            if (name.isEmpty() && m_names.channel)
                name = m_names.channel(id);
            if (name.isEmpty())
                name = id;
            return plain(QStringLiteral("#") + name, QStringLiteral("channel"));
        }
        if (target.startsWith(QLatin1Char('!'))) {
            const QString command = target.mid(1);
            if (command == QLatin1String("here") || command == QLatin1String("channel") ||
                command == QLatin1String("everyone"))
                return plain(QStringLiteral("@") + command, QStringLiteral("mention"));
            if (!label.isEmpty())
                return plain(label, command.startsWith(QLatin1String("subteam^")) ? QStringLiteral("mention")
                                                                                  : QString());
            return plain(QStringLiteral("@") + command.section(QLatin1Char('^'), 0, 0),
                         QStringLiteral("mention"));
        }
        const QString address = decodeEntities(target);
        const QUrl url(address, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (url.isValid() && (scheme == QLatin1String("http") || scheme == QLatin1String("https") ||
                              scheme == QLatin1String("mailto"))) {
            const QString shown = !label.isEmpty()                    ? label
                                  : scheme == QLatin1String("mailto") ? url.path()
                                                                      : address;
            const QString html = QStringLiteral("<a href=\"%1\">%2</a>")
                                     .arg(escapeHtml(url.toString(QUrl::FullyEncoded)), escapeHtml(shown));
            const QString text = (shown == address || label.isEmpty())
                                     ? shown
                                     : shown + QStringLiteral(" (") + address + QLatin1Char(')');
            return {html, text};
        }
        // Not markup we know (or a scheme we do not link): show it as written.
        return plain(QLatin1Char('<') + decodeEntities(inner) + QLatin1Char('>'));
    }

    static void styles(QString& html, QString& text) {
        struct Style {
            QRegularExpression re;
            QString htmlReplacement;
        };
        // Slack styles only at word boundaries: "snake_case_name" and "2*3*4" stay as typed.
        // Compiled once: every line of every message goes through them.
        static const auto make = [](QChar delimiter, const char* tag) {
            const QString d = QRegularExpression::escape(QString(delimiter));
            return Style{QRegularExpression(
                             QStringLiteral("(^|[^\\w%1])%1(?=[^\\s%1])(.*?[^\\s%1])%1(?![\\w%1])").arg(d),
                             QRegularExpression::UseUnicodePropertiesOption),
                         QStringLiteral("\\1<%1>\\2</%1>").arg(QLatin1String(tag))};
        };
        static const Style all[] = {make(QLatin1Char('*'), "b"), make(QLatin1Char('_'), "i"),
                                    make(QLatin1Char('~'), "s")};
        for (const Style& style : all) {
            html.replace(style.re, style.htmlReplacement);
            text.replace(style.re, QStringLiteral("\\1\\2"));
        }
    }

    static void emoji(QString& s) {
        static const QRegularExpression re(QStringLiteral(":([a-z0-9_+'-]+(?:::skin-tone-[2-6])?):"));
        QString out;
        qsizetype last = 0;
        QRegularExpressionMatchIterator it = re.globalMatch(s);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            const QString character = slackEmoji(m.captured(1));
            if (character.isEmpty())
                continue;
            out += s.mid(last, m.capturedStart() - last) + character;
            last = m.capturedEnd();
        }
        if (last == 0)
            return;
        out += s.mid(last);
        s = out;
    }

    QString restore(const QString& s, bool html) const {
        QString out;
        out.reserve(s.size());
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (s.at(i) == QChar(kOpen)) {
                const qsizetype end = s.indexOf(QChar(kClose), i);
                bool ok = false;
                const int index = s.mid(i + 1, end - i - 1).toInt(&ok);
                if (end > i && ok && index >= 0 && index < m_pieces.size()) {
                    out += html ? m_pieces.at(index).html : m_pieces.at(index).text;
                    i = end;
                    continue;
                }
            }
            out += s.at(i);
        }
        return out;
    }

    const SlackNames& m_names;
    QList<Piece> m_pieces;
};

bool isQuoteLine(const QString& line, QString* rest) {
    for (const QLatin1String prefix : {QLatin1String("&gt;"), QLatin1String(">")}) {
        if (line.startsWith(prefix)) {
            QString r = line.mid(prefix.size());
            if (r.startsWith(QLatin1Char(' ')))
                r.remove(0, 1);
            *rest = r;
            return true;
        }
    }
    return false;
}

// Normal (non-code) text: lines, with runs of quote lines as one blockquote.
void renderProse(const QString& prose, LineRenderer& renderer, QStringList& html, QStringList& text) {
    const QStringList lines = prose.split(QLatin1Char('\n'));
    QStringList paragraph;
    QStringList quote;
    const auto flushParagraph = [&] {
        if (!paragraph.isEmpty())
            html << QStringLiteral("<p>") + paragraph.join(QStringLiteral("<br>")) + QStringLiteral("</p>");
        paragraph.clear();
    };
    const auto flushQuote = [&] {
        if (!quote.isEmpty())
            html << QStringLiteral("<blockquote>") + quote.join(QStringLiteral("<br>")) +
                        QStringLiteral("</blockquote>");
        quote.clear();
    };
    for (const QString& line : lines) {
        QString rest;
        if (isQuoteLine(line, &rest)) {
            flushParagraph();
            const Piece p = renderer.render(rest);
            quote << p.html;
            text << QStringLiteral("> ") + p.text;
        } else {
            flushQuote();
            const Piece p = renderer.render(line);
            paragraph << p.html;
            text << p.text;
        }
    }
    flushParagraph();
    flushQuote();
}

} // namespace

SlackRendered renderMrkdwn(const QString& mrkdwn, const SlackNames& names) {
    LineRenderer renderer(names);
    QStringList html;
    QStringList text;
    const QLatin1String fence("```");
    // Even parts are prose, odd parts code; an unclosed fence is kept as typed.
    QStringList parts = mrkdwn.split(fence);
    if (parts.size() % 2 == 0) {
        const QString last = parts.takeLast();
        parts.last() += fence + last;
    }
    for (qsizetype i = 0; i < parts.size(); ++i) {
        QString part = parts.at(i);
        if (i % 2 == 1) {
            if (part.startsWith(QLatin1Char('\n')))
                part.remove(0, 1);
            if (part.endsWith(QLatin1Char('\n')))
                part.chop(1);
            const Piece p = renderer.renderCode(part);
            html << QStringLiteral("<pre><code>") + p.html + QStringLiteral("</code></pre>");
            text << p.text;
            continue;
        }
        // The newlines around a fence belong to the fence.
        if (i > 0 && part.startsWith(QLatin1Char('\n')))
            part.remove(0, 1);
        if (i + 1 < parts.size() && part.endsWith(QLatin1Char('\n')))
            part.chop(1);
        if (part.isEmpty() && parts.size() > 1)
            continue;
        renderProse(part, renderer, html, text);
    }
    return {html.join(QString()), text.join(QLatin1Char('\n'))};
}

} // namespace tributary::slack
