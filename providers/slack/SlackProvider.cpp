#include "slack/SlackProvider.h"

#include "auth/AccountCredentials.h"
#include "model/Ids.h"
#include "net/RequestScheduler.h"
#include "net/SystemClock.h"
#include "provider/SecretSource.h"
#include "slack/SlackApi.h"
#include "slack/SlackLogging.h"
#include "slack/SlackOAuth.h"
#include "slack/SlackProviderSupport.h"
#include "slack/SlackSocketMode.h"
#include "util/Futures.h"
#include "util/ReadyFuture.h"

#include <QJsonArray>
#include <algorithm>

namespace tributary {

using namespace slack;
using namespace std::chrono_literals;

using slack::detail::newestFirst;
using slack::detail::objects;
using slack::detail::str;

SlackProvider::SlackProvider(const Account& account, const ProviderContext& context, QObject* parent,
                             std::shared_ptr<Clock> clock, QNetworkAccessManager* nam)
    : Provider(account, parent)
    , m_context(context)
    , m_settings(SlackSettings::fromAccount(account))
    , m_clock(clock ? std::move(clock) : SystemClock::shared()) {
    const QUrl base = m_settings.ok() ? m_settings.value().apiBaseUrl : SlackSettings::defaultApiBaseUrl();
    m_api = new SlackApi(base, m_clock, nam, this);
    if (m_settings.ok())
        m_api->setTransferTimeout(m_settings.value().requestTimeoutSeconds * 1000);
    // With the app's client id the account signed in with "Sign in with Slack", whose
    // tokens rotate when the app has token rotation on (oauth.v2.access, refresh_token).
    std::optional<OAuthConfig> oauth;
    if (m_settings.ok() && !m_settings.value().clientId.isEmpty()) {
        if (Result<OAuthConfig> config = SlackOAuth::oauthConfig(account.settings); config.ok())
            oauth = config.value();
    }
    m_credentials = new AccountCredentials(account.id, account.displayName, SecretKind::AccessToken,
                                           std::move(oauth), context.secrets, nullptr, m_clock, this);
    m_api->setCredentials(m_credentials);
    connect(m_api, &SlackApi::authFailed, this, &SlackProvider::onAuthFailed);
    m_pollTimer.setSingleShot(false);
    connect(&m_pollTimer, &QTimer::timeout, this, &SlackProvider::poll);
}

SlackProvider::~SlackProvider() {
    unsubscribe();
}

Capabilities SlackProvider::capabilities() const {
    return Capability::ChatChannels | Capability::SendNew | Capability::Reply | Capability::ThreadReply |
           Capability::Flags | Capability::Delete | Capability::Push | Capability::EditOwnMessages |
           Capability::Reactions | Capability::IncrementalSync | Capability::ServerSearch |
           Capability::MarkChannelRead;
}

QNetworkAccessManager* SlackProvider::networkAccessManager() const {
    return m_api->networkAccessManager();
}

RequestScheduler* SlackProvider::scheduler() const {
    return m_api->scheduler();
}

bool SlackProvider::isSocketModeConnected() const {
    return m_socketMode && m_socketMode->isConnected();
}

std::chrono::milliseconds SlackProvider::pollIntervalFor(int channels) {
    // conversations.history is Tier 3 (50 a minute); polling takes at most half of it so
    // opening channels and paging keep room.
    const int perMinute = slackRateLimit(SlackTier::Tier3).calls / 2;
    const std::chrono::milliseconds interval(60000LL * std::max(1, channels) / std::max(1, perMinute));
    return std::max<std::chrono::milliseconds>(interval, 10s);
}

// --- plumbing ---------------------------------------------------------------------------

QFuture<Result<QJsonObject>> SlackProvider::call(const SlackCall& c) {
    return andThen<QJsonObject, void>(ensureToken(), this, [this, c] { return m_api->call(c); });
}

QFuture<Result<void>> SlackProvider::ensureToken() {
    if (!m_settings.ok())
        return readyResult<void>(m_settings.error());
    // Reads (and, near its expiry, refreshes) the token once before the first call, so
    // calls that start together do not each find it missing.
    auto promise = makePromise<void>();
    QFuture<Result<void>> out = promise->future();
    m_credentials->current().then(this, [this, promise](const Result<Credential>& token) {
        if (!token.ok()) {
            if (token.error().kind == ErrorKind::Auth)
                setStatus({ConnectionState::NeedsSignIn, token.error().message});
            finishPromise(promise, Result<void>(token.error()));
            return;
        }
        finishPromise(promise, Result<void>(Done{}));
    });
    return out;
}

QFuture<Result<void>> SlackProvider::ensureReady() {
    if (m_ready)
        return readyResult<void>(Done{});
    // Every caller gets a future of its own: a QFuture takes one continuation, so callers
    // sharing one would replace each other's and all but the last would wait forever.
    auto waiter = makePromise<void>();
    QFuture<Result<void>> out = waiter->future();
    const bool started = !m_readyWaiters.empty();
    m_readyWaiters.push_back(waiter);
    if (started)
        return out;
    SlackCall auth;
    auth.method = QStringLiteral("auth.test");
    auth.options.label = tr("Signing in to Slack");
    andThen<QJsonObject, QJsonObject>(call(auth), this, [this](const QJsonObject& me) {
        m_directory.setSelf(str(me, "user_id"));
        m_teamUrl = str(me, "url");
        SlackCall users;
        users.method = QStringLiteral("users.list");
        users.arg(QStringLiteral("limit"), QStringLiteral("200"));
        users.options.label = tr("Loading Slack members");
        return andThen<QJsonObject, QJsonArray>(collectPages(users, QStringLiteral("members"), 50), this,
                                                [this](const QJsonArray& members) {
                                                    m_directory.addUsers(members);
                                                    reportSelf();
                                                    return readyResult<QJsonObject>(QJsonObject{});
                                                });
    }).then(this, [this](const Result<QJsonObject>& r) {
        if (r.ok())
            m_ready = true;
        std::vector<std::shared_ptr<QPromise<Result<void>>>> waiters = std::move(m_readyWaiters);
        m_readyWaiters.clear();
        for (const auto& waiting : waiters)
            finishPromise(waiting, r.ok() ? Result<void>(Done{}) : Result<void>(r.error()));
    });
    return out;
}

QFuture<Result<QJsonArray>> SlackProvider::collectPages(const SlackCall& first, const QString& key,
                                                        int maxPages) {
    auto promise = makePromise<QJsonArray>();
    QFuture<Result<QJsonArray>> out = promise->future();
    auto collected = std::make_shared<QJsonArray>();
    auto step = std::make_shared<std::function<void(QString, int)>>();
    // The function holds itself only through a weak reference, so the chain ends freely.
    std::weak_ptr<std::function<void(QString, int)>> weakStep = step;
    *step = [this, first, key, maxPages, promise, collected, weakStep](const QString& cursor, int page) {
        SlackCall c = first;
        if (!cursor.isEmpty())
            c.arg(QStringLiteral("cursor"), cursor);
        auto keep = weakStep.lock();
        call(c).then(this, [promise, collected, key, page, maxPages, keep](const Result<QJsonObject>& r) {
            if (!r.ok()) {
                finishPromise(promise, Result<QJsonArray>(r.error()));
                return;
            }
            for (const QJsonValue& v : r.value().value(key).toArray())
                collected->append(v);
            const QString next = r.value()
                                     .value(QStringLiteral("response_metadata"))
                                     .toObject()
                                     .value(QStringLiteral("next_cursor"))
                                     .toString();
            if (next.isEmpty() || page + 1 >= maxPages || !keep) {
                finishPromise(promise, Result<QJsonArray>(*collected));
                return;
            }
            (*keep)(next, page + 1);
        });
    };
    (*step)(QString(), 0);
    return out;
}

QFuture<Result<QString>> SlackProvider::refreshLastRead(const QString& channel) {
    SlackCall info;
    info.method = QStringLiteral("conversations.info");
    info.arg(QStringLiteral("channel"), channel);
    return andThen<QString, QJsonObject>(call(info), this, [this, channel](const QJsonObject& r) {
        const QJsonObject c = r.value(QStringLiteral("channel")).toObject();
        const QString lastRead = str(c, "last_read");
        if (!lastRead.isEmpty())
            m_lastRead.insert(channel, lastRead);
        return readyResult<QString>(lastRead);
    });
}

SlackMessageContext SlackProvider::messageContext(const QString& channel) const {
    SlackMessageContext mc;
    mc.accountId = account().id;
    mc.channel = channel;
    mc.lastRead = m_lastRead.value(channel);
    mc.directory = &m_directory;
    return mc;
}

Message SlackProvider::mapMessage(const QString& channel, const QJsonObject& raw, bool* edited) {
    const QString id = makeId(IdKind::Message, account().id, slackMessageNativeId(channel, str(raw, "ts")));
    const bool changed = remember(id, raw);
    if (edited)
        *edited = changed;
    return slackMessageFromJson(m_raw.value(id), messageContext(channel));
}

bool SlackProvider::remember(const QString& id, QJsonObject raw) {
    bool edited = false;
    const auto it = m_raw.constFind(id);
    if (it == m_raw.constEnd()) {
        m_rawOrder.append(id);
    } else {
        const QJsonObject& before = it.value();
        const bool textChanged =
            str(raw, "text") != str(before, "text") && str(raw, "subtype") != QLatin1String("tombstone");
        const QLatin1String noticed(kSlackNoticedEditKey);
        if (raw.contains(QStringLiteral("edited"))) {
            edited = textChanged;
        } else if (textChanged) {
            // History and replies carry no `edited` (as the description documents them): a new
            // text for a ts we know is how an edit shows there.
            raw.insert(noticed, slackTsOf(m_clock->wallNow()));
            edited = true;
        } else if (before.contains(QStringLiteral("edited"))) {
            raw.insert(QStringLiteral("edited"), before.value(QStringLiteral("edited")));
        } else if (before.contains(noticed)) {
            raw.insert(noticed, before.value(noticed));
        }
    }
    m_raw.insert(id, raw);
    while (m_rawOrder.size() > kRawCacheSize)
        m_raw.remove(m_rawOrder.takeFirst());
    return edited;
}

std::optional<QJsonObject> SlackProvider::remembered(const QString& id) const {
    const auto it = m_raw.constFind(id);
    if (it == m_raw.constEnd())
        return std::nullopt;
    return it.value();
}

QString SlackProvider::messageLink(const Message& message) const {
    QString channel;
    QString ts;
    if (m_teamUrl.isEmpty() || !splitSlackMessageNativeId(message.nativeId, &channel, &ts))
        return {};
    // Slack's permalink shape: the ts without its dot after "p"; a reply names its thread.
    QString link = m_teamUrl;
    if (!link.endsWith(QLatin1Char('/')))
        link += QLatin1Char('/');
    link += QStringLiteral("archives/%1/p%2").arg(channel, QString(ts).remove(QLatin1Char('.')));
    const QString threadTs = message.nativeThreadKey.section(QLatin1Char('/'), 1);
    if (!threadTs.isEmpty() && threadTs != ts)
        link += QStringLiteral("?thread_ts=%1&cid=%2").arg(threadTs, channel);
    return link;
}

QString SlackProvider::nativeChannel(const QString& channelId) const {
    if (channelId.startsWith(QLatin1String("v1:")))
        return nativeOf(channelId);
    return channelId;
}

void SlackProvider::onAuthFailed(const ProviderError& error) {
    m_ready = false;
    setStatus({ConnectionState::NeedsSignIn, error.message});
}

// --- the contract -------------------------------------------------------------------------

QFuture<Result<void>> SlackProvider::connectAccount() {
    setStatus({ConnectionState::Connecting, tr("Signing in to Slack")});
    SlackCall auth;
    auth.method = QStringLiteral("auth.test");
    auth.options.label = tr("Signing in to Slack");
    auth.options.maxAttempts = 2;
    return andThen<void, QJsonObject>(call(auth), this, [this](const QJsonObject& me) {
        const QString self = str(me, "user_id");
        m_directory.setSelf(self);
        m_teamUrl = str(me, "url");
        setStatus({ConnectionState::Online, str(me, "team")});
        if (!m_directory.user(self))
            setIdentities({Identity{self, str(me, "user"), true, {}, {}}}); // the handle, until users.info
        reportSelf();
        // The name and picture the user chose (users.info, Tier 4). Signing in does not depend
        // on it: without them the handle stands.
        SlackCall info;
        info.method = QStringLiteral("users.info");
        info.arg(QStringLiteral("user"), self);
        info.options.label = tr("Reading your Slack profile");
        return call(info).then(this, [this](const Result<QJsonObject>& profile) {
            if (profile.ok()) {
                m_directory.addUsers(QJsonArray{profile.value().value(QStringLiteral("user"))});
                reportSelf();
            } else {
                qCInfo(lcSlack) << "No profile for the signed-in user:" << profile.error().describe();
            }
            return Result<void>(Done{});
        });
    });
}

void SlackProvider::reportSelf() {
    const slack::SlackUser* me = m_directory.user(m_directory.self());
    if (!me)
        return;
    setIdentities({Identity{me->id, me->label(), true, me->avatarUrl, {}}});
}

QFuture<Result<QList<Channel>>> SlackProvider::listChannels() {
    return andThen<QList<Channel>, void>(ensureReady(), this, [this] {
        SlackCall list;
        list.method = QStringLiteral("conversations.list");
        list.arg(QStringLiteral("types"), QStringLiteral("public_channel,private_channel,mpim,im"))
            .arg(QStringLiteral("exclude_archived"), QStringLiteral("false"))
            .arg(QStringLiteral("limit"), QStringLiteral("200"));
        list.options.label = tr("Listing Slack conversations");
        return andThen<QList<Channel>, QJsonArray>(
            collectPages(list, QStringLiteral("channels"), 100), this,
            [this](const QJsonArray& conversations) {
                QList<QJsonObject> wanted;
                for (const QJsonValue& v : conversations) {
                    const QJsonObject c = v.toObject();
                    const bool direct = c.value(QStringLiteral("is_im")).toBool() ||
                                        c.value(QStringLiteral("is_mpim")).toBool();
                    if (!direct && !c.value(QStringLiteral("is_member")).toBool())
                        continue;
                    if (c.value(QStringLiteral("is_im")).toBool() &&
                        c.value(QStringLiteral("is_user_deleted")).toBool())
                        continue;
                    if (!direct)
                        m_directory.setChannelName(str(c, "id"), str(c, "name"));
                    wanted.append(c);
                }
                auto promise = makePromise<QList<Channel>>();
                QFuture<Result<QList<Channel>>> out = promise->future();
                auto channels = std::make_shared<QList<Channel>>();
                for (const QJsonObject& c : wanted)
                    channels->append(slackChannelFromJson(c, account().id, m_directory));
                if (channels->isEmpty()) {
                    finishPromise(promise, Result<QList<Channel>>(*channels));
                    return out;
                }
                // Unread counts: conversations.info per conversation (Tier 3, limited).
                auto pending = std::make_shared<int>(static_cast<int>(channels->size()));
                auto authError = std::make_shared<std::optional<ProviderError>>();
                for (qsizetype i = 0; i < channels->size(); ++i) {
                    const QString native = channels->at(i).nativeId;
                    SlackCall info;
                    info.method = QStringLiteral("conversations.info");
                    info.arg(QStringLiteral("channel"), native);
                    info.options.label = tr("Counting unread Slack messages");
                    call(info).then(this, [this, i, native, channels, pending, promise,
                                           authError](const Result<QJsonObject>& r) {
                        if (r.ok()) {
                            const QJsonObject c = r.value().value(QStringLiteral("channel")).toObject();
                            const QString lastRead = str(c, "last_read");
                            if (!lastRead.isEmpty())
                                m_lastRead.insert(native, lastRead);
                            if (c.value(QStringLiteral("unread_count_display")).isDouble())
                                (*channels)[i].unreadCount =
                                    c.value(QStringLiteral("unread_count_display")).toInt();
                        } else if (r.error().kind == ErrorKind::Auth) {
                            *authError = r.error();
                        }
                        if (--*pending == 0)
                            finishPromise(promise, *authError ? Result<QList<Channel>>(**authError)
                                                              : Result<QList<Channel>>(*channels));
                    });
                }
                return out;
            });
    });
}

QFuture<Result<Message>> SlackProvider::fetchBody(const QString& messageId) {
    QString channel;
    QString ts;
    if (accountOf(messageId) != account().id ||
        !splitSlackMessageNativeId(nativeOf(messageId), &channel, &ts))
        return failed<Message>(
            ProviderError::notFound(tr("No such Slack message."), QStringLiteral("bad_id")));
    const auto render = [this, channel](const QJsonObject& raw) {
        Message m = mapMessage(channel, raw);
        fillSlackBody(m, raw, m_directory);
        return m;
    };
    if (const std::optional<QJsonObject> raw = remembered(messageId))
        return readyResult<Message>(render(*raw));
    return andThen<Message, void>(ensureReady(), this, [this, channel, ts, render] {
        // A top-level message is in the history; a reply is found through its thread.
        SlackCall history;
        history.method = QStringLiteral("conversations.history");
        history.arg(QStringLiteral("channel"), channel)
            .arg(QStringLiteral("latest"), ts)
            .arg(QStringLiteral("inclusive"), QStringLiteral("true"))
            .arg(QStringLiteral("limit"), QStringLiteral("1"));
        return andThen<Message, QJsonObject>(
            call(history), this, [this, channel, ts, render](const QJsonObject& r) {
                for (const QJsonValue& v : r.value(QStringLiteral("messages")).toArray())
                    if (str(v.toObject(), "ts") == ts)
                        return readyResult<Message>(render(v.toObject()));
                SlackCall replies;
                replies.method = QStringLiteral("conversations.replies");
                replies.arg(QStringLiteral("channel"), channel).arg(QStringLiteral("ts"), ts);
                return andThen<Message, QJsonObject>(call(replies), this, [ts, render](const QJsonObject& t) {
                    for (const QJsonValue& v : t.value(QStringLiteral("messages")).toArray())
                        if (str(v.toObject(), "ts") == ts)
                            return readyResult<Message>(render(v.toObject()));
                    return readyResult<Message>(ProviderError::notFound(
                        tr("The Slack message no longer exists."), QStringLiteral("message_not_found")));
                });
            });
    });
}

QFuture<Result<void>> SlackProvider::setFlags(const QStringList& messageIds, MessageFlags add,
                                              MessageFlags remove) {
    const MessageFlags unsupported = (add | remove) & ~MessageFlags(MessageFlag::Read);
    if (unsupported)
        return failed<void>(ProviderError::unsupported(tr("flagging Slack messages")));
    if (!add.testFlag(MessageFlag::Read) && !remove.testFlag(MessageFlag::Read))
        return readyResult<void>(Done{});
    const bool markRead = add.testFlag(MessageFlag::Read);
    // Slack keeps one read position per conversation: read up to the newest message named,
    // or unread from just before the oldest one.
    QHash<QString, QString> marks;
    for (const QString& id : messageIds) {
        QString channel;
        QString ts;
        if (!splitSlackMessageNativeId(nativeOf(id), &channel, &ts))
            return failed<void>(
                ProviderError::notFound(tr("No such Slack message."), QStringLiteral("bad_id")));
        const auto it = marks.constFind(channel);
        if (it == marks.constEnd() || (markRead ? compareSlackTs(ts, *it) > 0 : compareSlackTs(ts, *it) < 0))
            marks.insert(channel, ts);
    }
    if (marks.isEmpty())
        return readyResult<void>(Done{});
    auto promise = makePromise<void>();
    QFuture<Result<void>> out = promise->future();
    auto pending = std::make_shared<int>(static_cast<int>(marks.size()));
    auto failure = std::make_shared<std::optional<ProviderError>>();
    for (auto it = marks.constBegin(); it != marks.constEnd(); ++it) {
        const QString channel = it.key();
        const QString ts = markRead ? it.value() : slackTsBefore(it.value());
        SlackCall mark;
        mark.method = QStringLiteral("conversations.mark");
        mark.verb = SlackVerb::Post;
        mark.arg(QStringLiteral("channel"), channel).arg(QStringLiteral("ts"), ts);
        mark.options.label =
            markRead ? tr("Marking Slack messages read") : tr("Marking Slack messages unread");
        call(mark).then(
            this, [this, channel, ts, markRead, pending, failure, promise](const Result<QJsonObject>& r) {
                if (r.ok()) {
                    if (!markRead || compareSlackTs(ts, m_lastRead.value(channel)) > 0)
                        m_lastRead.insert(channel, ts);
                } else {
                    *failure = r.error();
                }
                if (--*pending == 0)
                    finishPromise(promise, *failure ? Result<void>(**failure) : Result<void>(Done{}));
            });
    }
    return out;
}

QFuture<Result<void>> SlackProvider::remove(const QStringList& messageIds) {
    if (messageIds.isEmpty())
        return readyResult<void>(Done{});
    auto promise = makePromise<void>();
    QFuture<Result<void>> out = promise->future();
    auto pending = std::make_shared<int>(static_cast<int>(messageIds.size()));
    auto failure = std::make_shared<std::optional<ProviderError>>();
    for (const QString& id : messageIds) {
        QString channel;
        QString ts;
        if (!splitSlackMessageNativeId(nativeOf(id), &channel, &ts)) {
            *failure = ProviderError::notFound(tr("No such Slack message."), QStringLiteral("bad_id"));
            if (--*pending == 0)
                finishPromise(promise, Result<void>(**failure));
            continue;
        }
        SlackCall del;
        del.method = QStringLiteral("chat.delete");
        del.verb = SlackVerb::Post;
        del.arg(QStringLiteral("channel"), channel).arg(QStringLiteral("ts"), ts);
        del.options.label = tr("Deleting a Slack message");
        call(del).then(this, [this, id, pending, failure, promise](const Result<QJsonObject>& r) {
            if (r.ok() || r.error().kind == ErrorKind::NotFound) {
                m_raw.remove(id);
                m_rawOrder.removeOne(id);
            } else {
                *failure = r.error();
            }
            if (--*pending == 0)
                finishPromise(promise, *failure ? Result<void>(**failure) : Result<void>(Done{}));
        });
    }
    return out;
}

} // namespace tributary
