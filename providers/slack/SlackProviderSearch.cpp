// Slack's server search (search.messages) for the unified search.

#include "model/Ids.h"
#include "slack/SlackApi.h"
#include "slack/SlackProvider.h"
#include "slack/SlackProviderSupport.h"
#include "util/Futures.h"
#include "util/ReadyFuture.h"

#include <QJsonArray>
#include <QSet>
#include <QUrlQuery>
#include <algorithm>

namespace tributary {

using namespace slack;
using slack::detail::newestFirst;
using slack::detail::str;

namespace {

//! A match of search.messages as the message object history would give: the channel is an
//! object there, and a reply names its thread only in its permalink (?thread_ts=...).
QJsonObject messageOfMatch(QJsonObject match) {
    match.remove(QStringLiteral("channel"));
    const QUrl permalink(str(match, "permalink"));
    const QString threadTs = QUrlQuery(permalink).queryItemValue(QStringLiteral("thread_ts"));
    if (!threadTs.isEmpty() && !match.contains(QStringLiteral("thread_ts")))
        match.insert(QStringLiteral("thread_ts"), threadTs);
    return match;
}

} // namespace

QFuture<Result<QList<Message>>> SlackProvider::search(const SearchQuery& query) {
    const QString text = query.text.simplified();
    if (text.isEmpty())
        return readyResult<QList<Message>>(
            ProviderError::invalid(tr("Type something to search for."), QStringLiteral("no_query")));
    const int limit = std::clamp(query.limit, 1, kSearchMaxPages * kSearchPageSize);
    // Slack's syntax narrows a query to one conversation ("in:<#C123>"); several are asked
    // one after the other. Everything else in the text is the user's own Slack syntax.
    QStringList queries;
    for (const QString& channelId : query.channelIds)
        queries << text + QStringLiteral(" in:<#") + nativeChannel(channelId) + QLatin1Char('>');
    if (queries.isEmpty())
        queries << text;
    return andThen<QList<Message>, void>(ensureReady(), this, [this, queries, limit] {
        auto found = std::make_shared<QList<QJsonObject>>();
        QFuture<Result<void>> chain = readyResult<void>(Done{});
        for (const QString& q : queries)
            chain = andThen<void, void>(chain, this, [this, q, limit, found] {
                return andThen<void, QList<QJsonObject>>(searchPages(q, limit), this,
                                                         [found](const QList<QJsonObject>& matches) {
                                                             found->append(matches);
                                                             return readyResult<void>(Done{});
                                                         });
            });
        return andThen<QList<Message>, void>(chain, this, [this, found, limit] {
            QList<Message> messages;
            QSet<QString> seen;
            for (const QJsonObject& match : std::as_const(*found)) {
                const QString channel = str(match.value(QStringLiteral("channel")).toObject(), "id");
                const QJsonObject raw = messageOfMatch(match);
                const QString id =
                    makeId(IdKind::Message, account().id, slackMessageNativeId(channel, str(raw, "ts")));
                if (channel.isEmpty() || str(raw, "ts").isEmpty() || seen.contains(id))
                    continue;
                seen.insert(id);
                // What history brought is whole (files, reactions, thread); a match is not, so
                // it is mapped but not cached: opening it fetches the message itself.
                messages.append(slackMessageFromJson(remembered(id).value_or(raw), messageContext(channel)));
            }
            std::stable_sort(messages.begin(), messages.end(), newestFirst);
            if (messages.size() > limit)
                messages.resize(limit);
            return readyResult<QList<Message>>(messages);
        });
    });
}

QFuture<Result<QList<QJsonObject>>> SlackProvider::searchPages(const QString& query, int limit) {
    auto promise = makePromise<QList<QJsonObject>>();
    QFuture<Result<QList<QJsonObject>>> out = promise->future();
    auto collected = std::make_shared<QList<QJsonObject>>();
    auto step = std::make_shared<std::function<void(int)>>();
    // The function holds itself only through a weak reference, so the chain ends freely.
    std::weak_ptr<std::function<void(int)>> weakStep = step;
    const int perPage = std::min(limit, kSearchPageSize);
    *step = [this, query, limit, perPage, promise, collected, weakStep](int page) {
        SlackCall c;
        c.method = QStringLiteral("search.messages");
        c.arg(QStringLiteral("query"), query)
            .arg(QStringLiteral("count"), QString::number(perPage))
            .arg(QStringLiteral("page"), QString::number(page))
            .arg(QStringLiteral("sort"), QStringLiteral("timestamp"))
            .arg(QStringLiteral("sort_dir"), QStringLiteral("desc"));
        c.options.label = tr("Searching Slack");
        auto keep = weakStep.lock();
        call(c).then(this, [promise, collected, limit, page, keep](const Result<QJsonObject>& r) {
            if (!r.ok()) {
                finishPromise(promise, Result<QList<QJsonObject>>(r.error()));
                return;
            }
            const QJsonObject messages = r.value().value(QStringLiteral("messages")).toObject();
            for (const QJsonValue& v : messages.value(QStringLiteral("matches")).toArray())
                collected->append(v.toObject());
            // `pagination.page_count` in Slack's answers, `paging.pages` in older ones.
            int pages = messages.value(QStringLiteral("pagination"))
                            .toObject()
                            .value(QStringLiteral("page_count"))
                            .toInt();
            if (pages <= 0)
                pages = messages.value(QStringLiteral("paging"))
                            .toObject()
                            .value(QStringLiteral("pages"))
                            .toInt();
            if (collected->size() >= limit || page >= pages || page >= kSearchMaxPages || !keep) {
                finishPromise(promise, Result<QList<QJsonObject>>(*collected));
                return;
            }
            (*keep)(page + 1);
        });
    };
    (*step)(1);
    return out;
}

} // namespace tributary
