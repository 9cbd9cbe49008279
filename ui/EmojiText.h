#pragma once

#include <QString>

class QPainter;
class QRect;

namespace tributary::ui {

//! Emoji in Qt widgets. Qt 6.4 picks a fallback font per character, so a keycap "1️⃣"
//! (digit, U+FE0F, U+20E3) comes out as a "1" and a box from whichever font has U+20E3
//! first (measured: VL Gothic before Noto Color Emoji). Emoji drawn explicitly in the
//! colour emoji font, without the U+FE0F that font lacks, shape as one picture.

//! The installed colour emoji font's family ("Noto Color Emoji"), or empty if there is none.
QString emojiFontFamily();

//! Whether `text` has a character sequence that should be drawn as an emoji picture.
bool hasEmoji(const QString& text);

//! Rich text (as QLabel and QTextDocument take it) with every emoji of its text, outside
//! tags, set in the colour emoji font. Markup is kept as it is.
QString markEmoji(const QString& html);

//! Draws one line of plain text like QPainter::drawText(rect, flags, text), emoji in the
//! colour emoji font. The text should fit (elided by the caller); it is clipped to `rect`.
void drawTextWithEmoji(QPainter* painter, const QRect& rect, int flags, const QString& text);

} // namespace tributary::ui
