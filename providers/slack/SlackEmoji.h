#pragma once

#include <QString>

namespace tributary::slack {

//! The character of a common Slack emoji shortcode ("thumbsup", "+1", "tada"; a skin tone
//! suffix "::skin-tone-2" is ignored), or an empty string when the small built-in table does
//! not know it (the caller then shows ":name:" as typed). Custom workspace emoji are images
//! Slack serves separately and are never in the table.
QString slackEmoji(const QString& shortcode);

} // namespace tributary::slack
