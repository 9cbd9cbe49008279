#include "EmojiText.h"

#include <QFontDatabase>
#include <QFontMetrics>
#include <QList>
#include <QPainter>
#include <QTextBoundaryFinder>

namespace tributary::ui {

namespace {

constexpr char32_t kVariationSelector16 = 0xFE0F; // "show as emoji"
constexpr char32_t kKeycap = 0x20E3;
constexpr char32_t kZeroWidthJoiner = 0x200D;

//! Characters drawn as emoji by default (Unicode's Emoji_Presentation=Yes outside the
//! emoji planes); others, like "❤" or "↔", only when followed by U+FE0F.
bool emojiByDefault(char32_t c) {
    if (c >= 0x1F000 && c <= 0x1FAFF)
        return true;
    static constexpr std::pair<char32_t, char32_t> kRanges[] = {
        {0x231A, 0x231B}, {0x23E9, 0x23EC}, {0x23F0, 0x23F0}, {0x23F3, 0x23F3}, {0x25FD, 0x25FE},
        {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
        {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE}, {0x26D4, 0x26D4},
        {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5}, {0x26FA, 0x26FA}, {0x26FD, 0x26FD},
        {0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E},
        {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0}, {0x27BF, 0x27BF},
        {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55},
    };
    for (const auto& [from, to] : kRanges) {
        if (c >= from && c <= to)
            return true;
    }
    return false;
}

QFont emojiFont(const QFont& base) {
    QFont f = base;
    f.setFamilies({emojiFontFamily()});
    f.setBold(false);
    f.setItalic(false);
    return f;
}

//! Whether the grapheme cluster is an emoji the emoji font can draw.
bool isEmojiCluster(QStringView cluster) {
    const QList<uint> codes = cluster.toUcs4();
    if (codes.isEmpty())
        return false;
    const bool emoji = emojiByDefault(codes.first()) || codes.contains(kVariationSelector16) ||
                       codes.contains(kKeycap) || (codes.size() > 1 && codes.contains(kZeroWidthJoiner));
    if (!emoji)
        return false;
    static const QFontMetrics metrics(emojiFont(QFont()));
    return metrics.inFontUcs4(codes.first());
}

struct Run {
    QString text;
    bool emoji = false;
};

//! `text` cut into runs of emoji and of other text; emoji lose U+FE0F, which the colour
//! font does not have (a run split around it would not shape as one picture).
QList<Run> runsOf(const QString& text) {
    QList<Run> runs;
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, text);
    qsizetype start = 0;
    while (start < text.size()) {
        qsizetype end = finder.toNextBoundary();
        if (end < 0)
            end = text.size();
        const QStringView cluster = QStringView(text).mid(start, end - start);
        const bool emoji = isEmojiCluster(cluster);
        if (runs.isEmpty() || runs.last().emoji != emoji)
            runs.append({QString(), emoji});
        QString piece = cluster.toString();
        if (emoji)
            piece.remove(QChar(kVariationSelector16));
        runs.last().text += piece;
        start = end;
    }
    return runs;
}

QString emojiSpanned(const QString& text) {
    if (!hasEmoji(text))
        return text;
    QString out;
    const QString family = QString(emojiFontFamily()).remove(QLatin1Char('\'')).remove(QLatin1Char('"'));
    for (const Run& run : runsOf(text)) {
        if (run.emoji)
            out += QStringLiteral("<span style=\"font-family:'%1'\">%2</span>").arg(family, run.text);
        else
            out += run.text;
    }
    return out;
}

} // namespace

QString emojiFontFamily() {
    static const QString family = [] {
        QString found;
        for (const QString& f : QFontDatabase::families()) {
            if (!f.contains(QLatin1String("Emoji"), Qt::CaseInsensitive))
                continue;
            if (QFontMetrics(QFont(f)).inFontUcs4(0x1F600)) {
                found = f;
                if (f.contains(QLatin1String("Color"), Qt::CaseInsensitive))
                    break; // a colour font before a black-and-white one
            }
        }
        return found;
    }();
    return family;
}

bool hasEmoji(const QString& text) {
    if (emojiFontFamily().isEmpty())
        return false;
    // Quick scan first: most text has no character outside Latin and common punctuation.
    bool candidate = false;
    for (const QChar c : text)
        candidate = candidate || c.unicode() >= 0x2190;
    if (!candidate)
        return false;
    const QList<Run> runs = runsOf(text);
    return std::any_of(runs.cbegin(), runs.cend(), [](const Run& r) { return r.emoji; });
}

QString markEmoji(const QString& html) {
    if (!hasEmoji(html))
        return html;
    QString out;
    out.reserve(html.size() + 64);
    qsizetype i = 0;
    while (i < html.size()) {
        if (html.at(i) == QLatin1Char('<')) {
            // A tag, copied as it is; quoted attribute values may hold '>'.
            qsizetype j = i + 1;
            QChar quote;
            while (j < html.size()) {
                const QChar c = html.at(j);
                if (!quote.isNull()) {
                    if (c == quote)
                        quote = QChar();
                } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
                    quote = c;
                } else if (c == QLatin1Char('>')) {
                    break;
                }
                ++j;
            }
            out += html.mid(i, j + 1 - i);
            i = j + 1;
            continue;
        }
        const qsizetype next = html.indexOf(QLatin1Char('<'), i);
        const qsizetype end = next < 0 ? html.size() : next;
        out += emojiSpanned(html.mid(i, end - i));
        i = end;
    }
    return out;
}

void drawTextWithEmoji(QPainter* painter, const QRect& rect, int flags, const QString& text) {
    if (!hasEmoji(text)) {
        painter->drawText(rect, flags, text);
        return;
    }
    const QFont base = painter->font();
    const QFont emoji = emojiFont(base);
    const QFontMetricsF fm(base);
    const QFontMetricsF em(emoji);
    const QList<Run> runs = runsOf(text);
    qreal width = 0;
    for (const Run& run : runs)
        width += (run.emoji ? em : fm).horizontalAdvance(run.text);
    qreal x = rect.left();
    if (flags & Qt::AlignRight)
        x = rect.right() + 1 - width;
    else if (flags & Qt::AlignHCenter)
        x = rect.left() + (rect.width() - width) / 2;
    qreal baseline = rect.top() + fm.ascent();
    if (flags & Qt::AlignBottom)
        baseline = rect.bottom() + 1 - fm.descent();
    else if (flags & Qt::AlignVCenter)
        baseline = rect.top() + (rect.height() - fm.height()) / 2 + fm.ascent();
    painter->save();
    painter->setClipRect(rect, Qt::IntersectClip);
    for (const Run& run : runs) {
        painter->setFont(run.emoji ? emoji : base);
        painter->drawText(QPointF(x, baseline), run.text);
        x += (run.emoji ? em : fm).horizontalAdvance(run.text);
    }
    painter->restore();
}

} // namespace tributary::ui
