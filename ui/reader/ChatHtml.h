#pragma once

#include <QPalette>
#include <QString>

namespace tributary::ui {

//! A chat message's HTML body (a provider's rendering of its markup: Slack's mrkdwn
//! becomes <b>, <i>, <s>, <code>, <pre>, <blockquote>, mention spans and links) as rich
//! text for a chat bubble: code on a tint in a fixed-pitch font, code blocks as a tinted
//! box, quotes with a rule, mentions in the link colour, emoji in the colour emoji font.
//! Only those elements and http(s)/mailto links are kept; every other tag is dropped
//! (its text stays) and the contents of script, style and the like are dropped whole,
//! so nothing in a message can load a file or change the bubble beyond its formatting.
QString chatBubbleHtml(const QString& html, const QPalette& palette);

//! A chat message that has only plain text, for a bubble: escaped, URLs linked, emoji in
//! the colour emoji font, long words breakable.
QString chatTextHtml(const QString& text, const QPalette& palette);

} // namespace tributary::ui
