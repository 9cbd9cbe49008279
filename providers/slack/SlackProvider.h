#pragma once

#include "net/RequestScheduler.h"
#include "provider/Provider.h"
#include "provider/ProviderRegistry.h"
#include "slack/SlackMapping.h"
#include "slack/SlackSettings.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QPromise>
#include <QSet>
#include <QTimer>
#include <chrono>
#include <memory>
#include <optional>
#include <vector>

class QNetworkAccessManager;

namespace tributary {

class AccountCredentials;
class Clock;

namespace slack {
class SlackApi;
class SlackSocketMode;
struct SlackCall;
} // namespace slack

//! Slack through its Web API (slack_web_inbox_subset.json) and Socket Mode. Lives on the GUI
//! thread; every call goes through SlackApi (scheduler + tier limits). The user token
//! (xoxp-, pasted or from OAuth) is read through SecretSource as SecretKind::AccessToken, the
//! optional app-level token (xapp-, Socket Mode) as SecretKind::AppToken. See README.md.
class SlackProvider : public Provider {
    Q_OBJECT
public:
    //! `clock` null = the system clock; `nam` null = the provider makes its own (not owned).
    SlackProvider(const Account& account, const ProviderContext& context, QObject* parent = nullptr,
                  std::shared_ptr<Clock> clock = nullptr, QNetworkAccessManager* nam = nullptr);
    ~SlackProvider() override;

    Capabilities capabilities() const override;
    //! auth.test: checks the token, learns the user and the workspace.
    QFuture<Result<void>> connectAccount() override;
    //! conversations.list (public, private, mpim, im; cursor paging) + users.list for names;
    //! unread counts from conversations.info. Public channels the user is not in are left out.
    QFuture<Result<QList<Channel>>> listChannels() override;
    //! conversations.history newest first, paged with `latest` = the oldest ts of the page
    //! before (cursor "v2:<ts>"; the description's history has no next_cursor); replies of the
    //! page's threads (conversations.replies, paged with `oldest`) come along, so a page is
    //! whole threads. A cursor of an older build fails with code "cursor_stale".
    QFuture<Result<MessagePage>> listMessages(const QString& channelId, const PageRequest& page) override;
    //! The message rendered from mrkdwn to safe HTML and plain text.
    QFuture<Result<Message>> fetchBody(const QString& messageId) override;
    //! chat.postMessage with client_msg_id = clientId; a retry first looks for that id in the
    //! conversation, so a message is never posted twice.
    QFuture<Result<SendReceipt>> send(const OutgoingMessage& message) override;
    //! Read / unread through conversations.mark (Slack keeps one read position per conversation).
    QFuture<Result<void>> setFlags(const QStringList& messageIds, MessageFlags add,
                                   MessageFlags remove) override;
    //! chat.delete (own messages only).
    QFuture<Result<void>> remove(const QStringList& messageIds) override;
    //! conversations.mark at the newest message of the conversation (asked with
    //! conversations.history, or a newer thread reply known here): everything read, loaded or not.
    QFuture<Result<void>> markChannelRead(const QString& channelId) override;
    //! New messages since the newest ts known: the newest page of conversations.history
    //! (never an `oldest` range, which may be empty), paged back with `latest` while every
    //! message on it is new; read changes of the known messages from conversations.info.
    //! Known messages whose text changed arrive as an EventKind::Updated (eventsArrived).
    QFuture<Result<ChannelChanges>> syncChanges(const QString& channelId, const QVariantMap& syncState,
                                                const QHash<QString, MessageFlags>& known) override;
    //! Socket Mode when an app-level token is stored, else polling of these channels (the
    //! newest messages of each, paged back while all are new; edits noticed by a changed text).
    Result<void> subscribe(const QStringList& channelIds) override;
    void unsubscribe() override;

    //! The message's web link (https://<team>.slack.com/archives/<channel>/p<ts>), once
    //! auth.test named the workspace's address.
    QString messageLink(const Message& message) const override;
    //! The workspace's people from users.list (not deleted ones, not the user), names as
    //! the transcript shows them.
    QList<Participant> mentionCandidates(const QString& channelId) const override;
    //! "<@U123>".
    QString mentionMarkup(const Participant& person) const override;

    // Server search (Capability::ServerSearch), in SlackProviderSearch.cpp.
    //! search.messages, newest first, paged (`page`, up to kSearchMaxPages pages of
    //! kSearchPageSize) until `limit` matches; one query per channel of `channelIds` (Slack's
    //! "in:<#C...>"). The text is passed as typed, so Slack's own syntax (from:, in:, quotes)
    //! works. Matches of messages already loaded keep what history told (files, reactions).
    QFuture<Result<QList<Message>>> search(const SearchQuery& query) override;

    // Slack-specific, outside the Provider contract.

    //! The whole thread of a message (parent first, then replies oldest first).
    QFuture<Result<QList<Message>>> listThread(const QString& messageId);
    //! chat.update of an own message (MessageFlag::FromMe).
    QFuture<Result<void>> editMessage(const QString& messageId, const QString& text) override;
    //! The network access manager every Web API call uses (tests attach a contract probe).
    QNetworkAccessManager* networkAccessManager() const;
    RequestScheduler* scheduler() const;
    bool isSocketModeConnected() const;
    //! The polling interval for `channels` conversations: at most half of Tier 3 (25
    //! conversations.history calls a minute), never more often than every 10 s.
    static std::chrono::milliseconds pollIntervalFor(int channels);

Q_SIGNALS:
    void socketModeConnectedChanged(bool connected);

private:
    QFuture<Result<void>> ensureReady();
    //! The settings are usable and a user token is at hand (refreshed if it was about to expire).
    QFuture<Result<void>> ensureToken();
    QFuture<Result<QJsonObject>> call(const slack::SlackCall& call);
    //! Every page of a cursor-paged method, the arrays under `key` concatenated.
    QFuture<Result<QJsonArray>> collectPages(const slack::SlackCall& call, const QString& key, int maxPages);
    QFuture<Result<QString>> refreshLastRead(const QString& channel);
    QFuture<Result<QList<QJsonObject>>> withReplies(const QString& channel, QList<QJsonObject> messages);
    //! A thread, parent first and replies oldest first: conversations.replies paged with
    //! `oldest` = the newest reply so far while has_more (the description has no next_cursor).
    QFuture<Result<QList<QJsonObject>>> collectThread(const QString& channel, const QString& threadTs,
                                                      int maxPages, const QString& label);
    //! The newest top-level messages of a conversation down to `since`: pages of `pageSize`
    //! without `oldest`, then `latest` = the oldest ts so far while every message is newer
    //! than `since` (empty `since`: one page). `transferTimeoutMs` bounds each call (0: the
    //! API's default).
    struct HistorySlice {
        QList<QJsonObject> messages; //!< newest first
        bool reachedSince = false;   //!< a message at or before `since` came (or the start)
    };
    QFuture<Result<HistorySlice>> newestDownTo(const QString& channel, const QString& since, int pageSize,
                                               int maxPages, const RequestOptions& options,
                                               int transferTimeoutMs = 0);
    //! The messages of `known` that a slice of the channel's history (newestDownTo) shows
    //! were deleted; forgets them.
    QStringList deletedSince(const QString& channel, const QList<QJsonObject>& slice,
                             const QHash<QString, MessageFlags>& known);
    //! The cached messages among `raws` whose text changed (an edit: history and replies
    //! carry no `edited`), now cached and mapped with the new text.
    QList<Message> noticeEdits(const QString& channel, const QList<QJsonObject>& raws);
    //! One event of `kind` for these messages of a channel (nothing when there are none).
    void emitMessages(EventKind kind, const QString& channel, const QList<Message>& messages);
    slack::SlackMessageContext messageContext(const QString& channel) const;
    //! Maps and remembers `raw`; `edited` says whether a known message's text changed.
    Message mapMessage(const QString& channel, const QJsonObject& raw, bool* edited = nullptr);
    //! Caches `raw` (bounded); true when it changes the text of a message already cached.
    //! Keeps an `edited` or noticed edit of the cached copy when the new one has none.
    bool remember(const QString& id, QJsonObject raw);
    std::optional<QJsonObject> remembered(const QString& id) const;
    QString nativeChannel(const QString& channelId) const;
    void onAuthFailed(const ProviderError& error);
    //! The signed-in user (auth.test) as the provider's identity, with the name and picture
    //! the directory has for them (users.info, users.list).
    void reportSelf();
    //! The newest ts known in a conversation (threadTs empty) or a thread, before a send.
    QString newestKnownTs(const QString& channel, const QString& threadTs) const;
    //! The message with this client_msg_id posted after `floor`, if any: a thread's replies
    //! or a channel's history, paged (kLookPageSize) until found, the floor or the end.
    //! Past kLookMaxPages without an answer: SendErrorCode::Uncertain.
    QFuture<Result<std::optional<QJsonObject>>> findPosted(const QString& channel, const QString& threadTs,
                                                           const QString& clientId, const QString& floor);
    void onEventPayload(const QJsonObject& payload);
    void startSocketMode(const QByteArray& appToken);
    void startPolling();
    void poll();
    void onPollAnswered(const std::optional<ProviderError>& error);
    //! The matches of one search.messages query, pages 1, 2 ... until `limit` or the last page.
    QFuture<Result<QList<QJsonObject>>> searchPages(const QString& query, int limit);

    ProviderContext m_context;
    Result<slack::SlackSettings> m_settings;
    std::shared_ptr<Clock> m_clock;
    slack::SlackApi* m_api = nullptr;
    AccountCredentials* m_credentials = nullptr;
    slack::SlackDirectory m_directory;
    bool m_ready = false;
    //! Callers waiting for auth.test and users.list (ensureReady) while they run.
    std::vector<std::shared_ptr<QPromise<Result<void>>>> m_readyWaiters;
    QHash<QString, QString> m_lastRead; //!< channel -> last_read ts
    QString m_teamUrl;                  //!< auth.test's url, for messageLink()
    //! Bounded in-memory cache of raw messages (bodies never reach the disk).
    QHash<QString, QJsonObject> m_raw;
    QStringList m_rawOrder;
    QHash<QString, SendReceipt> m_sent; //!< clientId -> receipt of a confirmed send
    QSet<QString> m_attempted;          //!< clientIds whose post may have reached Slack

    QPointer<slack::SlackSocketMode> m_socketMode;
    QTimer m_pollTimer;
    QStringList m_pollChannels;           //!< native ids
    QHash<QString, QString> m_pollLatest; //!< channel -> newest ts seen by polling
    bool m_pollFailing = false;           //!< the last poll found no network
    bool m_subscribed = false;
    quint64 m_subscription = 0;

    static constexpr int kRawCacheSize = 5000;
    static constexpr int kPollPageSize = 20;    //!< newest messages a poll asks for
    static constexpr int kPollMaxPages = 5;     //!< pages back while all are new
    static constexpr int kLookPageSize = 100;   //!< messages per page when looking for an earlier post
    static constexpr int kLookMaxPages = 20;    //!< pages looked through before giving up
    static constexpr int kSearchPageSize = 100; //!< search.messages' largest `count`
    static constexpr int kSearchMaxPages = 5;   //!< pages of one search (Tier 2: 20 calls a minute)
};

} // namespace tributary
