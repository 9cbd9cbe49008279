#include "ChatHtml.h"

#include "ConversationHtml.h"
#include "EmojiText.h"

#include <QList>
#include <QUrl>

namespace tributary::ui {

namespace {

struct Tag {
    QString name; //!< lower case
    bool closing = false;
    QList<std::pair<QString, QString>> attributes; //!< names lower case, values as written

    QString attribute(const QString& key) const {
        for (const auto& [name, value] : attributes) {
            if (name == key)
                return value;
        }
        return {};
    }
};

//! The tag between '<' and '>' (exclusive), attributes with quoted or bare values.
Tag parseTag(QStringView inner) {
    Tag tag;
    qsizetype i = 0;
    const auto skipSpace = [&] {
        while (i < inner.size() && inner.at(i).isSpace())
            ++i;
    };
    skipSpace();
    if (i < inner.size() && inner.at(i) == QLatin1Char('/')) {
        tag.closing = true;
        ++i;
    }
    const qsizetype nameStart = i;
    while (i < inner.size() && (inner.at(i).isLetterOrNumber()))
        ++i;
    tag.name = inner.mid(nameStart, i - nameStart).toString().toLower();
    while (i < inner.size()) {
        skipSpace();
        const qsizetype keyStart = i;
        while (i < inner.size() && !inner.at(i).isSpace() && inner.at(i) != QLatin1Char('=') &&
               inner.at(i) != QLatin1Char('/'))
            ++i;
        const QString key = inner.mid(keyStart, i - keyStart).toString().toLower();
        if (key.isEmpty()) {
            ++i;
            continue;
        }
        skipSpace();
        QString value;
        if (i < inner.size() && inner.at(i) == QLatin1Char('=')) {
            ++i;
            skipSpace();
            if (i < inner.size() && (inner.at(i) == QLatin1Char('"') || inner.at(i) == QLatin1Char('\''))) {
                const QChar quote = inner.at(i++);
                const qsizetype end = inner.indexOf(quote, i);
                const qsizetype stop = end < 0 ? inner.size() : end;
                value = inner.mid(i, stop - i).toString();
                i = stop + 1;
            } else {
                const qsizetype valueStart = i;
                while (i < inner.size() && !inner.at(i).isSpace())
                    ++i;
                value = inner.mid(valueStart, i - valueStart).toString();
            }
        }
        tag.attributes.append({key, value});
    }
    return tag;
}

//! Where the tag ends ('>' outside quotes), or -1.
qsizetype tagEnd(const QString& html, qsizetype from) {
    QChar quote;
    for (qsizetype j = from; j < html.size(); ++j) {
        const QChar c = html.at(j);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            quote = c;
        } else if (c == QLatin1Char('>')) {
            return j;
        }
    }
    return -1;
}

QString decodeAttribute(QString value) {
    value.replace(QLatin1String("&quot;"), QLatin1String("\""));
    value.replace(QLatin1String("&#39;"), QLatin1String("'"));
    value.replace(QLatin1String("&lt;"), QLatin1String("<"));
    value.replace(QLatin1String("&gt;"), QLatin1String(">"));
    value.replace(QLatin1String("&amp;"), QLatin1String("&"));
    return value;
}

QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

//! Elements whose content is never shown.
bool dropsContent(const QString& name) {
    static const QStringList names{
        QStringLiteral("script"),   QStringLiteral("style"),   QStringLiteral("head"),
        QStringLiteral("title"),    QStringLiteral("iframe"),  QStringLiteral("object"),
        QStringLiteral("svg"),      QStringLiteral("math"),    QStringLiteral("template"),
        QStringLiteral("noscript"), QStringLiteral("textarea")};
    return names.contains(name);
}

class Converter {
public:
    explicit Converter(const QPalette& palette) {
        const QColor window = palette.color(QPalette::Window);
        const QColor text = palette.color(QPalette::Text);
        m_codeTint = mix(window, text, 0.14).name();
        m_rule = mix(window, text, 0.35).name();
        m_link = palette.color(QPalette::Link).name();
    }

    QString convert(const QString& html) {
        qsizetype i = 0;
        while (i < html.size()) {
            const qsizetype open = html.indexOf(QLatin1Char('<'), i);
            const qsizetype textEnd = open < 0 ? html.size() : open;
            if (m_skipUntil.isEmpty())
                m_out += html.mid(i, textEnd - i);
            if (open < 0)
                break;
            const qsizetype close = tagEnd(html, open + 1);
            if (close < 0) {
                if (m_skipUntil.isEmpty())
                    m_out += html.mid(open).toHtmlEscaped(); // a lone '<': text
                break;
            }
            handle(parseTag(QStringView(html).mid(open + 1, close - open - 1)));
            i = close + 1;
        }
        while (!m_open.isEmpty())
            m_out += m_open.takeLast().closer;
        return m_out;
    }

private:
    struct Open {
        QString name;
        QString closer;
    };

    void push(const QString& name, const QString& opener, const QString& closer) {
        m_out += opener;
        m_open.append({name, closer});
    }

    void handle(const Tag& tag) {
        if (!m_skipUntil.isEmpty()) {
            if (tag.closing && tag.name == m_skipUntil)
                m_skipUntil.clear();
            return;
        }
        if (tag.name.isEmpty())
            return;
        if (tag.closing) {
            for (qsizetype k = m_open.size() - 1; k >= 0; --k) {
                if (m_open.at(k).name != tag.name)
                    continue;
                while (m_open.size() > k)
                    m_out += m_open.takeLast().closer;
                break;
            }
            return;
        }
        if (dropsContent(tag.name)) {
            m_skipUntil = tag.name;
            return;
        }
        const QString& n = tag.name;
        if (n == QLatin1String("br")) {
            m_out += QStringLiteral("<br/>");
        } else if (n == QLatin1String("p") || n == QLatin1String("div")) {
            // Paragraphs close together, as in a chat.
            push(n,
                 m_paragraphs++ > 0 ? QStringLiteral("<p style=\"margin-top:6px;margin-bottom:0px\">")
                                    : QStringLiteral("<p style=\"margin-top:0px;margin-bottom:0px\">"),
                 QStringLiteral("</p>"));
        } else if (n == QLatin1String("b") || n == QLatin1String("strong")) {
            push(n, QStringLiteral("<b>"), QStringLiteral("</b>"));
        } else if (n == QLatin1String("i") || n == QLatin1String("em")) {
            push(n, QStringLiteral("<i>"), QStringLiteral("</i>"));
        } else if (n == QLatin1String("s") || n == QLatin1String("strike") || n == QLatin1String("del")) {
            push(n, QStringLiteral("<s>"), QStringLiteral("</s>"));
        } else if (n == QLatin1String("code")) {
            if (inside(QStringLiteral("pre")))
                push(n, QString(), QString()); // the block is already set as code
            else
                push(n, QStringLiteral("<code style=\"background-color:%1\">&nbsp;").arg(m_codeTint),
                     QStringLiteral("&nbsp;</code>"));
        } else if (n == QLatin1String("pre")) {
            ++m_paragraphs;
            push(n,
                 QStringLiteral(
                     "<table width=\"100%\" cellspacing=\"0\" cellpadding=\"6\" bgcolor=\"%1\" "
                     "style=\"margin-top:4px;margin-bottom:4px\"><tr><td><pre style=\"margin-top:0px;"
                     "margin-bottom:0px;white-space:pre-wrap\">")
                     .arg(m_codeTint),
                 QStringLiteral("</pre></td></tr></table>"));
        } else if (n == QLatin1String("blockquote")) {
            ++m_paragraphs;
            push(n,
                 QStringLiteral("<table cellspacing=\"0\" cellpadding=\"0\" style=\"border-collapse:collapse;"
                                "margin-top:2px;margin-bottom:2px\"><tr><td style=\"border-left:3px solid %1;"
                                "padding-left:10px\">")
                     .arg(m_rule),
                 QStringLiteral("</td></tr></table>"));
        } else if (n == QLatin1String("span")) {
            const QStringList classes = tag.attribute(QStringLiteral("class")).split(QLatin1Char(' '));
            if (classes.contains(QStringLiteral("mention")) || classes.contains(QStringLiteral("channel")))
                push(n, QStringLiteral("<span style=\"color:%1;font-weight:600\">").arg(m_link),
                     QStringLiteral("</span>"));
            else
                push(n, QString(), QString());
        } else if (n == QLatin1String("a")) {
            const QUrl url(decodeAttribute(tag.attribute(QStringLiteral("href"))), QUrl::StrictMode);
            const QString scheme = url.scheme().toLower();
            if (url.isValid() && (scheme == QLatin1String("http") || scheme == QLatin1String("https") ||
                                  scheme == QLatin1String("mailto")))
                push(n,
                     QStringLiteral("<a href=\"%1\">").arg(url.toString(QUrl::FullyEncoded).toHtmlEscaped()),
                     QStringLiteral("</a>"));
            else
                push(n, QString(), QString());
        }
        // Anything else (img, font, table, form…) is left out; its text stays.
    }

    bool inside(const QString& name) const {
        return std::any_of(m_open.cbegin(), m_open.cend(), [&](const Open& o) { return o.name == name; });
    }

    QString m_codeTint;
    QString m_rule;
    QString m_link;
    QString m_out;
    QList<Open> m_open;
    QString m_skipUntil;
    int m_paragraphs = 0;
};

//! Text (outside tags) with a zero-width space every so often in words longer than a
//! bubble is wide (a long URL, a hash), so Qt's word wrap can break them instead of
//! widening the conversation past the pane. Entities are never split.
QString breakLongWords(const QString& html) {
    constexpr int kMaxRun = 24;
    QString out;
    out.reserve(html.size());
    int run = 0;
    bool inTag = false;
    bool inEntity = false;
    QChar previous;
    for (const QChar c : html) {
        const bool joins = c == QChar(0x200D) || previous == QChar(0x200D); // inside an emoji sequence
        previous = c;
        if (inTag) {
            inTag = c != QLatin1Char('>');
            out += c;
            continue;
        }
        if (c == QLatin1Char('<')) {
            inTag = true;
            run = 0;
            out += c;
            continue;
        }
        if (c.isSpace() || c == QChar(0x200B)) {
            run = 0;
        } else if (!inEntity && run >= kMaxRun && !c.isLowSurrogate() && !c.isMark() && !joins) {
            out += QChar(0x200B);
            run = 0;
        }
        if (c == QLatin1Char('&'))
            inEntity = true;
        else if (c == QLatin1Char(';'))
            inEntity = false;
        if (!c.isSpace() && !inEntity)
            ++run;
        out += c;
    }
    return out;
}

} // namespace

QString chatBubbleHtml(const QString& html, const QPalette& palette) {
    return markEmoji(breakLongWords(Converter(palette).convert(html)));
}

QString chatTextHtml(const QString& text, const QPalette& palette) {
    return markEmoji(breakLongWords(textToHtml(text, palette.color(QPalette::PlaceholderText))));
}

} // namespace tributary::ui
