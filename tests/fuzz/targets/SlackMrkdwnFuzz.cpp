// slack_mrkdwn: message text in Slack's mrkdwn rendered for the reader, with user and channel
// names that are themselves hostile (markup in a display name). Property, on the HTML as a
// browser parses it: only p, br, b, i, s, code, pre, blockquote, span (mention/channel) and
// links whose href is http, https or mailto.

#include "FuzzSupport.h"
#include "FuzzTargets.h"
#include "MarkupCheck.h"
#include "slack/SlackMrkdwn.h"

namespace tributary::fuzz {

void slack_mrkdwn(const uint8_t* data, size_t size) {
    slack::SlackNames names;
    names.user = [](const QString& id) {
        return id.startsWith(QLatin1Char('U')) ? QStringLiteral("<img src=x onerror=alert(1)>") + id
                                               : QString();
    };
    names.channel = [](const QString& id) {
        return id.startsWith(QLatin1Char('C')) ? QStringLiteral("<a href=\"javascript:x\">") + id : QString();
    };
    const slack::SlackRendered rendered = slack::renderMrkdwn(QString::fromUtf8(bytesOf(data, size)), names);
    const QString problem = mrkdwnHtmlProblem(rendered.html);
    TRIBUTARY_FUZZ_CHECK(problem.isEmpty(),
                         problem + QLatin1String("\n  in: ") + excerpt(rendered.html, 2000));
}

} // namespace tributary::fuzz
