#pragma once

#include <QString>
#include <functional>

namespace tributary::slack {

//! Names for the ids Slack writes into message text (<@U123>, <#C123>). Either may be
//! empty, and either may answer an empty string for an unknown id (the id is shown then).
struct SlackNames {
    std::function<QString(const QString& userId)> user;
    std::function<QString(const QString& channelId)> channel;
};

//! A message text rendered for the reader.
struct SlackRendered {
    QString html; //!< safe HTML: only p, br, b, i, s, code, pre, blockquote, span and http(s)/mailto links
    QString text; //!< plain text: markup removed, links as "label (url)", mentions as @Name
};

//! Renders Slack's mrkdwn (api.slack.com/reference/surfaces/formatting): links <url|text>,
//! user <@U..> and channel <#C..|name> mentions, <!here>-style specials, :emoji: shortcodes
//! (SlackEmoji's table), ```code blocks```, `inline code`, > quotes, *bold*, _italic_ and
//! ~strike~. Slack sends &, < and > of user text as entities; they are decoded once and every
//! piece of user text is escaped again for the HTML, so no markup of the sender survives.
//! Pure: no network, no state.
SlackRendered renderMrkdwn(const QString& mrkdwn, const SlackNames& names = {});

} // namespace tributary::slack
