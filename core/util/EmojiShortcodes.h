#pragma once

#include <QList>
#include <QString>

namespace tributary {

//! A common emoji shortcode ("smile") and its character.
struct EmojiShortcode {
    QString name;
    QString emoji;

    bool operator==(const EmojiShortcode&) const = default;
};

//! The character of a common emoji shortcode ("thumbsup", "+1", "tada"; a skin tone suffix
//! "::skin-tone-2" is ignored), or an empty string when the small built-in table does not know
//! it. Chat services share these names (Slack, GitHub, Discord, Teams); providers render
//! ":name:" with it and the chat message box completes them.
QString emojiForShortcode(const QString& shortcode);

//! The shortcodes that start with `prefix` (shortest first), then those that contain it, at
//! most `limit`.
QList<EmojiShortcode> emojiMatching(const QString& prefix, int limit = 8);

} // namespace tributary
