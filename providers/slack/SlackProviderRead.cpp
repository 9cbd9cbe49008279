// Reading a whole conversation: Slack keeps one read position per conversation, so marking a
// channel read is one conversations.mark at its newest message.

#include "model/Ids.h"
#include "slack/SlackApi.h"
#include "slack/SlackProvider.h"
#include "slack/SlackProviderSupport.h"
#include "util/Futures.h"
#include "util/ReadyFuture.h"

#include <QJsonArray>

namespace tributary {

using namespace slack;
using slack::detail::str;

QFuture<Result<void>> SlackProvider::markChannelRead(const QString& channelId) {
    const QString channel = nativeChannel(channelId);
    if (channel.isEmpty())
        return failed<void>(
            ProviderError::invalid(tr("Not a Slack conversation."), QStringLiteral("bad_id")));
    return andThen<void, void>(ensureReady(), this, [this, channel] {
        SlackCall history;
        history.method = QStringLiteral("conversations.history");
        history.arg(QStringLiteral("channel"), channel).arg(QStringLiteral("limit"), QStringLiteral("1"));
        history.options.label = tr("Marking a Slack conversation read");
        return andThen<void, QJsonObject>(call(history), this, [this, channel](const QJsonObject& r) {
            // Thread replies are not in the history: one newer than its newest message counts too.
            QString newest;
            for (auto it = m_raw.cbegin(); it != m_raw.cend(); ++it) {
                QString c;
                QString ts;
                if (splitSlackMessageNativeId(nativeOf(it.key()), &c, &ts) && c == channel &&
                    compareSlackTs(ts, newest) > 0)
                    newest = ts;
            }
            for (const QJsonValue& v : r.value(QStringLiteral("messages")).toArray()) {
                const QString ts = str(v.toObject(), "ts");
                if (compareSlackTs(ts, newest) > 0)
                    newest = ts;
            }
            if (newest.isEmpty())
                return readyResult<void>(Done{}); // nothing was ever said here
            SlackCall mark;
            mark.method = QStringLiteral("conversations.mark");
            mark.verb = SlackVerb::Post;
            mark.arg(QStringLiteral("channel"), channel).arg(QStringLiteral("ts"), newest);
            mark.options.label = tr("Marking a Slack conversation read");
            return andThen<void, QJsonObject>(call(mark), this, [this, channel, newest](const QJsonObject&) {
                if (compareSlackTs(newest, m_lastRead.value(channel)) > 0)
                    m_lastRead.insert(channel, newest);
                return readyResult<void>(Done{});
            });
        });
    });
}

} // namespace tributary
