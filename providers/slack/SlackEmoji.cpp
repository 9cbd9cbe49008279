#include "slack/SlackEmoji.h"

#include "util/EmojiShortcodes.h"

namespace tributary::slack {

QString slackEmoji(const QString& shortcode) {
    // Slack's shortcodes are the common ones core knows (the chat box completes them too).
    return emojiForShortcode(shortcode);
}

} // namespace tributary::slack
