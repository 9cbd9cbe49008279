// Push: Socket Mode when an app-level token is stored, else polling within Tier 3.

#include "model/Ids.h"
#include "provider/SecretSource.h"
#include "slack/SlackApi.h"
#include "slack/SlackEvents.h"
#include "slack/SlackLogging.h"
#include "slack/SlackProvider.h"
#include "slack/SlackProviderSupport.h"
#include "slack/SlackSocketMode.h"
#include "util/Futures.h"
#include "util/ReadyFuture.h"

#include <algorithm>

namespace tributary {

using namespace slack;
using slack::detail::newestFirst;
using slack::detail::str;

Result<void> SlackProvider::subscribe(const QStringList& channelIds) {
    if (!m_settings.ok())
        return m_settings.error();
    m_pollChannels.clear();
    for (const QString& id : channelIds)
        m_pollChannels << nativeChannel(id);
    if (m_subscribed) {
        // Already live: Socket Mode covers every conversation; polling picks the new list up.
        if (m_pollTimer.isActive())
            startPolling();
        return Done{};
    }
    m_subscribed = true;
    const quint64 subscription = ++m_subscription;
    if (!m_context.secrets) {
        startPolling();
        return Done{};
    }
    m_context.secrets->readSecret(account().id, SecretKind::AppToken)
        .then(this, [this, subscription](const Result<QByteArray>& token) {
            if (!m_subscribed || subscription != m_subscription)
                return;
            if (token.ok() && !token.value().trimmed().isEmpty())
                startSocketMode(token.value().trimmed());
            else
                startPolling();
        });
    return Done{};
}

void SlackProvider::unsubscribe() {
    m_subscribed = false;
    ++m_subscription;
    m_pollTimer.stop();
    if (m_socketMode) {
        m_socketMode->stop();
        m_socketMode->deleteLater();
        m_socketMode = nullptr;
    }
}

void SlackProvider::startSocketMode(const QByteArray& appToken) {
    m_socketMode = new SlackSocketMode(m_api, m_settings.value().socketModeApiBaseUrl, appToken,
                                       m_context.liveness, this);
    connect(m_socketMode, &SlackSocketMode::eventCallback, this, &SlackProvider::onEventPayload);
    connect(m_socketMode, &SlackSocketMode::connected, this, [this] {
        // Online after Offline is what makes the sync ask syncChanges for the gap.
        setStatus({ConnectionState::Online, tr("Live (Slack Socket Mode)")});
        Q_EMIT socketModeConnectedChanged(true);
    });
    connect(m_socketMode, &SlackSocketMode::disconnected, this,
            [this] { Q_EMIT socketModeConnectedChanged(false); });
    connect(m_socketMode, &SlackSocketMode::reconnecting, this,
            [this](const QString& reason, const QDateTime& nextAttempt) {
                ConnectionStatus s{ConnectionState::Offline, reason};
                s.nextAttempt = nextAttempt;
                setStatus(s);
            });
    connect(m_socketMode, &SlackSocketMode::fatalError, this, [this](const ProviderError& error) {
        qCWarning(lcSlack) << "Socket Mode unavailable, polling instead:" << error.code;
        if (m_socketMode)
            m_socketMode->deleteLater();
        m_socketMode = nullptr;
        if (m_subscribed)
            startPolling();
    });
    // Names for the events' authors and mentions first; Socket Mode needs no user token, so it
    // starts even if the user token is refused (that shows as NeedsSignIn on its own).
    const QPointer<SlackSocketMode> socketMode = m_socketMode;
    ensureReady().then(this, [socketMode](const Result<void>&) {
        if (socketMode)
            socketMode->start();
    });
}

void SlackProvider::onEventPayload(const QJsonObject& payload) {
    SlackEventContext context;
    context.accountId = account().id;
    context.directory = &m_directory;
    // A live message from someone else is unread unless the read position is past it.
    context.lastRead = [this](const QString& channel) {
        return m_lastRead.value(channel, QStringLiteral("0000000000.000000"));
    };
    const SlackMappedEvents mapped = slackEventsFromPayload(payload, context);
    for (const auto& [id, raw] : mapped.messages)
        remember(id, raw);
    for (const Event& e : mapped.events)
        if (e.kind == EventKind::Deleted)
            for (const QString& id : e.messageIds) {
                m_raw.remove(id);
                m_rawOrder.removeOne(id);
            }
    if (!mapped.events.isEmpty())
        Q_EMIT eventsArrived(mapped.events);
}

void SlackProvider::startPolling() {
    if (!m_subscribed)
        return;
    const std::chrono::milliseconds interval =
        m_settings.value().pollIntervalSeconds > 0
            ? std::chrono::milliseconds(m_settings.value().pollIntervalSeconds * 1000LL)
            : pollIntervalFor(static_cast<int>(m_pollChannels.size()));
    m_pollTimer.start(interval);
    m_pollFailing = false;
    setStatus({ConnectionState::Online, tr("Checking Slack every %1 s").arg(interval.count() / 1000)});
    poll();
}

void SlackProvider::poll() {
    if (!m_subscribed)
        return;
    for (const QString& channel : std::as_const(m_pollChannels)) {
        const QString since = m_pollLatest.value(channel);
        RequestOptions options;
        options.label = tr("Checking Slack for new messages");
        options.maxAttempts = 1; // the next poll is the retry
        const quint64 subscription = m_subscription;
        // The newest messages, never an `oldest` range (an empty one breaks the description's
        // minItems 1); paged back while all are new. The first poll learns where it stands.
        andThen<HistorySlice, void>(ensureReady(), this, [this, channel, since, options] {
            // A poll that takes longer than a probe may is a dead peer (LivenessOptions).
            return newestDownTo(channel, since, kPollPageSize, since.isEmpty() ? 1 : kPollMaxPages, options,
                                int(m_context.liveness.probeTimeout.count()));
        }).then(this, [this, channel, since, subscription](const Result<HistorySlice>& r) {
            if (!m_subscribed || subscription != m_subscription)
                return;
            onPollAnswered(r.ok() ? std::optional<ProviderError>() : std::optional<ProviderError>(r.error()));
            if (!r.ok())
                return;
            QList<Message> added;
            QList<QJsonObject> older;
            QString newest = since;
            for (const QJsonObject& raw : r.value().messages) {
                const QString ts = str(raw, "ts");
                if (compareSlackTs(ts, newest) > 0)
                    newest = ts;
                if (since.isEmpty() || compareSlackTs(ts, since) <= 0) {
                    older.append(raw);
                    continue;
                }
                // New since the last poll: someone else's is unread unless read elsewhere.
                SlackMessageContext context = messageContext(channel);
                if (context.lastRead.isEmpty())
                    context.lastRead = QStringLiteral("0000000000.000000");
                const QString id = makeId(IdKind::Message, account().id, slackMessageNativeId(channel, ts));
                remember(id, raw);
                added.append(slackMessageFromJson(raw, context));
            }
            if (newest.isEmpty())
                newest = QStringLiteral("0000000000.000000");
            m_pollLatest.insert(channel, newest);
            emitMessages(EventKind::Updated, channel, noticeEdits(channel, older));
            std::stable_sort(added.begin(), added.end(), newestFirst);
            emitMessages(EventKind::Created, channel, added);
        });
    }
}

void SlackProvider::onPollAnswered(const std::optional<ProviderError>& error) {
    // A poll that fails for want of a network is a push connection that lost its peer: the
    // next poll is the next try. One that works again after that is "back online", which
    // makes the sync ask syncChanges for anything the polls missed.
    if (!error) {
        if (m_pollFailing) {
            m_pollFailing = false;
            setStatus({ConnectionState::Online,
                       tr("Checking Slack every %1 s").arg(m_pollTimer.interval() / 1000)});
        }
        return;
    }
    if (error->kind != ErrorKind::Network && error->kind != ErrorKind::RateLimited)
        return; // the account's own calls report refusals
    m_pollFailing = true;
    ConnectionStatus s{ConnectionState::Offline, error->message};
    s.nextAttempt = m_clock->wallNow().addMSecs(m_pollTimer.remainingTime());
    setStatus(s);
}

} // namespace tributary
